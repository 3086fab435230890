/**
 * How many children of a Map Run may run at once. A limit, not a pool: UpdateMapRun may raise or lower it while the
 * run goes on. Raising it lets waiting children start at once; lowering it lets the running ones finish and starts no
 * new one until the count is under the new limit.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  get current(): number {
    return this.limit;
  }

  /** Resolves once a child may start; the caller must `release()` when it ends. Rejects when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.running < this.limit && this.waiting.length === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        this.running += 1;
        resolve();
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    this.running -= 1;
    this.admit();
  }

  setLimit(limit: number): void {
    this.limit = limit;
    this.admit();
  }

  private admit(): void {
    while (this.running < this.limit && this.waiting.length > 0) this.waiting.shift()?.();
  }
}
