/**
 * Durable mode for SQS (`<state dir>/sqs/queues.jsonl`): queues, their attributes and tags, and every message with
 * its visibility (in flight or not, its receipt handle, its receive count), FIFO deduplication ids and sequence.
 *
 * One append-only log of changes, each a whole record (a queue, a message, a removal), so that replay is a series of
 * upserts. The changes of one API call are written together, with one write and one fdatasync, before the call is
 * answered (SqsService.call flushes): a message whose send was acknowledged is on disk. When the log has grown well
 * past what it describes, it is compacted: the live state is written to a temporary file, synced, and renamed over
 * the log, so a crash leaves either the old log or the new one.
 *
 * After a restart, as after an SQS broker restart, nothing a client could see changes: a message in flight stays
 * hidden until its visibility timeout ends on the runtime clock, then is received again; its receipt handle stays
 * valid until then. A torn last line (a kill during an append) is dropped with a warning; the call it belonged to was
 * never answered. See append-log.ts.
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { readAppendLog } from '../platform/append-log';
import { writeFileAtomically } from '../platform/state-dir';
import type { DeduplicationEntry, QueueContents, StoredMessage } from './queue';
import type { QueueJournal, SavedQueue } from './queue-registry';

type Change =
  | { readonly queue: SavedQueue }
  | { readonly deleteQueue: string }
  | { readonly message: StoredMessage; readonly in: string }
  | { readonly removed: string; readonly in: string }
  | { readonly purged: string }
  | { readonly deduplicationId: string; readonly entry: DeduplicationEntry; readonly in: string };

/** Compaction waits for at least this many lines, then for the log to be four times what it describes. */
const COMPACT_AFTER_LINES = 10_000;

export interface SavedQueueWithContents {
  readonly queue: SavedQueue;
  readonly contents: QueueContents;
}

export class DurableQueueLog implements QueueJournal {
  private pending: string[] = [];
  private lines = 0;

  constructor(
    private readonly file: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Replays the log: the queues as the last answered call left them. */
  load(): SavedQueueWithContents[] {
    const queues = new Map<string, { queue: SavedQueue; messages: Map<string, StoredMessage>; deduplication: Map<string, DeduplicationEntry>; last?: bigint }>();
    const changes = readAppendLog(this.file, this.log) as Change[];
    this.lines = changes.length;
    const sequenceSeen = (name: string, sequenceNumber: string | undefined) => {
      const queue = queues.get(name);
      if (!queue || sequenceNumber === undefined) return;
      const value = BigInt(sequenceNumber);
      if (queue.last === undefined || value > queue.last) queue.last = value;
    };
    for (const change of changes) {
      if ('queue' in change) {
        const existing = queues.get(change.queue.name);
        if (existing) existing.queue = change.queue;
        else queues.set(change.queue.name, { queue: change.queue, messages: new Map(), deduplication: new Map() });
      } else if ('deleteQueue' in change) {
        queues.delete(change.deleteQueue);
      } else if ('message' in change) {
        queues.get(change.in)?.messages.set(change.message.messageId, change.message);
        sequenceSeen(change.in, change.message.sequenceNumber);
      } else if ('removed' in change) {
        queues.get(change.in)?.messages.delete(change.removed);
      } else if ('purged' in change) {
        queues.get(change.purged)?.messages.clear();
      } else {
        queues.get(change.in)?.deduplication.set(change.deduplicationId, change.entry);
        sequenceSeen(change.in, change.entry.sequenceNumber);
      }
    }
    return [...queues.values()].map(({ queue, messages, deduplication, last }) => ({
      queue,
      contents: { messages: [...messages.values()], deduplication: [...deduplication], ...(last === undefined ? {} : { lastSequenceNumber: last.toString() }) },
    }));
  }

  queueSaved(queue: SavedQueue): void {
    this.record({ queue });
  }

  queueDeleted(name: string): void {
    this.record({ deleteQueue: name });
  }

  messageStored(queue: string, message: StoredMessage): void {
    this.record({ message, in: queue });
  }

  messageRemoved(queue: string, messageId: string): void {
    this.record({ removed: messageId, in: queue });
  }

  purged(queue: string): void {
    this.record({ purged: queue });
  }

  deduplicationRemembered(queue: string, deduplicationId: string, entry: DeduplicationEntry): void {
    this.record({ deduplicationId, entry, in: queue });
  }

  /**
   * Writes the changes recorded since the last flush, with one write and one fdatasync; compacts the log when it has
   * grown well past the live state `current()` gives.
   */
  flush(current: () => readonly SavedQueueWithContents[]): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.lines += this.pending.length;
    this.pending = [];
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, text);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (this.lines >= COMPACT_AFTER_LINES) this.compactIfWorthIt(current());
  }

  private compactIfWorthIt(saved: readonly SavedQueueWithContents[]): void {
    const live = saved.reduce((count, { contents }) => count + 1 + contents.messages.length + contents.deduplication.length, 0);
    if (this.lines < live * 4) return;
    const lines: Change[] = [];
    for (const { queue, contents } of saved) {
      lines.push({ queue });
      for (const [deduplicationId, entry] of contents.deduplication) lines.push({ deduplicationId, entry, in: queue.name });
      for (const message of contents.messages) lines.push({ message, in: queue.name });
    }
    writeFileAtomically(this.file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    this.lines = lines.length;
  }

  private record(change: Change): void {
    this.pending.push(`${JSON.stringify(change)}\n`);
  }
}
