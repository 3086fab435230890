import { StatesError } from './errors';

/** Standard executions keep at most 25,000 history events. https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html */
export const HISTORY_EVENT_LIMIT = 25_000;

/** Events that close an execution. */
const CLOSING_EVENTS = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

/** Detail fields that AWS sends as JSON text; kept as values here and serialised when history is read. */
const JSON_TEXT_FIELDS = new Set(['input', 'output', 'parameters']);

/** One event as the engine keeps it: details hold values, not JSON text, so recording costs no serialisation. */
export interface RecordedEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: string;
  readonly details?: Record<string, unknown>;
}

/** An event as GetExecutionHistory returns it (timestamps in epoch seconds, the AWS JSON protocol's form). */
export interface HistoryEventShape {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [detailsKey: string]: unknown;
}

/**
 * The execution's history, the source of truth for its status. Event ids count up for every execution
 * (error causes cite them: "entered at the event id #2"); whether events are kept depends on the type:
 * Express executions have no history API, so theirs are counted but not stored.
 */
export class History {
  readonly events: RecordedEvent[] = [];
  private lastId = 0;
  /** Durable mode: told of every kept event as it is added (the execution's append-only log). */
  onAdd?: (event: RecordedEvent) => void;

  constructor(
    private readonly now: () => number,
    private readonly keep: boolean,
    private readonly limit = HISTORY_EVENT_LIMIT,
  ) {}

  /** Appends an event and returns its id, the `previousEventId` of whatever follows it in the same frame. */
  add(type: string, previousEventId: number, details?: Record<string, unknown>): number {
    // The last slot is kept for the event that closes the execution, so a full history still ends with it.
    if (this.keep && this.lastId + 1 >= this.limit && !CLOSING_EVENTS.has(type)) {
      throw new StatesError('States.Runtime', `The execution reached the maximum number of history events (${this.limit}).`);
    }
    const id = ++this.lastId;
    if (this.keep) {
      const event: RecordedEvent = { id, previousEventId, timestamp: this.now(), type, details };
      this.events.push(event);
      this.onAdd?.(event);
    }
    return id;
  }

  /** Durable mode: the events of an execution rebuilt from its log, before it runs on (ids continue after them). */
  load(events: readonly RecordedEvent[]): void {
    this.events.push(...events);
    this.lastId = events.at(-1)?.id ?? this.lastId;
  }

  /** The previousEventId of a kept event (0 when events are not kept: the link is then never read). */
  linkOf(id: number): number {
    return this.events[id - 1]?.previousEventId ?? 0;
  }

  get size(): number {
    return this.lastId;
  }
}

/** The details key AWS uses for an event type: `PassStateEntered` → `stateEnteredEventDetails`. */
export function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.slice(0, 1).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** Converts a kept event to the API's shape, serialising input/output/parameters as AWS does. */
export function toHistoryEventShape(event: RecordedEvent): HistoryEventShape {
  const shape: HistoryEventShape = {
    timestamp: event.timestamp / 1000,
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  if (event.details) {
    const details: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(event.details)) {
      if (value === undefined) continue;
      if (JSON_TEXT_FIELDS.has(key)) {
        details[key] = JSON.stringify(value ?? null);
        if (key !== 'parameters') details[`${key}Details`] = { truncated: false };
      } else details[key] = value;
    }
    shape[detailsKey(event.type)] = details;
  }
  return shape;
}
