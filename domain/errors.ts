// Errors the capability modules' commands and queries throw when a caller asks for something the
// rules refuse: a stable code, the status a caller's mistake deserves, and the field at fault. The
// API turns them into its error shape in one place (api/errors.ts).

/**
 * An input the domain cannot use, not found, refused by a rule, gone (expired or revoked), or a
 * part the answer needs (a billing workflow) unavailable for now.
 */
export type DomainErrorStatus = 400 | 404 | 409 | 410 | 503;

export class DomainError extends Error {
  constructor(
    readonly status: DomainErrorStatus,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFoundError = (what: string) =>
  new DomainError(404, 'not_found', `${what} not found`);
