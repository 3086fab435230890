/**
 * The runtime's one clock. The engine (Wait, Retry, timeouts, heartbeats, the context object's times, JSONata's
 * `$now()`/`$millis()`), SQS (visibility, delays, retention), SES timestamps, DynamoDB's idempotency window and the
 * Lambda workers' `Date` all read it, so that a test clock or `LOCAL_CLOCK_SPEED` moves all of them together and none
 * drifts from execution time.
 */

/** Time, injected so that everything that waits can run faster in tests. */
export interface Clock {
  /** Milliseconds since the epoch, as the execution sees it. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * How many milliseconds of this clock pass per wall-clock millisecond between reads: 1 for the wall clock, the speed
   * of an accelerated clock, 0 for a clock that moves only when a test moves it. Lambda workers extrapolate `Date`
   * from the last read with it. Default 1.
   */
  readonly rate?: number;
}

/** Wall-clock time. */
export const systemClock: Clock = { now: () => Date.now(), sleep: (ms, signal) => sleepFor(ms, signal) };

/**
 * A clock running `speed` times faster than the wall clock, so that a 24 h approval timeout or a
 * Retry backoff can be tested in seconds without touching the ASL. Time starts at the real now.
 */
/**
 * `origin`: the wall-clock instant from which the clock runs fast (default now). Durable mode keeps it in the state
 * directory, so the runtime's clock carries on across restarts instead of jumping back to the wall clock.
 */
export function acceleratedClock(speed: number, origin: number = Date.now()): Clock {
  if (!(speed > 0)) throw new Error(`Clock speed must be a positive number, got ${speed}`);
  return {
    rate: speed,
    now: () => origin + (Date.now() - origin) * speed,
    sleep: (ms, signal) => sleepFor(ms / speed, signal),
  };
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
