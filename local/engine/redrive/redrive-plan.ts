/**
 * What a redrive runs again, decided from the history (history-trace.ts) and the definition, as AWS states the
 * rules (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html):
 * - a state is redriven if its StateEntered has no matching StateExited; states that exited are not run again
 *   and the frame resumes at the unexited one, with the input that state received;
 * - the variables assigned by the states that exited are restored (their `assignedVariables`);
 * - a Parallel or inline Map re-runs only the branches and iterations that failed or were aborted (or never
 *   started); the succeeded ones keep their outputs. After States.DataLimitExceeded the whole state runs again;
 * - a Distributed Map whose Map Run failed or was aborted redrives that same Map Run (`mapRunArn`): its children are
 *   not in this history, so the Map Run's own record says which of them did not succeed (../distributed/map-run.ts).
 *   After States.DataLimitExceeded, or when the Map Run succeeded and the state failed after it, the Map runs again
 *   whole, with a new Map Run. A durable-mode restart (planResume) also starts a new Map Run, as Map Run records are
 *   kept in memory only.
 */
import type { StateDefinition, StatesBlock } from '../asl';
import type { RecordedEvent } from '../history';
import { traceHistory, type BodyTrace, type FrameTrace, type VisitTrace } from './history-trace';

/** Where a frame resumes. */
export interface FrameResume {
  readonly stateName: string;
  readonly input: unknown;
  /** The frame's own variables as the exited states left them. */
  readonly variables: Record<string, unknown>;
  /** For a Parallel or Map resumed in place: what its body keeps and re-runs. */
  readonly body?: BodyResume;
  /** For a Distributed Map: the Map Run to redrive (MapRunRedriven) rather than start anew. */
  readonly mapRunArn?: string;
  /**
   * Durable mode's resume after a restart (not a redrive): when the state was first entered, so a Wait resumes with
   * the time it had left rather than waiting in full again.
   */
  readonly enteredAt?: number;
  /**
   * Durable mode's resume: when the Task attempt in flight at the stop was scheduled, so its TimeoutSeconds and
   * HeartbeatSeconds count on from there rather than from zero.
   */
  readonly attemptStartedAt?: number;
}

/** A Parallel's or inline Map's body on redrive. */
export interface BodyResume {
  /** Outputs of the branches or iterations that succeeded, by index: not run again. */
  readonly kept: ReadonlyMap<number, unknown>;
  /** Branches or iterations to run, in index order; `frame` absent: from their start. */
  readonly rerun: ReadonlyArray<{ readonly index: number; readonly frame?: FrameResume }>;
}

const DATA_LIMIT = 'States.DataLimitExceeded';

/** Where the execution's frame resumes; undefined when no state was entered (it starts over from StartAt). */
export function planRedrive(events: readonly RecordedEvent[], definition: StatesBlock): FrameResume | undefined {
  const { root, closingError } = traceHistory(events);
  return planFrame(root, definition, closingError === DATA_LIMIT, false);
}

/**
 * Durable mode: where a RUNNING execution resumes after a restart. The same plan as a redrive's, except that time
 * carries on: every state that had not exited, at any depth (a Wait in a Parallel branch or a Map iteration, a Task
 * attempt in flight), keeps when it was entered and when its attempt was scheduled, so its Wait, TimeoutSeconds and
 * HeartbeatSeconds end when they would have without the restart. A redrive, by contrast, starts them afresh.
 */
export function planResume(events: readonly RecordedEvent[], definition: StatesBlock): FrameResume | undefined {
  return planFrame(traceHistory(events).root, definition, false, true);
}

/**
 * `earlier`: where an earlier redrive resumed this branch or iteration; this frame's history then starts at that state,
 * and the variables assigned before it come from there.
 */
function planFrame(frame: FrameTrace, block: StatesBlock, wholeBodies: boolean, keepTimes: boolean, earlier?: FrameResume): FrameResume | undefined {
  const last = frame.visits.at(-1);
  if (!last) return earlier;
  const base = earlier?.variables ?? {};
  const variables = restoredVariables(frame.visits, base);
  if (last.exited) {
    // Stopped between two states (StopExecution, a timeout): resume at the one it was about to enter. A Choice's
    // successor is not recorded, so it is evaluated again ("Choice: rules re-evaluated", redrive-executions).
    const definition = block.States[last.name];
    const next = definition && 'Next' in definition ? definition.Next : undefined;
    if (definition?.Type !== 'Choice' && next !== undefined) return { stateName: next, input: last.output, variables };
    return { stateName: last.name, input: last.input, variables: restoredVariables(frame.visits.slice(0, -1), base) };
  }
  const definition = block.States[last.name];
  const body = wholeBodies || !definition ? undefined : planBody(last, definition, keepTimes);
  const mapRunArn = wholeBodies || keepTimes ? undefined : redrivableMapRun(last);
  // A branch or iteration re-run after an earlier restart opened a new frame: its first state continues the one cut short.
  const continued = frame.visits.length === 1 && earlier?.stateName === last.name ? earlier : undefined;
  // Its first attempt, if still in flight, continues the attempt cut short there.
  const attemptStartedAt = last.attemptStartedAt === undefined ? undefined : last.attempts === 1 ? (continued?.attemptStartedAt ?? last.attemptStartedAt) : last.attemptStartedAt;
  const times = keepTimes ? { enteredAt: continued?.enteredAt ?? last.enteredAt, ...(attemptStartedAt === undefined ? {} : { attemptStartedAt }) } : {};
  return { stateName: last.name, input: last.input, variables, ...(body ? { body } : {}), ...(mapRunArn ? { mapRunArn } : {}), ...times };
}

