// Times every API request into the request-duration histogram, labelled with the route pattern
// that matched (`/v1/sellers/:sellerId/billing`), never the URL itself: ids would make a series
// per seller. A request no route matched is labelled `unmatched`.
import type { Request, RequestHandler } from 'express';
import { requestDuration } from '../observability/metrics';

export function requestMetrics(): RequestHandler {
  return (req, res, next) => {
    const stop = requestDuration.startTimer({ method: req.method });
    const pattern = rememberRoutePattern(req);
    res.once('finish', () => {
      stop({ route: pattern() ?? 'unmatched', status_code: String(res.statusCode) });
    });
    next();
  };
}

/**
 * Express gives `req.route` only the pattern within its router, and restores `req.baseUrl` when
 * an error leaves the router, so by the time the answer is sent the mount point may be gone. The
 * full pattern is therefore taken when the router sets the route, while its mount point holds.
 */
function rememberRoutePattern(req: Request): () => string | undefined {
  let full: string | undefined;
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value && typeof value.path === 'string') full = `${req.baseUrl}${value.path}`;
    },
  });
  return () => full;
}
