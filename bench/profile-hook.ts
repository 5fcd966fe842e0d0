import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * Preloaded (`node --import tsx --import ./bench/profile-hook.ts …`) into every process of `pnpm bench --profile`:
 * SIGUSR2 starts V8's sampling CPU profiler (the inspector's Profiler domain, in this process's own session), the next
 * SIGUSR2 stops it and writes `<BENCH_PROFILE_DIR>/<BENCH_PROCESS_NAME>.pending.cpuprofile` (renamed into place, so
 * the load generator sees a complete file or none). Only the measured run is profiled: not startup, not the seed.
 */
const directory = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROCESS_NAME ?? `pid-${process.pid}`;
if (directory) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on('SIGUSR2', () => {
    if (!profiling) {
      profiling = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')),
      );
      return;
    }
    profiling = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) {
        process.stderr.write(`profile of ${name} failed: ${error.message}\n`);
        return;
      }
      const file = join(directory, `${name}.pending.cpuprofile`);
      writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
      renameSync(`${file}.tmp`, file);
    });
  });
}
