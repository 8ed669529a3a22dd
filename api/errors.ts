// API errors: a stable code, a message a person can act on, the field at fault, and the
// request's id (the one in its log line). Every caller mistake answers 4xx as
// { "error": { "code", "message", "field"?, "requestId" } }.
import type { ErrorRequestHandler } from 'express';
import { DomainError } from '../domain/errors';
import type { Logger } from '../observability/logger';
import { TransientGatewayError } from '../payments/gateway';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

const BODY_ERRORS: Record<string, ApiError> = {
  'entity.parse.failed': new ApiError(400, 'malformed_json', 'The request body is not valid JSON.'),
  'entity.too.large': new ApiError(413, 'body_too_large', 'The request body is too large.'),
  'charset.unsupported': new ApiError(
    415,
    'unsupported_charset',
    'Send JSON in UTF-8 (content-type: application/json; charset=utf-8).',
  ),
  'encoding.unsupported': new ApiError(
    415,
    'unsupported_content_encoding',
    'Send the body uncompressed, or compressed with gzip, deflate or br as content-encoding says.',
  ),
};

/**
 * What the body parsers refuse (http-errors with a 4xx status: a charset or content-encoding
 * they don't take, a body that doesn't inflate or parse, one too large) is the request's fault.
 */
function bodyErrorOf(error: unknown): ApiError | null {
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return null;
  return (
    BODY_ERRORS[String(type)] ??
    new ApiError(
      400,
      'unreadable_body',
      'The request body could not be read as its content-type and content-encoding say.',
    )
  );
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const answer = (status: number, body: { code: string; message: string; field?: string }) => {
      // A 503 is a part of the system away for now (Temporal, a workflow, Stripe): come back soon.
      if (status === 503) res.set('Retry-After', '5');
      // api/request-log.ts gives every request a string id.
      res.status(status).json({ error: { ...body, requestId: req.id as string } });
    };
    const known =
      error instanceof ApiError || error instanceof DomainError ? error : bodyErrorOf(error);
    if (known) {
      answer(known.status, {
        code: known.code,
        message: known.message,
        ...(known.field ? { field: known.field } : {}),
      });
      return;
    }
    if (error instanceof TransientGatewayError) {
      logger.warn({ err: error, requestId: req.id }, 'payment gateway unavailable');
      answer(503, {
        code: 'gateway_unavailable',
        message: 'The payment processor is unavailable; try again shortly.',
      });
      return;
    }
    logger.error({ err: error, requestId: req.id }, 'unhandled error');
    answer(500, { code: 'internal', message: 'Something went wrong on our side.' });
  };
}
