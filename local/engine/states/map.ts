import { randomUUID } from 'node:crypto';
import type { MapItemContext } from '../context';
import { queryError, runtimeError, StatesError } from '../errors';
import { applyInputPath, evaluateJsonata, evaluatePathTemplate, jsonataStateResult, jsonPathStateResult } from '../fields';
import type { Frame, StatesBlock } from '../frame';
import { History } from '../history';
import {
  appendBodySucceeded, appendInSequence, appendIterationClosed, closeBody, EXECUTION_START_LINK, failBody, iterationStartLink,
  markBodyFailure, type EventCursor,
} from '../history-links';
import { selectPath } from '../jsonpath';
import { jsonByteLength } from '../size';
import type { StateRun } from '../state-run';
import { withRetryAndCatch } from './error-handling';
import { languageFor, nextOf, type StepOutcome } from './outcome';
import { runSiblings } from './parallel';
import type { QueryLanguage } from '../types';

/** Inline Map runs at most 40 iterations at once, whatever MaxConcurrency says. */
const INLINE_CONCURRENCY_LIMIT = 40;

interface ItemBatcher {
  MaxItemsPerBatch?: number;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: number;
  MaxInputBytesPerBatchPath?: string;
  BatchInput?: unknown;
}

/**
 * Map: runs its ItemProcessor once per item (or per batch with ItemBatcher), keeping results in item order.
 * Items come from ItemsPath/Items; ItemSelector shapes each item with `$$.Map.Item`. In DISTRIBUTED mode the
 * items here come from the state input, and ToleratedFailureCount/Percentage decide whether failures fail the state.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 */
export function executeMap(frame: Frame, run: StateRun): Promise<StepOutcome> {
  return withRetryAndCatch(frame, run, () => attemptMap(frame, run));
}

async function attemptMap(frame: Frame, run: StateRun): Promise<StepOutcome> {
  const def = run.definition;
  const language = languageFor(frame, run);
  const jsonata = language === 'JSONata';
  const processor = (def.ItemProcessor ?? def.Iterator) as StatesBlock & { ProcessorConfig?: { Mode?: string } };
  const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';

  if (!jsonata) applyInputPath(run);
  // Items that fail to evaluate fail the Map's body: AWS records EvaluationFailed, then MapStateFailed, with no
  // MapStateStarted (scenarios__test_map_state_items_eval_jsonata_fail.*, ..._items_input_types.*).
  const items = jsonata ? await jsonataItems(run).catch((error: unknown) => Promise.reject(markBodyFailure(error as object))) : jsonPathItems(run);
  const maxConcurrency = await numericSetting(run, jsonata, 'MaxConcurrency');
  const selected = def.ItemSelector === undefined && def.Parameters === undefined ? items
    : await Promise.all(items.map((value, index) => selectItem(run, jsonata, { Index: index, Value: value })));
  const inputs = def.ItemBatcher ? await batch(run, jsonata, selected, def.ItemBatcher as ItemBatcher) : selected;

  const { history } = frame.runtime;
  const started = appendInSequence(history, frame, 'MapStateStarted', { length: inputs.length });
  // AWS checks the tolerated failure settings after MapStateStarted: an invalid one fails the execution right after
  // it, with no MapStateFailed (scenarios__test_map_state_tolerated_failure_count_path.-1 and its siblings).
  const tolerated = distributed ? await toleratedFailures(run, jsonata) : undefined;
  const limit = maxConcurrency && maxConcurrency > 0 ? maxConcurrency : Infinity;
  const body: MapBody = { frame, run, processor, language, items, inputs, started };
  if (distributed) return finish(frame, run, jsonata, await runMapRun(body, limit, tolerated ?? {}));
  return finish(frame, run, jsonata, await runInlineIterations(body, Math.min(limit, INLINE_CONCURRENCY_LIMIT)));
}

interface MapBody {
  readonly frame: Frame;
  readonly run: StateRun;
  readonly processor: StatesBlock;
  readonly language: QueryLanguage;
  /** The items as read, for `$$.Map.Item.Value`. */
  readonly items: unknown[];
  /** What each iteration runs on: the items after ItemSelector and ItemBatcher. */
  readonly inputs: unknown[];
  /** The MapStateStarted event id. */
  readonly started: number;
}

