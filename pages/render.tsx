// Sends a page: the TSX tree rendered to HTML (preact-render-to-string escapes every value) with
// the pages' security headers.
import type { Response } from 'express';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { setSecurityHeaders, type ContentPolicy } from './security';

export function sendPage(
  res: Response,
  page: VNode,
  options: { status?: number; policy?: ContentPolicy } = {},
): void {
  setSecurityHeaders(res, options.policy);
  res
    .status(options.status ?? 200)
    .type('html')
    .send(`<!doctype html>${render(page)}`);
}
