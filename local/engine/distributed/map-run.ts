/**
 * A Distributed Map's Map Run: reads the children's inputs (from the state input or an ItemReader), starts each child
 * execution as capacity frees, counts how they end, stops once the failures pass the tolerated threshold, and hands
 * every result to the ResultWriter as it comes, or gathers the outputs for the state's result.
 *
 * History, as AWS records it in the parent (the children record their own): MapRunStarted, then MapRunSucceeded,
 * MapRunFailed{error, cause} or MapRunAborted (when the parent stops).
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 *
 * Redrive (the parent's RedriveExecution reaching a Map Run that failed or was aborted): MapRunRedriven{mapRunArn,
 * redriveCount} where MapRunStarted was, then the same ends. Only the children that failed, timed out, were aborted
 * or never started run again: STANDARD ones are redriven in place (same ARN, ExecutionRedriven in their history),
 * EXPRESS and never-started ones are started afresh. Succeeded children are not touched; their inline outputs and
 * result files are kept. The tolerated failure threshold is judged on the whole run's counts.
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
 *
 * Memory: nothing here grows with the item count. Inputs are read at most READ_AHEAD_ITEMS ahead; with a ResultWriter
 * each result is written and dropped; EXPRESS children keep no history and are forgotten once ended; the counts keep
 * only the indices of the children that did not succeed (map-run-counts.ts), which is what a Map Run redrive needs.
 */
import { randomUUID } from 'node:crypto';
import type { ItemProcessor, MapState } from '../asl';
import { StatesError } from '../errors';
import type { Execution, ExecutionOutcome } from '../execution';
import type { Frame } from '../frame';
import { appendInSequence, markBodyFailure } from '../history-links';
import { jsonByteLength, PAYLOAD_LIMIT_BYTES } from '../size';
import type { StateRun } from '../state-run';
import type { QueryLanguage, StateMachineDefinition } from '../types';
import { childDefinition, childExecutionType, startChildExecution, type ChildExecutionType, type ChildInput } from './child-executions';
import type { ChildEnd } from './map-run-counts';
import { MapRun, MAX_MAP_RUN_REDRIVES, type InlineResults, type MapRunSettings } from './map-run-record';
import type { ChildRecord, ResultSink, WrittenResultFiles } from './ports';
import { ReadAhead } from './read-ahead';
import { exceedsTolerance, THRESHOLD_EXCEEDED } from './tolerance';

/** Results waiting for the ResultWriter before the run stops starting children until it catches up. */
const MAX_UNWRITTEN_RESULTS = 1000;

export interface MapRunRequest {
  readonly frame: Frame;
  readonly run: StateRun<MapState>;
  readonly processor: ItemProcessor;
  readonly language: QueryLanguage;
  readonly settings: MapRunSettings;
  /**
   * Opens the children's inputs once the Map Run has started (an ItemReader that fails fails the Map Run):
   * `readAhead` is how many items may be read ahead (Infinity for items already in the state input).
   */
  readonly openInputs: () => Promise<{ readonly inputs: AsyncIterable<ChildInput>; readonly readAhead: number }>;
  /** The ResultWriter's sink for this Map Run (numbering on from `files`), or undefined when the outputs stay inline. */
  readonly openSink: (mapRunArn: string, files: WrittenResultFiles) => Promise<ResultSink | undefined>;
  /** A redrive: the ARN of the Map Run to redrive rather than start anew. */
  readonly redrive?: string;
  /** WriterConfig without a Resource: the inline output is made of the children's records, formatted. */
  readonly formatRecords?: (records: readonly ChildRecord[]) => unknown[];
}

