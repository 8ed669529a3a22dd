// Bearer-key authentication and role checks. A request outside the caller's role gets 403; a
// resource outside its scope answers 404 at the route, so ids don't leak.
import type { RequestHandler, Request } from 'express';
import type { Database } from '../db/client';
import { principalForKey, type Principal, type Role } from '../access/api-keys';
import { ApiError } from './errors';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function authenticate(db: Database): RequestHandler {
  return (req, _res, next) => {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      next(
        new ApiError(401, 'unauthenticated', 'Send an API key as "Authorization: Bearer <key>".'),
      );
      return;
    }
    principalForKey(db, match[1])
      .then((principal) => {
        if (!principal)
          throw new ApiError(401, 'unauthenticated', 'The API key is unknown or revoked.');
        req.principal = principal;
        next();
      })
      .catch(next);
  };
}

export function principalOf(req: Request, ...roles: Role[]): Principal {
  const principal = req.principal;
  if (!principal) throw new ApiError(401, 'unauthenticated', 'Authentication required.');
  if (!roles.includes(principal.role)) {
    throw new ApiError(403, 'forbidden', `This endpoint needs a ${roles.join(' or ')} key.`);
  }
  return principal;
}
