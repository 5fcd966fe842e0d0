/**
 * Runs `work` and answers no sooner than `floorMs` after it started, whatever `work` found: an answer that
 * must not tell whether an account exists must not tell it by its timing either. Waiting costs no CPU and
 * holds no connection; the floor only has to sit above the slower path's usual time.
 */
export async function withResponseFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = floorMs - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
