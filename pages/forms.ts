// A form's POST: its fields parsed (a bad one refused with the rule's code), its command run, and
// the browser redirected (POST-redirect-GET) to say what happened.
import type { Response } from 'express';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import { withNotice } from './notice';

export function parseForm<T extends z.ZodType>(schema: T, body: unknown, code: string): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new DomainError(400, code, 'Invalid form');
  return parsed.data;
}

/**
 * Runs a form's command and redirects: to `done` saying what happened, or back to the form with
 * the rule's code when a rule refused it. Anything else (not found, unavailable) is the page's.
 */
export async function command(
  res: Response,
  back: string,
  done: string,
  run: () => Promise<string>,
) {
  await redirectAfter(res, back, async () => withNotice(done, 'done', await run()));
}

/**
 * Runs a form's command and redirects where it says (Stripe's onboarding, say), or back to the
 * form with the rule's code when a rule refused it.
 */
export async function redirectAfter(res: Response, back: string, run: () => Promise<string>) {
  await answerAfter(res, back, async () => res.redirect(303, await run()));
}

/**
 * Runs a form's command, which answers the browser itself (a page shown once, say), or redirects
 * back to the form with the rule's code when a rule refused it.
 */
export async function answerAfter(res: Response, back: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError && (error.status === 400 || error.status === 409)) {
      res.redirect(303, withNotice(back, 'error', error.code));
      return;
    }
    throw error;
  }
}
