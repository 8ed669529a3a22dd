// API errors: a stable code, a message a person can act on, and the field at fault. Every
// caller mistake answers 4xx as { "error": { "code", "message", "field"? } }.
import type { ErrorRequestHandler } from 'express';
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

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof ApiError) {
      res.status(error.status).json({
        error: {
          code: error.code,
          message: error.message,
          ...(error.field ? { field: error.field } : {}),
        },
      });
      return;
    }
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.parse.failed') {
      res.status(400).json({
        error: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
      });
      return;
    }
    if (bodyError.type === 'entity.too.large') {
      res
        .status(413)
        .json({ error: { code: 'body_too_large', message: 'The request body is too large.' } });
      return;
    }
    if (error instanceof TransientGatewayError) {
      logger.warn({ err: error }, 'payment gateway unavailable');
      res.status(503).json({
        error: {
          code: 'gateway_unavailable',
          message: 'The payment processor is unavailable; try again shortly.',
        },
      });
      return;
    }
    logger.error({ err: error }, 'unhandled error');
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
  };
}
