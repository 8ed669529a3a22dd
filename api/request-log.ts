// One log line per API request (pino-http on the product's logger, so its redaction applies),
// under a request id: the caller's x-request-id when it is short and plain, else a new UUID. The
// id is answered in x-request-id and in every error body, so a user's report leads to the line.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../observability/logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may be: it ends up in logs and answers, so nothing that could forge either. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming)
    ? incoming
    : randomUUID();
}

export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const id = requestIdOf(req.headers[REQUEST_ID_HEADER]);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
  });
}
