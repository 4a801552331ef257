import type { ApiResponse } from '../../../helpers/api';
import { call } from '../../../helpers/api';
import { accounts, deliverUntilSettled, functionUrl, stackToken } from '../../../helpers/events';
import type { EventToDeliver } from '../../../helpers/events';

/**
 * One event function's duplicate-delivery scenario: fresh state with an event to deliver, a
 * later event for the same key (for out-of-order redelivery) and the state the function is
 * responsible for. `observe` leaves out ids and times, so the state one preparation reaches can
 * be compared with another's.
 */
export interface Prepared {
  deliver(): Promise<ApiResponse>;
  deliverLater(): Promise<ApiResponse>;
  observe(): Promise<unknown>;
}

export interface Scenario {
  prepare(): Promise<Prepared>;
}

/**
 * Delivers the same CloudEvent (same id, same message) each time, as a redelivery does; a
 * retryable refusal (503: the work is claimed by a concurrent delivery) is redelivered with
 * backoff as the platform would, so the answer is the one that settles the delivery.
 */
export function redeliver(functionName: string, event: EventToDeliver) {
  return () => deliverUntilSettled(functionName, event);
}

/** Dispatches the same task body each time, with the tasks invoker's token, as Cloud Tasks does. */
export function redispatch(functionName: string, body: object) {
  return async () =>
    call('POST', functionUrl(functionName), {
      token: await stackToken(functionName, { email: accounts.tasksInvoker() }),
      body,
    });
}

/**
 * `value` with each of `names`' keys (a learner's uid, an event id) replaced by its label, at any
 * depth, in keys and in values: two preparations then compare equal when only their ids differ.
 */
export function anonymised(value: unknown, names: Readonly<Record<string, string>>): unknown {
  let text = JSON.stringify(value) ?? 'null';
  for (const [name, label] of Object.entries(names)) text = text.split(name).join(label);
  return JSON.parse(text);
}
