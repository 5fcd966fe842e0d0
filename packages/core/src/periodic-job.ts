/** Background work a subgraph runs on a timer (sweepers, pollers, housekeeping). */
export interface PeriodicJob {
  /** Starts the timer; with `runAtStart`, also runs a pass at once (without waiting for it). */
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export interface PeriodicJobOptions {
  intervalMs: number;
  /** One pass; a pass that throws is handed to `onError` and the next one runs on time. */
  pass: () => Promise<void>;
  onError: (error: unknown) => void;
  /** Run a pass when started (a crashed predecessor's leftovers), not only after the first interval. Default true. */
  runAtStart?: boolean;
}

/**
 * Runs `pass` every `intervalMs`, never two passes of one process at once: a tick that finds a pass still running
 * is skipped, so a slow database or peer does not pile passes up. The timer never keeps a process alive on its own.
 * A subgraph's `start` returns the job's `stop`: `start: async (deps) => startJob(sweeperOf(deps))`.
 */
export function periodicJob({ intervalMs, pass, onError, runAtStart = true }: PeriodicJobOptions): PeriodicJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= pass()
      .catch(onError)
      .finally(() => (running = null));
  };
  return {
    start() {
      if (timer) return;
      if (runAtStart) tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

/** Starts `job` and returns its `stop`, as a subgraph's `start` hands it to the platform. */
export function startJob(job: PeriodicJob): () => Promise<void> {
  job.start();
  return () => job.stop();
}