/** MapStateSucceeded, then the state's result pipeline. */
async function finish(frame: Frame, run: StateRun, jsonata: boolean, outputs: unknown[]): Promise<StepOutcome> {
  appendBodySucceeded(frame.runtime.history, frame, 'MapStateSucceeded');
  const outcome = jsonata ? await jsonataStateResult(run, { result: outputs }, outputs) : jsonPathStateResult(run, outputs);
  return { ...outcome, next: nextOf(run) };
}

/**
 * Inline Map: each iteration records MapIterationStarted, its states and MapIterationSucceeded/Failed in the
 * execution's history; the first failure stops the others and fails the state. Links: ../history-links.
 */
async function runInlineIterations(body: MapBody, limit: number): Promise<unknown[]> {
  const { frame, run, processor, language, items, inputs, started } = body;
  const { history } = frame.runtime;
  let previousIteration: EventCursor | undefined;
  let lastClosed = started;
  const failedAt = new Map<number, number>();
  const iterations = inputs.map((input, index) => async (signal: AbortSignal) => {
    const startedId = history.add('MapIterationStarted', iterationStartLink(started, previousIteration), { name: run.name, index });
    const child = frame.child(processor, language, signal, startedId, { Index: index, Value: items[index] });
    previousIteration = child;
    try {
      const output = await child.run(input);
      lastClosed = Math.max(lastClosed, appendIterationClosed(history, child, 'MapIterationSucceeded', { name: run.name, index }));
      return output;
    } catch (error) {
      if (!signal.aborted || error instanceof StatesError) {
        appendIterationClosed(history, child, 'MapIterationFailed', { name: run.name, index });
        failedAt.set(index, child.lastEventId);
      }
      throw error;
    }
  });
  const results = await runSiblings(frame, iterations, limit);
  if (results.failure) {
    failBody(frame, failedAt.get(results.failedIndex ?? 0) ?? frame.lastEventId);
    throw markBodyFailure(results.failure);
  }
  closeBody(frame, [lastClosed]);
  return results.outputs;
}

/**
 * Distributed Map: the children are executions of their own, each with its own history; the parent records only
 * MapRunStarted and MapRunSucceeded/MapRunFailed (scenarios__test_map_state_label: MapStateStarted, MapRunStarted,
 * MapRunSucceeded, MapStateSucceeded). The Map Run ARN is `mapRun:<state machine name>/<Label or state name>:<id>`.
 * Tolerated failures count failed children; past the threshold the run fails with States.ExceedToleratedFailureThreshold.
 */
