import type { Clock } from '../../local/platform/clock';

interface PendingSleep {
  readonly due: number;
  readonly resolve: () => void;
}

/** Lets the promise callbacks queued so far run (engine continuations, integration code). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A clock the test drives: time stands still until `advance` moves it, so timeouts, heartbeats and backoffs are
 * asserted exactly and take no wall time. Every requested sleep is recorded in `sleeps` (milliseconds).
 * With `autoAdvance`, a sleep moves time forward at once and resolves (for Retry backoffs, where nothing else waits).
 */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  /** Time stands still between advances. */
  readonly rate = 0;
  private time: number;
  private pending: PendingSleep[] = [];

  constructor(private readonly options: { start?: number; autoAdvance?: boolean } = {}) {
    this.time = options.start ?? Date.UTC(2024, 0, 1);
  }

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.options.autoAdvance) {
      this.time += Math.max(0, ms);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry: PendingSleep = {
        due: this.time + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.pending = this.pending.filter((other) => other !== entry);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.push(entry);
    });
  };

  /** Sleeps not yet over (the ones an aborted signal cancelled are gone). */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, waking each sleep that falls due in order and letting its continuation run. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const due = this.pending.filter((entry) => entry.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      this.pending = this.pending.filter((entry) => entry !== due);
      this.time = due.due;
      due.resolve();
      await settle();
    }
    this.time = target;
    await settle();
  }
}
