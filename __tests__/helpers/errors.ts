/** Errors a call must throw: the one place the tests catch them. */

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** The error `fn` throws, which must be a `type`; a call that returns fails the test, saying `what` was accepted. */
export function thrownBy<E extends Error>(type: ErrorClass<E>, fn: () => unknown, what = 'the call'): E {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return err as E;
  }
  throw new Error(`${what} did not throw`);
}

/**
 * What `fn` returns, or the error it throws, which must be a `type` with a one-line message: the fuzz tests'
 * "whatever the input, nothing else escapes".
 */
export function returnedOrThrown<T, E extends Error>(type: ErrorClass<E>, fn: () => T): T | E {
  try {
    return fn();
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).not.toMatch(/\n/);
    return err as E;
  }
}