/** Runs the Map Run and resolves with the Map state's result: the outputs, or `{MapRunArn, ResultWriterDetails}`. */
export async function runMapRun(request: MapRunRequest): Promise<unknown> {
  const { frame, run } = request;
  const { history, clock, context } = frame.runtime;
  const earlier = request.redrive === undefined ? undefined : frame.runtime.mapRunRecords?.get(request.redrive);
  let mapRun: MapRun;
  if (earlier) {
    if (earlier.redriveCount >= MAX_MAP_RUN_REDRIVES) {
      throw new StatesError('States.Runtime', `The Map Run '${earlier.arn}' has been redriven ${MAX_MAP_RUN_REDRIVES} times, the most a Map Run can be.`);
    }
    mapRun = earlier;
    mapRun.redrive(clock.now());
    appendInSequence(history, frame, 'MapRunRedriven', { mapRunArn: mapRun.arn, redriveCount: mapRun.redriveCount });
  } else {
    const label = run.definition.Label ?? run.name;
    const machineArn = `${context.StateMachine.Id}/${label}`;
    const mapRunArn = `${machineArn.replace(':stateMachine:', ':mapRun:')}:${randomUUID()}`;
    appendInSequence(history, frame, 'MapRunStarted', { mapRunArn });
    mapRun = new MapRun(mapRunArn, frame.runtime.executionArn, machineArn, clock.now(), { ...request.settings });
    frame.runtime.mapRunRecords?.set(mapRunArn, mapRun);
    frame.runtime.mapRuns?.mapRunStarted(mapRun);
  }
  let result: unknown;
  try {
    result = await new MapRunDriver(request, mapRun, earlier !== undefined).run();
  } catch (thrown) {
    if (frame.signal.aborted) {
      mapRun.end('ABORTED', clock.now());
      appendInSequence(history, frame, 'MapRunAborted');
      throw frame.signal.reason;
    }
    const error = thrown instanceof StatesError ? thrown : new StatesError('States.Runtime', thrown instanceof Error ? thrown.message : String(thrown));
    mapRun.end('FAILED', clock.now());
    appendInSequence(history, frame, 'MapRunFailed', { error: error.error, cause: error.cause });
    throw markBodyFailure(error);
  }
  mapRun.end('SUCCEEDED', clock.now());
  appendInSequence(history, frame, 'MapRunSucceeded');
  if (result instanceof OutputTooLarge) {
    throw new StatesError('States.DataLimitExceeded', `The state/task '${run.name}' returned a result with a size exceeding the maximum number of bytes service limit.`);
  }
  return result;
}

/** The inline result grew past 256 KiB: the Map Run still succeeds, the state then fails with States.DataLimitExceeded. */
class OutputTooLarge {}

/** One Map Run's loop and bookkeeping. */
class MapRunDriver {
  private readonly definition: StateMachineDefinition;
  private readonly type: ChildExecutionType;
  private readonly running = new Set<Execution>();
  /** Stops starting children: the threshold was passed, a result could not be written, or the parent stopped. */
  private readonly stop = new AbortController();
  private stopReason?: StatesError;
  private whenIdle?: () => void;
  private sink?: ResultSink;
  private writes: Promise<void> = Promise.resolve();
  private writerFailed = false;
  private unwritten = 0;
  /** The inline result, in child order, until it passes 256 KiB; then only `tooLarge`. Kept on the Map Run for a redrive. */
  private inline: InlineResults;

  constructor(private readonly request: MapRunRequest, private readonly mapRun: MapRun, private readonly redriving: boolean) {
    this.inline = mapRun.inline ??= { outputs: [], bytes: 2, tooLarge: false };
    this.definition = childDefinition(request.processor, request.language);
    this.type = childExecutionType(request.processor);
    mapRun.onToleranceChange = () => this.checkThreshold();
  }