/** The Map Run of an unexited Distributed Map visit that a redrive redrives: one that failed, was aborted or never ended. */
function redrivableMapRun(visit: VisitTrace): string | undefined {
  return visit.mapRun && visit.mapRun.ended !== 'succeeded' ? visit.mapRun.arn : undefined;
}

function planBody(visit: VisitTrace, definition: StateDefinition, keepTimes: boolean): BodyResume | undefined {
  const blocks = bodyBlocks(definition);
  const attempt = visit.bodies.at(-1);
  if (!blocks || !attempt) return undefined;
  // A redrive's first attempt ran only what the visit it resumed left to run; later attempts (Retry) run everything.
  const prior = visit.resumes && visit.bodies.length === 1 ? planBody(visit.resumes, definition, keepTimes) : undefined;
  const count = definition.Type === 'Parallel' ? blocks.length : attempt.length ?? 0;
  const framesByIndex = indexFrames(attempt, definition, prior);
  const kept = new Map(prior?.kept);
  const rerun: Array<{ index: number; frame?: FrameResume }> = [];
  for (let index = 0; index < count; index++) {
    const frame = framesByIndex.get(index);
    const block = blocks[definition.Type === 'Parallel' ? index : 0];
    if (!block) break;
    if (!frame) {
      if (kept.has(index)) continue;
      const earlier = prior?.rerun.find((entry) => entry.index === index);
      rerun.push({ index, ...(earlier?.frame ? { frame: earlier.frame } : {}) });
      continue;
    }
    kept.delete(index);
    if (frameSucceeded(frame, block, definition.Type)) kept.set(index, frame.visits.at(-1)?.output);
    else {
      const resume = planFrame(frame, block, false, keepTimes, prior?.rerun.find((entry) => entry.index === index)?.frame);
      rerun.push({ index, ...(resume ? { frame: resume } : {}) });
    }
  }
  return { kept, rerun };
}

/** A Parallel's branches, or an inline Map's processor (once); undefined for other states and Distributed Maps. */
function bodyBlocks(definition: StateDefinition): StatesBlock[] | undefined {
  if (definition.Type === 'Parallel') return definition.Branches as StatesBlock[];
  if (definition.Type !== 'Map') return undefined;
  const processor = definition.ItemProcessor ?? definition.Iterator;
  return !processor || processor.ProcessorConfig?.Mode === 'DISTRIBUTED' ? undefined : [processor];
}

/**
 * Branch or iteration frames of one attempt by index. Map iterations name theirs; Parallel branches open in index
 * order (the engine starts them in order), over every branch, or over the ones a redrive re-ran.
 */
function indexFrames(attempt: BodyTrace, definition: StateDefinition, prior: BodyResume | undefined): Map<number, FrameTrace> {
  if (definition.Type === 'Map') return attempt.iterations;
  const branches = definition.Type === 'Parallel' ? definition.Branches : [];
  const order = prior ? prior.rerun.map((entry) => entry.index) : branches.map((_, index) => index);
  const frames = new Map<number, FrameTrace>();
  attempt.opened.forEach((frame, k) => {
    const index = order[k];
    if (index !== undefined) frames.set(index, frame);
  });
  return frames;
}

/** An iteration closed by MapIterationSucceeded; a branch whose last state exited and ends the branch. */
function frameSucceeded(frame: FrameTrace, block: StatesBlock, type: string): boolean {
  if (type === 'Map') return frame.closed === 'succeeded';
  const last = frame.visits.at(-1);
  if (!last?.exited) return false;
  const definition = block.States[last.name];
  return definition?.Type === 'Succeed' || (definition !== undefined && 'End' in definition && definition.End === true);
}

/** The frame's variables, replayed from the `assignedVariables` of its exited visits, in order, over `base`. */
function restoredVariables(visits: readonly VisitTrace[], base: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = { ...base };
  for (const visit of visits) {
    if (!visit.exited || !visit.assigned) continue;
    for (const [name, text] of Object.entries(visit.assigned)) variables[name] = JSON.parse(text);
  }
  return variables;
}
