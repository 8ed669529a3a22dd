// Polls a check until it holds (for effects of other processes, such as a worker's activity). The
// cap only ends a test that would otherwise hang: it is generous, since a busy machine (CI, a CPU
// hog beside the suite) can take tens of seconds for a few workflow tasks and activities.
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
