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
