/**
 * One harness per test file, started before the file's tests and stopped after them: a test file's header is
 * `const h = harnessPerFile(() => startProductsHarness('seed'));` and its tests use `h` as the harness itself.
 */
export function harnessPerFile<H extends { stop(): Promise<void> }>(start: () => Promise<H>): H {
  let current: H | undefined;
  beforeAll(async () => {
    current = await start();
  });
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as H, {
    get(_target, property) {
      if (!current)
        throw new Error(`the harness is not started yet (reading ${String(property)}): use it inside a test or a hook`);
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}