  async run(): Promise<unknown> {
    const { frame } = this.request;
    const onParentStop = () => this.halt(undefined);
    frame.signal.addEventListener('abort', onParentStop, { once: true });
    const signal = AbortSignal.any([frame.signal, this.stop.signal]);
    let ahead: ReadAhead<ChildInput> | undefined;
    try {
      this.sink = await this.request.openSink(this.mapRun.arn, this.mapRun.resultFiles);
      if (!this.sink && this.request.formatRecords && !this.redriving) this.inline.records = [];
      const { inputs, readAhead } = await this.request.openInputs();
      const counts = this.mapRun.counts;
      // A redrive reads the source again: the children an earlier attempt read are counted already.
      let counted = this.redriving ? counts.executions.total : 0;
      const onRead = (child: ChildInput) => (counted > 0 ? (counted -= 1) : counts.read(child.itemCount));
      ahead = new ReadAhead(inputs, readAhead, (child) => child.itemCount, onRead);
      await ahead.filled();
      let index = 0;
      for (let child = await ahead.next(); child !== undefined; child = await ahead.next(), index += 1) {
        if (this.redriving && !counts.rerunsOnRedrive(index)) continue;
        if (this.unwritten >= MAX_UNWRITTEN_RESULTS) await this.writes;
        if (!(await this.acquire(signal))) {
          await this.recordNeverStarted(ahead, child, index);
          break;
        }
        this.start(child, index);
      }
      await this.idle();
    } catch (error) {
      // The reader failed (or the parent stopped): the running children are stopped, their ends recorded.
      this.halt(undefined);
      ahead?.close();
      await this.idle();
      throw error;
    } finally {
      frame.signal.removeEventListener('abort', onParentStop);
      this.mapRun.onToleranceChange = undefined;
    }
    await this.writes;
    if (frame.signal.aborted) throw frame.signal.reason;
    if (this.stopReason) {
      // The files of a failed run are written too: its SUCCEEDED, FAILED and PENDING children, for a redrive.
      if (this.sink && !this.writerFailed) await this.sink.finish();
      throw this.stopReason;
    }
    if (this.sink) return { MapRunArn: this.mapRun.arn, ResultWriterDetails: await this.sink.finish() };
    const { tooLarge, records, outputs } = this.inline;
    if (tooLarge) return new OutputTooLarge();
    if (records && this.request.formatRecords) return this.request.formatRecords(records);
    return outputs;
  }

  /** Waits for capacity; false when the run stopped first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    try {
      await this.mapRun.limit.acquire(signal);
    } catch {
      return false;
    }
    if (!signal.aborted) return true;
    this.mapRun.limit.release();
    return false;
  }

  /** Starts child `index`; on a redrive, a STANDARD child that ran before is redriven in place instead. */
  private start(child: ChildInput, index: number): void {
    const earlier = this.mapRun.unsuccessfulChildren.get(index);
    let execution: Execution;
    if (earlier) {
      this.mapRun.awaitingRedrive.delete(earlier);
      earlier.redrive();
      execution = earlier;
    } else execution = startChildExecution(this.request.frame.runtime, this.mapRun, this.definition, this.type, child);
    this.mapRun.counts.started(index, child.itemCount);
    this.running.add(execution);
    void execution.done.then((outcome) => this.ended(execution, child, index, outcome));
  }

  private ended(execution: Execution, child: ChildInput, index: number, outcome: ExecutionOutcome): void {
    this.running.delete(execution);
    this.mapRun.limit.release();
    const status: ChildEnd = outcome.status;
    this.mapRun.counts.ended(index, status, child.itemCount);
    if (status !== 'SUCCEEDED' && this.type === 'STANDARD') this.mapRun.unsuccessfulChildren.set(index, execution);
    else this.mapRun.unsuccessfulChildren.delete(index);
    this.keep(index, child, status === 'SUCCEEDED' ? outcome.output : undefined, this.recordOf(execution, child, outcome));
    if (status === 'FAILED' || status === 'TIMED_OUT') this.checkThreshold();
    if (this.running.size === 0) this.whenIdle?.();
  }

