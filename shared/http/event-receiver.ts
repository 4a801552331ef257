import type { HttpFunction, Request, Response } from '@google-cloud/functions-framework';
import { AppError, failureSeverity, isServerFault, toAppError } from '../errors';
import { log, LogEvent, withLogContext } from '../log';
import { jsonBody } from './body';
import {
  cloudEventFrom,
  isStructured,
  STRUCTURED_MEDIA_TYPE,
  type ReceivedCloudEvent,
} from './cloudevent';
import type { Edge } from './edge';
import { reachedUrl, requestIdFrom, traceField } from './request';
import { failRequest, sendError } from './router';

/**
 * The HTTP edge of event functions (Pub/Sub and Cloud Storage triggers).
 *
 * Eventarc delivers each event as an HTTP POST carrying a binary-mode CloudEvent and an OIDC
 * token of the trigger's service account. functions-framework's `cloudEvent` signature would
 * parse the event but hide the request, and with it the token, so event functions are
 * registered with the `http` signature and this edge does both jobs in order:
 *
 * 1. verify the caller: no valid trigger-invoker token → 401/403 in the API's error shape, and the
 *    event is neither processed nor acknowledged. Eventarc and Pub/Sub count any answer outside
 *    2xx as a failed delivery and retry it, so a genuine event refused by a misconfiguration
 *    waits in its subscription until fixed instead of being lost; anyone else is simply refused;
 * 2. read the CloudEvent (binary or structured mode) and check it is the trigger's event type;
 * 3. process it and settle the delivery: done, or refused for good (a bad payload, a domain
 *    rejection: logged and acknowledged, since redelivering cannot help) → 204; a fault on our
 *    side (a bug, a dependency down) → 500, so the platform redelivers.
 */

/** Pub/Sub's largest message (10 MB) base64-encoded in its push envelope, with room to spare. */
export const EVENT_BODY_LIMIT = 16 * 1024 * 1024;

export interface EventReceiverSpec {
  name: string;
  /** The one CloudEvent type the function's trigger delivers. */
  eventType: string;
  /**
   * `ignored`: the function reads only the event's attributes, so the body (protobuf for
   * Firestore events) is neither parsed nor required to be JSON. Default `json`.
   */
  data?: 'json' | 'ignored';
  /** Processes one event; throws to refuse it (see `settle`). */
  process: (event: ReceivedCloudEvent) => Promise<void>;
}

/**
 * Settles an event delivery. Permanent failures (bad payloads, domain rejections) are logged
 * and acknowledged; anything else is rethrown so the platform redelivers.
 */
export async function settle(
  name: string,
  eventId: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (caught) {
    const error = toAppError(caught);
    if (!isServerFault(error)) {
      log.warn(LogEvent.eventIgnored, `Permanent failure, not retried: ${error.message}`, {
        event_id: eventId,
        code: error.code,
      });
      return;
    }
    (failureSeverity(error) === 'ERROR' ? log.error : log.warn)(
      LogEvent.eventFailed,
      `${name} failed; the event will be redelivered`,
      { event_id: eventId, error: caught },
    );
    throw caught;
  }
}

/** The event a verified caller sent, or undefined when it is not one (logged; acknowledged). */
async function readEvent(
  req: Request,
  eventType: string,
  data: 'json' | 'ignored',
): Promise<ReceivedCloudEvent | undefined> {
  let event: ReceivedCloudEvent;
  try {
    const body =
      data === 'json' || isStructured(req.headers)
        ? await jsonBody(req, EVENT_BODY_LIMIT, ['application/json', STRUCTURED_MEDIA_TYPE])
        : undefined;
    event = cloudEventFrom(req.headers, body);
  } catch (caught) {
    const error = toAppError(caught);
    log.warn(LogEvent.eventIgnored, `Not a readable CloudEvent; acknowledged: ${error.message}`, {
      code: error.code,
      details: error.details,
    });
    return undefined;
  }
  if (event.type !== eventType) {
    log.warn(LogEvent.eventIgnored, `Event type ${event.type} is not ${eventType}; acknowledged`, {
      event_id: event.id,
    });
    return undefined;
  }
  return event;
}

export function createEventReceiver(spec: EventReceiverSpec, edge: Edge): HttpFunction {
  return (req: Request, res: Response) => {
    const requestId = requestIdFrom(req.headers);
    const trace = traceField(edge.projectId, req.headers);
    res.setHeader('X-Request-Id', requestId);
    return withLogContext({ requestId, trace, functionName: spec.name }, async () => {
      let event: ReceivedCloudEvent | undefined;
      try {
        if (req.method !== 'POST') {
          res.setHeader('Allow', 'POST');
          throw new AppError(
            'method_not_allowed',
            `${req.method} is not allowed; events are POSTed`,
          );
        }
        await edge.verifyServiceCaller(
          {
            functionName: spec.name,
            authorization: req.get('authorization'),
            url: reachedUrl(req),
          },
          'trigger-invoker',
        );
        event = await readEvent(req, spec.eventType, spec.data ?? 'json');
      } catch (caught) {
        failRequest(req, res, caught, requestId);
        return;
      }
      try {
        const received = event;
        if (received) await settle(spec.name, received.id, () => spec.process(received));
        res.status(204).end();
      } catch (caught) {
        // `settle` logged the fault; the 500 (never its details) makes the platform redeliver.
        if (!res.headersSent) sendError(res, toAppError(caught), requestId);
      }
    });
  };
}
