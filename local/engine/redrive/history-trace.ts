/**
 * Rebuilds, from an execution's history alone, which frame (the execution, a Parallel branch, a Map iteration)
 * each state visit happened in, with its input, output and assigned variables. Redrive reads this projection to
 * know where each frame stopped (redrive-plan.ts); since it needs only the recorded events, an execution rebuilt
 * by replaying its history can be redriven the same way.
 *
 * The history carries no frame ids: frames follow from how events link (../history-links.ts states every rule).
 * An event belongs to the frame of the event it links to, except:
 * - a StateEntered that links to ParallelStateStarted or MapIterationStarted opens a branch or an iteration;
 * - events that close or restart a body (Parallel/MapState Started, Succeeded, Failed; MapRun*) and a StateExited
 *   link to the last event of the body (a branch's or iteration's), so they belong to the nearest enclosing frame
 *   whose open state they fit;
 * - MapIterationStarted/Succeeded/Failed name their Map and index; EvaluationFailed names its state.
 */
import type { RecordedEvent } from '../history';

export interface VisitTrace {
  readonly frame: FrameTrace;
  readonly name: string;
  /** The state's type, from its StateEntered event type. */
  readonly type: string;
  /** The raw input the state was entered with. */
  readonly input: unknown;
  /**
   * When it was first entered: its StateEntered's timestamp, or, for a visit that re-entered one a restart cut short
   * (durable mode, no redrive in between), that visit's.
   */
  readonly enteredAt: number;
  /** A Task's attempt that had been scheduled and had not ended: when it was (first, across restarts) scheduled. */
  attemptStartedAt?: number;
  /** The attempt in flight in the visit this one re-entered after a restart: the first attempt here continues it. */
  inheritedAttemptAt?: number;
  /** How many Task attempts it scheduled. */
  attempts: number;
  /** How many ExecutionRedriven events came before it: a redrive starts time afresh, a restart does not. */
  readonly redrives: number;
  exited: boolean;
  output?: unknown;
  /** `assignedVariables` of its StateExited: JSON text by variable name. */
  assigned?: Record<string, string>;
  /** A body-closing failure (ParallelStateFailed/MapStateFailed) or EvaluationFailed was recorded. */
  failed: boolean;
  /** ParallelStateSucceeded/MapStateSucceeded was recorded for its last body. */
  bodyDone: boolean;
  /** Each attempt at the state's body (ParallelStateStarted/MapStateStarted), in order. */
  readonly bodies: BodyTrace[];
  /** A Distributed Map's last Map Run (MapRunStarted or MapRunRedriven) and how it ended, if it did. */
  mapRun?: { readonly arn: string; ended?: 'succeeded' | 'failed' | 'aborted' };
  /** The unexited visit of the same frame that a redrive re-entered with this one. */
  readonly resumes?: VisitTrace;
}

export interface BodyTrace {
  readonly visit: VisitTrace;
  /** MapStateStarted's `length` (items); undefined for Parallel. */
  readonly length?: number;
  /** Parallel: branch frames in the order they opened (their index is resolved by the plan). */
  readonly opened: FrameTrace[];
  /** Map: iteration frames by index. */
  readonly iterations: Map<number, FrameTrace>;
}

export interface FrameTrace {
  /** The body attempt this frame runs in; none for the execution's frame. */
  readonly body?: BodyTrace;
  /** A Map iteration's index. */
  readonly index?: number;
  readonly visits: VisitTrace[];
  /** MapIterationSucceeded / MapIterationFailed. */
  closed?: 'succeeded' | 'failed';
}

export interface HistoryTrace {
  readonly root: FrameTrace;
  /** The error of the last ExecutionFailed / TimedOut / Aborted, if any. */
  readonly closingError?: string;
}

const BODY_EVENTS: Record<string, { state: string; step: 'start' | 'succeed' | 'fail' | 'run' }> = {
  ParallelStateStarted: { state: 'Parallel', step: 'start' },
  ParallelStateSucceeded: { state: 'Parallel', step: 'succeed' },
  ParallelStateFailed: { state: 'Parallel', step: 'fail' },
  MapStateStarted: { state: 'Map', step: 'start' },
  MapStateSucceeded: { state: 'Map', step: 'succeed' },
  MapStateFailed: { state: 'Map', step: 'fail' },
  MapRunStarted: { state: 'Map', step: 'run' },
  MapRunSucceeded: { state: 'Map', step: 'run' },
  MapRunFailed: { state: 'Map', step: 'run' },
  MapRunAborted: { state: 'Map', step: 'run' },
  MapRunRedriven: { state: 'Map', step: 'run' },
};

const CLOSING = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
/** A Task's attempt opens with TaskScheduled (LambdaFunctionScheduled for a bare function ARN) and ends with one of these. */
const ATTEMPT_SCHEDULED = /^(Task|LambdaFunction)Scheduled$/;
const ATTEMPT_ENDED = /^(Task|LambdaFunction)(Succeeded|Failed|TimedOut|StartFailed|ScheduleFailed|SubmitFailed)$/;