  private checkThreshold(): void {
    if (this.stopReason || this.mapRun.status !== 'RUNNING') return;
    const { counts } = this.mapRun;
    if (exceedsTolerance(this.mapRun.tolerated, counts.failedItems, counts.items.total)) {
      this.halt(new StatesError(THRESHOLD_EXCEEDED.error, THRESHOLD_EXCEEDED.cause));
    }
  }

  /** Starts no more children and aborts the running ones (DescribeMapRun counts them `aborted`). */
  private halt(reason: StatesError | undefined): void {
    if (this.stop.signal.aborted) return;
    this.stopReason = reason;
    this.stop.abort(reason ?? new Error('Map Run stopped'));
    for (const execution of this.running) execution.stop();
  }

  private idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => (this.whenIdle = resolve));
  }

  /** The child that could not start and every one after it stay PENDING: counted, and recorded by the ResultWriter. */
  private async recordNeverStarted(ahead: ReadAhead<ChildInput>, first: ChildInput, index: number): Promise<void> {
    this.mapRun.counts.neverStarted(index);
    if (this.request.frame.signal.aborted) {
      ahead.close();
      return;
    }
    ahead.unlimit();
    const counts = this.mapRun.counts;
    for (let child: ChildInput | undefined = first; child !== undefined; child = await ahead.next(), index += 1) {
      // A redrive's pending children are the ones it was to run again, not the ones that had succeeded before.
      if (this.redriving && !counts.rerunsOnRedrive(index)) continue;
      if (this.sink) this.write(child, { status: 'PENDING', stateMachineArn: this.mapRun.stateMachineArn, input: child.input, ...NOT_STARTED });
    }
  }

  /** Hands a finished child to the ResultWriter, or keeps its output for the inline result. */
  private keep(index: number, child: ChildInput, output: unknown, record: ChildRecord): void {
    if (this.sink) return this.write(child, record);
    this.mapRun.counts.resultWritten(child.itemCount);
    const inline = this.inline;
    if (inline.tooLarge) return;
    inline.bytes += jsonByteLength(inline.records ? record : output) + 1;
    if (inline.bytes > PAYLOAD_LIMIT_BYTES) {
      inline.tooLarge = true;
      inline.outputs = undefined;
      inline.records = undefined;
      return;
    }
    if (inline.records) inline.records[index] = record;
    else if (inline.outputs) inline.outputs[index] = output;
  }

  /** Results are written in the order children end, one at a time; a write that fails stops the run with its error. */
  private write(child: ChildInput, record: ChildRecord): void {
    const sink = this.sink;
    if (!sink) return;
    this.unwritten += 1;
    this.writes = this.writes.then(async () => {
      try {
        if (this.writerFailed) return;
        await sink.add(record);
        this.mapRun.counts.resultWritten(child.itemCount);
      } catch (error) {
        this.writerFailed = true;
        this.halt(error instanceof StatesError ? error : new StatesError('States.ResultWriterFailed', error instanceof Error ? error.message : String(error)));
      } finally {
        this.unwritten -= 1;
      }
    });
  }

  private recordOf(execution: Execution, child: ChildInput, outcome: ExecutionOutcome): ChildRecord {
    const succeeded = outcome.status === 'SUCCEEDED';
    return {
      status: outcome.status,
      executionArn: execution.executionArn,
      name: execution.name,
      stateMachineArn: this.mapRun.stateMachineArn,
      input: child.input,
      ...(succeeded ? { output: outcome.output } : { error: outcome.error, cause: outcome.cause }),
      startDate: new Date(execution.startDate),
      stopDate: new Date(execution.stopDate ?? execution.startDate),
      redriveCount: execution.redriveCount,
      // A child that did not succeed is run again by redriving the parent, which redrives its Map Run.
      ...(succeeded
        ? { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' }
        : { redriveStatus: 'REDRIVABLE_BY_MAP_RUN' }),
    };
  }
}

const NOT_STARTED = { redriveCount: 0, redriveStatus: 'REDRIVABLE_BY_MAP_RUN' } as const;
