/**
 * Wraps a subgraph's write use cases so that `afterWrite` runs when each one ends, also when it throws. Subgraphs
 * pass "clear this request's loaders", so fields resolved after a mutation (or by a later mutation of the same
 * operation) read what was just written rather than what a loader cached before it.
 */
export function writesThen(afterWrite: () => void) {
  return <I, R>(useCase: (input: I) => Promise<R>) =>
    async (input: I): Promise<R> => {
      try {
        return await useCase(input);
      } finally {
        afterWrite();
      }
    };
}

/**
 * Binds a subgraph's write use cases to one request, each wrapped by `writesThen(afterWrite)`: `write(updateProfile)`
 * is `(input) => updateProfile(deps, caller, input)` and `writeWithoutCaller(createCategory)` is
 * `(input) => createCategory(deps, input)`.
 */
export function writesFor<Deps, Caller>(deps: Deps, caller: Caller, afterWrite: () => void) {
  const then = writesThen(afterWrite);
  return {
    write: <I, R>(useCase: (deps: Deps, caller: Caller, input: I) => Promise<R>) =>
      then((input: I) => useCase(deps, caller, input)),
    writeWithoutCaller: <I, R>(useCase: (deps: Deps, input: I) => Promise<R>) =>
      then((input: I) => useCase(deps, input)),
  };
}