/** The projection of a whole history. Pure: reads the events, never the running execution. */
export function traceHistory(events: readonly RecordedEvent[]): HistoryTrace {
  const root: FrameTrace = { visits: [] };
  const frameOf = new Map<number, FrameTrace>();
  const typeOf = new Map<number, string>();
  const bodyStartedAt = new Map<number, BodyTrace>();
  const iterationStartedAt = new Map<number, { body: BodyTrace; index: number }>();
  let closingError: string | undefined;
  let redrives = 0;

  const openVisit = (frame: FrameTrace): VisitTrace | undefined => {
    const last = frame.visits.at(-1);
    return last && !last.exited ? last : undefined;
  };
  /** The frame itself, then the frames enclosing it. */
  function* upwards(frame: FrameTrace | undefined): Generator<FrameTrace> {
    for (let f = frame; f; f = f.body?.visit.frame) yield f;
  }

  for (const event of events) {
    const linked = frameOf.get(event.previousEventId) ?? root;
    const details = event.details ?? {};
    let frame = linked;
    typeOf.set(event.id, event.type);
    const bodyEvent = Object.hasOwn(BODY_EVENTS, event.type) ? BODY_EVENTS[event.type] : undefined;

    if (event.type.endsWith('StateEntered')) {
      const linkType = typeOf.get(event.previousEventId);
      if (event.previousEventId === 0) frame = root;
      else if (linkType === 'ParallelStateStarted') {
        const body = bodyStartedAt.get(event.previousEventId)!;
        frame = { body, visits: [] };
        body.opened.push(frame);
      } else if (linkType === 'MapIterationStarted') {
        const { body, index } = iterationStartedAt.get(event.previousEventId)!;
        frame = { body, index, visits: [] };
        body.iterations.set(index, frame);
      }
      const resumes = openVisit(frame);
      const restarted = resumes && resumes.redrives === redrives ? resumes : undefined;
      frame.visits.push({
        frame, name: String(details.name), type: event.type.slice(0, -'StateEntered'.length), input: details.input,
        enteredAt: restarted?.enteredAt ?? event.timestamp, redrives, attempts: 0,
        ...(restarted?.attemptStartedAt === undefined ? {} : { inheritedAttemptAt: restarted.attemptStartedAt }),
        exited: false, failed: false, bodyDone: false, bodies: [], ...(resumes ? { resumes } : {}),
      });
    } else if (event.type.endsWith('StateExited')) {
      for (const f of upwards(linked)) {
        const visit = openVisit(f);
        if (visit && visit.name === details.name) {
          visit.exited = true;
          visit.output = details.output;
          visit.assigned = details.assignedVariables as Record<string, string> | undefined;
          frame = f;
          break;
        }
      }
    } else if (bodyEvent) {
      const { state, step } = bodyEvent;
      for (const f of upwards(linked)) {
        const visit = openVisit(f);
        if (!visit || visit.type !== state || visit.failed) continue;
        if (step !== 'start' && (visit.bodies.length === 0 || visit.bodyDone)) continue;
        frame = f;
        if (step === 'start') {
          const body: BodyTrace = { visit, opened: [], iterations: new Map(), ...(typeof details.length === 'number' ? { length: details.length } : {}) };
          visit.bodies.push(body);
          visit.bodyDone = false;
          bodyStartedAt.set(event.id, body);
        } else if (step === 'succeed') visit.bodyDone = true;
        else if (step === 'fail') visit.failed = true;
        else traceMapRun(visit, event.type, details);
        break;
      }
    } else if (event.type === 'MapIterationStarted') {
      const body = bodyStartedAt.get(event.previousEventId) ?? iterationOf(linked, String(details.name))?.body;
      if (body) {
        iterationStartedAt.set(event.id, { body, index: Number(details.index) });
        frame = body.visit.frame;
      }
    } else if (event.type.startsWith('MapIteration')) {
      const iteration = iterationOf(linked, String(details.name), Number(details.index));
      if (iteration) {
        iteration.closed = event.type === 'MapIterationSucceeded' ? 'succeeded' : 'failed';
        frame = iteration;
      }
    } else if (ATTEMPT_SCHEDULED.test(event.type) || ATTEMPT_ENDED.test(event.type)) {
      const visit = openVisit(linked);
      if (visit) {
        const scheduled = ATTEMPT_SCHEDULED.test(event.type);
        if (scheduled) visit.attempts += 1;
        visit.attemptStartedAt = scheduled ? (visit.inheritedAttemptAt ?? event.timestamp) : undefined;
        visit.inheritedAttemptAt = undefined;
      }
    } else if (event.type === 'EvaluationFailed') {
      const visit = latestOpenVisitNamed(root, String(details.state));
      if (visit) {
        visit.failed = true;
        frame = visit.frame;
      }
    } else if (event.type.startsWith('Execution')) {
      frame = root;
      if (CLOSING.has(event.type)) closingError = typeof details.error === 'string' ? details.error : undefined;
      else if (event.type === 'ExecutionRedriven') {
        closingError = undefined;
        redrives += 1;
      }
    }
    frameOf.set(event.id, frame);
  }
  return { root, closingError };

  /** The iteration frame (of a Map named `name`, with `index` if given) enclosing `frame`. */
  function iterationOf(frame: FrameTrace, name: string, index?: number): FrameTrace | undefined {
    for (const f of upwards(frame)) {
      if (f.index !== undefined && f.body?.visit.name === name && (index === undefined || f.index === index)) return f;
    }
    return undefined;
  }
}

function traceMapRun(visit: VisitTrace, type: string, details: Record<string, unknown>): void {
  if ((type === 'MapRunStarted' || type === 'MapRunRedriven') && typeof details.mapRunArn === 'string') visit.mapRun = { arn: details.mapRunArn };
  else if (visit.mapRun) visit.mapRun.ended = type === 'MapRunSucceeded' ? 'succeeded' : type === 'MapRunFailed' ? 'failed' : 'aborted';
}

/** The most recently entered unexited visit of that name, searching every frame (EvaluationFailed names only its state). */
function latestOpenVisitNamed(root: FrameTrace, name: string): VisitTrace | undefined {
  let found: VisitTrace | undefined;
  const visit = (frame: FrameTrace) => {
    for (const v of frame.visits) {
      if (v.name === name && !v.exited) found = v;
      for (const body of v.bodies) {
        body.opened.forEach(visit);
        body.iterations.forEach(visit);
      }
    }
  };
  visit(root);
  return found;
}
