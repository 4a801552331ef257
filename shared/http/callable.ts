import type { HttpFunction, Request, Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { requireRole, type Caller, type Role } from '../auth';
import {
  AppError,
  callableHttpStatus,
  errorMapping,
  fromZod,
  failureSeverity,
  isServerFault,
  publicError,
  toAppError,
} from '../errors';
import { log, LogEvent, withLogContext } from '../log';
import type { RequestContext } from '../use-case';
import { checkPath, jsonBody } from './body';
import type { Edge } from './edge';
import { requestIdFrom, traceField } from './request';

export interface CallableContext<D> {
  data: D;
  caller: Caller;
  requestId: string;
  ctx: RequestContext;
}

export interface CallableSpec<DS extends z.ZodType, RS extends z.ZodType> {
  summary: string;
  /** Minimum role of the caller; every Pathwise callable needs a signed-in user. */
  role: Role;
  data: DS;
  result: RS;
  handler: (ctx: CallableContext<z.output<DS>>) => Promise<z.input<RS>>;
}

function sendCallableError(res: Response, error: AppError): void {
  const status = errorMapping[error.code].callable;
  const { message, details } = publicError(error);
  res.status(callableHttpStatus[status]).json({
    error: {
      status,
      message: isServerFault(error) ? status : message,
      ...(details.length > 0 ? { details: { fields: details } } : {}),
    },
  });
}

/**
 * Makes a functions-framework HTTP function speak the Firebase callable protocol, so the stock
 * Firebase JS SDK `httpsCallable` works against it: POST `{"data": …}` with the ID token in
 * `Authorization`; the answer is `{"result": …}` or `{"error": {status, message, details}}`.
 */
export function createCallable<DS extends z.ZodType, RS extends z.ZodType>(
  functionName: string,
  spec: CallableSpec<DS, RS>,
  edge: Edge,
): HttpFunction {
  // Callables refuse unknown keys as the REST routes do.
  const dataSchema = (spec.data instanceof z.ZodObject ? spec.data.strict() : spec.data) as DS;
  return (req: Request, res: Response) => {
    res.setHeader('Access-Control-Allow-Origin', req.get('origin') ?? '*');
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, Firebase-Instance-ID-Token, X-Firebase-AppCheck, X-Firebase-GMPID, X-Firebase-Client',
      );
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Max-Age', '3600');
      res.status(204).end();
      return;
    }
    const requestId = requestIdFrom(req.headers);
    const trace = traceField(edge.projectId, req.headers);
    return withLogContext({ requestId, trace, functionName }, async () => {
      try {
        if (req.method !== 'POST') {
          throw new AppError('invalid_argument', 'Callable functions accept only POST');
        }
        checkPath(req);
        const caller = await edge.authenticate(req.get('authorization'));
        requireRole(caller, spec.role);
        const envelope = await jsonBody(req);
        if (!envelope || Array.isArray(envelope) || !('data' in (envelope as object))) {
          throw new AppError('invalid_argument', 'Request body must have a data field', {
            details: [{ path: 'data', message: 'Required' }],
          });
        }
        const parsed = dataSchema.safeParse((envelope as { data: unknown }).data ?? {});
        if (!parsed.success) throw fromZod(parsed.error, 'data');
        const result = await spec.handler({
          data: parsed.data,
          caller,
          requestId,
          ctx: { requestId },
        });
        const checked = spec.result.safeParse(result);
        if (!checked.success) {
          throw new AppError('internal', `Result of ${functionName} broke its schema`, {
            cause: checked.error,
          });
        }
        res.status(200).json({ result: checked.data });
      } catch (caught) {
        const error = toAppError(caught);
        const severity = failureSeverity(error);
        if (severity !== 'INFO') {
          (severity === 'ERROR' ? log.error : log.warn)(LogEvent.requestFailed, error.message, {
            error: error.cause ?? error,
          });
        } else {
          log.info(LogEvent.requestRejected, error.message, { code: error.code });
        }
        sendCallableError(res, error);
      }
    });
  };
}
