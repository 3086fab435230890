/**
 * Reads a Map Run's child inputs ahead of the children, up to a number of items, so the run knows how many items
 * there are (for the tolerated failure percentage and DescribeMapRun) well before the last child starts, while
 * holding at most that many items in memory however long the source is.
 */
export class ReadAhead<T> {
  /** Entries read and not yet taken: `buffer[head]` onwards (shift() on a long array costs its length each time). */
  private buffer: T[] = [];
  private head = 0;
  private bufferedItems = 0;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private closed = false;
  private wakeReader?: () => void;
  private wakeConsumer?: () => void;

  constructor(
    source: AsyncIterable<T>,
    private limit: number,
    /** How many items one entry holds (a batch holds several). */
    private readonly itemsIn: (entry: T) => number,
    /** Told of every entry as it is read. */
    onRead: (entry: T) => void,
  ) {
    void this.pump(source, onRead);
  }

  /**
   * Resolves once the read-ahead is full or the source has ended (or failed): a run waits for it before its first
   * child, so the first failures are judged against as many items as it will ever read ahead, not against the one or
   * two the first chunk held.
   */
  async filled(): Promise<void> {
    while (this.bufferedItems < this.limit && !this.ended && !this.closed) {
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  /** The next entry, undefined at the end; rejects with the source's failure. */
  async next(): Promise<T | undefined> {
    for (;;) {
      if (this.head < this.buffer.length) {
        const entry = this.buffer[this.head] as T;
        this.head += 1;
        if (this.head === this.buffer.length || this.head > 1024) this.compact();
        this.bufferedItems -= this.itemsIn(entry);
        this.wake('reader');
        return entry;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  private compact(): void {
    this.buffer = this.buffer.slice(this.head);
    this.head = 0;
  }

  /** Reads on without a limit: the run has stopped and the rest is only counted and recorded as PENDING. */
  unlimit(): void {
    this.limit = Infinity;
    this.wake('reader');
  }

  /** Stops reading (the source's iterator is returned). */
  close(): void {
    this.closed = true;
    this.wake('reader');
  }

  private async pump(source: AsyncIterable<T>, onRead: (entry: T) => void): Promise<void> {
    try {
      for await (const entry of source) {
        if (this.closed) break;
        this.buffer.push(entry);
        this.bufferedItems += this.itemsIn(entry);
        onRead(entry);
        this.wake('consumer');
        while (this.bufferedItems >= this.limit && !this.closed) await new Promise<void>((resolve) => (this.wakeReader = resolve));
      }
    } catch (error) {
      this.failure = { error };
    }
    this.ended = true;
    this.wake('consumer');
  }

  private wake(who: 'reader' | 'consumer'): void {
    const wake = who === 'reader' ? this.wakeReader : this.wakeConsumer;
    if (who === 'reader') this.wakeReader = undefined;
    else this.wakeConsumer = undefined;
    wake?.();
  }
}
