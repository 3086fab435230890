/**
 * A fair (first come, first served) readers-writer lock. Transactions take it exclusively; every other DynamoDB request
 * takes it shared. That gives transactions AWS's isolation: "TransactWriteItems ... are serializable with respect to
 * other operations", and no single-item request sees a transaction half applied or lands between a transaction's write
 * and its rollback. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-isolation
 * Single-item requests still run side by side (dynalite locks per item), so the lock costs nothing until a transaction
 * arrives; a waiting transaction holds back later requests so it is never starved.
 */

/** Gives the lock back; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  readonly exclusive: boolean;
  readonly grant: () => void;
}

export class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly waiting: Waiter[] = [];

  /** Resolves once no exclusive holder runs or waits ahead of this request. */
  acquireShared(): Promise<Release> {
    return this.acquire(false);
  }

  /** Resolves once this is the only holder. */
  acquireExclusive(): Promise<Release> {
    return this.acquire(true);
  }

  /** Runs `work` while holding the lock exclusively. */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquireExclusive();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private acquire(exclusive: boolean): Promise<Release> {
    return new Promise((resolve) => {
      this.waiting.push({ exclusive, grant: () => resolve(this.releaser(exclusive)) });
      this.pump();
    });
  }

  private releaser(exclusive: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.writer = false;
      else this.readers -= 1;
      this.pump();
    };
  }

  /** Grants the queue's head while it is compatible with the current holders (a run of readers goes together). */
  private pump(): void {
    while (!this.writer) {
      const head = this.waiting[0];
      if (!head) return;
      if (head.exclusive && this.readers > 0) return;
      this.waiting.shift();
      if (head.exclusive) this.writer = true;
      else this.readers += 1;
      head.grant();
    }
  }
}
