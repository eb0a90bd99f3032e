/** The CLI's exit codes, as documented in `rpc-balancer --help` and the README. */
export const EXIT = Object.freeze({
  ok: 0,
  /** A `--fail-on` threshold held. */
  thresholdFailed: 1,
  /** Bad input: a flag, a pool file, a scenario. */
  badInput: 2,
  /** Ctrl-C: the partial result is written first. */
  interrupted: 130,
});

/** An error the CLI reports as bad input (exit 2) without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
