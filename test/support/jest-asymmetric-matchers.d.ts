/// <reference types="jest" />
/**
 * @types/jest types the asymmetric matchers (`expect.any(String)`, `expect.stringContaining(…)`, …) as `any`, so
 * every `toEqual({ id: expect.any(String) })` is an unsafe-any assignment to ESLint. These overloads (merged ahead
 * of @types/jest's own) type them as what they are: matchers.
 */
declare namespace jest {
  interface Expect {
    any(classType: unknown): AsymmetricMatcher;
    anything(): AsymmetricMatcher;
    stringContaining(str: string): AsymmetricMatcher;
    stringMatching(str: string | RegExp): AsymmetricMatcher;
    objectContaining<E = object>(obj: E): AsymmetricMatcher;
    arrayContaining<E = unknown>(arr: readonly E[]): AsymmetricMatcher;
  }
}