async function runMapRun(body: MapBody, limit: number, tolerated: ToleratedFailures): Promise<unknown[]> {
  const { frame, run, processor, language, items, inputs } = body;
  const { history, clock, context } = frame.runtime;
  const label = typeof run.definition.Label === 'string' ? run.definition.Label : run.name;
  const mapRunArn = `${context.StateMachine.Id.replace(':stateMachine:', ':mapRun:')}/${label}:${randomUUID()}`;
  appendInSequence(history, frame, 'MapRunStarted', { mapRunArn });
  let failures = 0;
  const children = inputs.map((input, index) => (signal: AbortSignal) =>
    frame.child(processor, language, signal, EXECUTION_START_LINK, { Index: index, Value: items[index] }, new History(clock.now, false)).run(input));
  const results = await runSiblings(frame, children, limit, () => withinTolerance(tolerated, ++failures, inputs.length));
  if (results.failure) {
    const error = new StatesError('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
    appendInSequence(history, frame, 'MapRunFailed', { error: error.error, cause: error.cause });
    throw markBodyFailure(error);
  }
  appendInSequence(history, frame, 'MapRunSucceeded');
  return results.outputs;
}

interface ToleratedFailures {
  readonly count?: number;
  readonly percentage?: number;
}

async function toleratedFailures(run: StateRun, jsonata: boolean): Promise<ToleratedFailures> {
  const count = await numericSetting(run, jsonata, 'ToleratedFailureCount');
  const percentage = await numericSetting(run, jsonata, 'ToleratedFailurePercentage');
  if (count !== undefined && count < 0) throw runtimeError('ToleratedFailureCount cannot be negative.');
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
  return { count, percentage };
}

function withinTolerance({ count, percentage }: ToleratedFailures, failed: number, total: number): boolean {
  if (count === undefined && percentage === undefined) return false;
  return failed <= (count ?? 0) || (percentage !== undefined && total > 0 && (failed / total) * 100 <= percentage);
}

function jsonPathItems(run: StateRun): unknown[] {
  const path = run.definition.ItemsPath as string | undefined;
  const items = path === undefined || path === '$' ? run.input : selectPath(path, run, 'ItemsPath');
  if (!Array.isArray(items)) throw runtimeError(`Map state input must be an array but was: ${JSON.stringify(items)}`);
  return items;
}

async function jsonataItems(run: StateRun): Promise<unknown[]> {
  const field = run.definition.Items;
  if (field === undefined) {
    if (!Array.isArray(run.rawInput)) throw queryError(`Map state input must be an array but was: ${JSON.stringify(run.rawInput)}`);
    return run.rawInput;
  }
  const items = await evaluateJsonata(field, 'Items', run.jsonataScope());
  if (!Array.isArray(items)) {
    const expression = typeof field === 'string' ? field.replace(/^\{%\s*/, '').replace(/\s*%\}$/, '') : JSON.stringify(field);
    if (typeof items === 'function') throw queryError(`The JSONata expression '${expression}' specified for the field 'Items' returned an unsupported result type.`, 'Items');
    throw queryError(`The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${typeName(items)}' for value: ${JSON.stringify(items)}`, 'Items');
  }
  return items;
}

/** ItemSelector (or the legacy Parameters) for one item; without it the item itself. */
async function selectItem(run: StateRun, jsonata: boolean, item: MapItemContext): Promise<unknown> {
  const def = run.definition;
  const selector = def.ItemSelector ?? def.Parameters;
  if (selector === undefined) return item.Value;
  const context = { ...run.context, Map: { Item: item } };
  const field = def.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters';
  if (jsonata) {
    return evaluateJsonata(selector, field, { states: { input: run.rawInput, context }, variables: run.variables });
  }
  return evaluatePathTemplate(selector, field, { input: run.input, context, variables: run.variables });
}

/** Groups items into `{BatchInput, Items}` batches by count and by JSON size. */
async function batch(run: StateRun, jsonata: boolean, items: unknown[], batcher: ItemBatcher): Promise<unknown[]> {
  const maxItems = (await batcherNumber(run, jsonata, batcher, 'MaxItemsPerBatch')) ?? Infinity;
  const maxBytes = (await batcherNumber(run, jsonata, batcher, 'MaxInputBytesPerBatch')) ?? Infinity;
  const batchInput = batcher.BatchInput === undefined ? undefined
    : jsonata ? await evaluateJsonata(batcher.BatchInput, 'ItemBatcher/BatchInput', run.jsonataScope())
      : evaluatePathTemplate(batcher.BatchInput, 'BatchInput', run);
  const batches: unknown[] = [];
  let current: unknown[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = jsonByteLength(item) + 1;
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(batchOf(batchInput, current));
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(batchOf(batchInput, current));
  return batches;
}

const batchOf = (batchInput: unknown, items: unknown[]) => (batchInput === undefined ? { Items: items } : { BatchInput: batchInput, Items: items });

async function batcherNumber(run: StateRun, jsonata: boolean, batcher: ItemBatcher, field: 'MaxItemsPerBatch' | 'MaxInputBytesPerBatch'): Promise<number | undefined> {
  if (jsonata && typeof batcher[field] === 'string') return (await evaluateJsonata(batcher[field], `ItemBatcher/${field}`, run.jsonataScope())) as number;
  if (batcher[field] !== undefined) return batcher[field];
  const path = batcher[`${field}Path`];
  return path === undefined ? undefined : (selectPath(path, run, `${field}Path`) as number);
}

/**
 * MaxConcurrency, ToleratedFailureCount or ToleratedFailurePercentage: a literal, its `...Path` form (JSONPath; a
 * numeric string is accepted as AWS does) or a JSONata expression.
 */
async function numericSetting(run: StateRun, jsonata: boolean, field: 'MaxConcurrency' | 'ToleratedFailureCount' | 'ToleratedFailurePercentage'): Promise<number | undefined> {
  const def = run.definition;
  if (jsonata && typeof def[field] === 'string') return (await evaluateJsonata(def[field], field, run.jsonataScope())) as number;
  if (def[field] !== undefined) return def[field] as number;
  const path = def[`${field}Path`] as string | undefined;
  if (path === undefined) return undefined;
  const value = numeric(selectPath(path, run, `${field}Path`));
  const integer = field !== 'ToleratedFailurePercentage';
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw runtimeError(`The ${field}Path field refers to value "${shown}" which is not a valid ${integer ? 'integer' : 'float'}: ${path}`);
  }
  return value;
}

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Path-supplied numbers may be numeric strings ("1"), which AWS accepts. */
const numeric = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
