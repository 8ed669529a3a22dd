// Bounds a wait on another service: work that does not settle within its time is abandoned and
// counts as failed, so a slow dependency costs the caller seconds, never a hang.

/** `work()`'s result, or a rejection once `ms` have passed without one. */
export async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}
