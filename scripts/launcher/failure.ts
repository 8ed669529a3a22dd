// What `npm start` prints when it cannot go on: always a sentence a person can act on, whatever
// was thrown (some libraries reject with nothing at all).
export class LaunchError extends Error {
  override name = 'LaunchError';
}

/** The reason inside anything thrown, as text (never `undefined`). */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string' && error.trim() !== '') return error;
  if (error === undefined || error === null || error === '') return 'no reason was given';
  try {
    return JSON.stringify(error) ?? typeof error;
  } catch {
    return typeof error;
  }
}

/** Runs one step of the start, turning any failure into a LaunchError that names the step. */
export async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LaunchError) throw error;
    throw new LaunchError(`Could not ${what}: ${reasonOf(error)}`, { cause: error });
  }
}
