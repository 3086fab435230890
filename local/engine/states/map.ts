import type { ItemBatcher, ItemProcessor, MapState } from '../asl';
import { stateDataItem, type MapItemContext } from '../context';
import { queryError, runtimeError, StatesError } from '../errors';
import { applyInputPath, evaluateJsonata, evaluatePathTemplate, jsonataStateResult, jsonPathStateResult } from '../fields';
import type { Frame } from '../frame';
import {
  appendBodySucceeded, appendInSequence, appendIterationClosed, closeBody, failBody, iterationStartLink,
  markBodyFailure, type EventCursor,
} from '../history-links';
import { jsonataFieldText, unexpectedResultType } from '../jsonata';
import { selectPath } from '../jsonpath';
import type { StateRun } from '../state-run';
import { withRetryAndCatch } from './error-handling';
import { languageFor, nextOf, type StepOutcome } from './outcome';
import { mergeOutputs, runSiblings } from './parallel';
import type { QueryLanguage } from '../types';
import { stateDataInputs } from '../distributed/child-inputs';
import { runMapRun } from '../distributed/map-run';
import { mapRunIo } from '../distributed/map-run-io';
import { batchItems } from '../distributed/item-batcher';
import type { ToleratedFailures } from '../distributed/tolerance';

/** Inline Map runs at most 40 iterations at once, whatever MaxConcurrency says. */
const INLINE_CONCURRENCY_LIMIT = 40;

/**
 * Map: runs its ItemProcessor once per item (or per batch with ItemBatcher), keeping results in item order.
 * Items come from ItemsPath/Items; ItemSelector shapes each item with `$$.Map.Item`. In DISTRIBUTED mode a Map Run
 * (../distributed/map-run.ts) runs each item as a child execution, its items from the state input or an ItemReader.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 */
export function executeMap(frame: Frame, run: StateRun<MapState>): Promise<StepOutcome> {
  return withRetryAndCatch(frame, run, () => attemptMap(frame, run));
}

async function attemptMap(frame: Frame, run: StateRun<MapState>): Promise<StepOutcome> {
  const def = run.definition;
  const language = languageFor(frame, run);
  const jsonata = language === 'JSONata';
  const processor = def.ItemProcessor ?? def.Iterator;
  // Validation requires exactly one of them; this only keeps the type honest.
  if (processor === undefined) throw runtimeError('The Map state has neither ItemProcessor nor Iterator.');
  const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
  // A Distributed Map with an ItemReader reads its items once its Map Run has started (MapStateStarted.length is 0).
  const reads = distributed && def.ItemReader !== undefined;

  if (!jsonata) applyInputPath(run);
  // Items that fail to evaluate fail the Map's body: AWS records EvaluationFailed, then MapStateFailed, with no
  // MapStateStarted (scenarios__test_map_state_items_eval_jsonata_fail.*, ..._items_input_types.*).
  const items = reads ? [] : jsonata ? await jsonataItems(run).catch((error: unknown) => Promise.reject(markBodyFailure(error as object))) : jsonPathItems(run);
  const maxConcurrency = await numericSetting(run, jsonata, 'MaxConcurrency');
  const selected = def.ItemSelector === undefined && def.Parameters === undefined ? items
    : await Promise.all(items.map((value, index) => selectItem(run, jsonata, stateDataItem(index, value))));
  const inputs = def.ItemBatcher && !reads ? await batch(run, jsonata, selected, def.ItemBatcher) : selected;

  const { history } = frame.runtime;
  const started = appendInSequence(history, frame, 'MapStateStarted', { length: inputs.length });
  const limit = maxConcurrency && maxConcurrency > 0 ? maxConcurrency : Infinity;
  if (!distributed) {
    const body: MapBody = { frame, run, processor, language, items, inputs, started };
    return finish(frame, run, jsonata, await runInlineIterations(body, Math.min(limit, INLINE_CONCURRENCY_LIMIT)));
  }
  // AWS checks the tolerated failure settings after MapStateStarted: an invalid one fails the execution right after
  // it, with no MapStateFailed (scenarios__test_map_state_tolerated_failure_count_path.-1 and its siblings).
  const tolerated = await toleratedFailures(run, jsonata);
  const batched = def.ItemBatcher !== undefined;
  const io = mapRunIo(frame, run, jsonata, (item) => selectItem(run, jsonata, item));
  const result = await runMapRun({
    frame, run, processor, language,
    settings: { maxConcurrency: maxConcurrency ?? 0, toleratedFailureCount: tolerated.count, toleratedFailurePercentage: tolerated.percentage },
    openInputs: reads ? io.openReaderInputs : async () => ({ inputs: stateDataInputs(inputs, items, batched), readAhead: Infinity }),
    openSink: io.openSink,
    formatRecords: io.formatRecords,
    // A redrive of the parent redrives the Map Run that failed (redrive-plan.ts); a Retry's attempt starts a new one.
    redrive: run.takeMapRunRedrive(),
  });
  return finish(frame, run, jsonata, result);
}

interface MapBody {
  readonly frame: Frame;
  readonly run: StateRun<MapState>;
  readonly processor: ItemProcessor;
  readonly language: QueryLanguage;
  /** The items as read, for `$$.Map.Item.Value`. */
  readonly items: unknown[];
  /** What each iteration runs on: the items after ItemSelector and ItemBatcher. */
  readonly inputs: unknown[];
  /** The MapStateStarted event id. */
  readonly started: number;
}

/** MapStateSucceeded, then the state's result pipeline. */
async function finish(frame: Frame, run: StateRun<MapState>, jsonata: boolean, outputs: unknown): Promise<StepOutcome> {
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
  // A redrive runs only the iterations that failed or were aborted; the others keep their outputs (redrive-plan.ts).
  const resume = run.takeBodyResume();
  const running = resume ? resume.rerun : inputs.map((_, index) => ({ index, frame: undefined }));
  const iterations = running.map(({ index, frame: resumeAt }) => async (signal: AbortSignal) => {
    const input = inputs[index];
    const startedId = history.add('MapIterationStarted', iterationStartLink(started, previousIteration), { name: run.name, index });
    const child = frame.child(processor, language, signal, startedId, stateDataItem(index, items[index]));
    previousIteration = child;
    try {
      const output = await child.run(input, resumeAt);
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
    failBody(frame, failedAt.get(running[results.failedIndex ?? 0]?.index ?? 0) ?? frame.lastEventId);
    throw markBodyFailure(results.failure);
  }
  closeBody(frame, [lastClosed]);
  return resume ? mergeOutputs(inputs.length, resume.kept, running, results.outputs) : results.outputs;
}

async function toleratedFailures(run: StateRun<MapState>, jsonata: boolean): Promise<ToleratedFailures> {
  const count = await numericSetting(run, jsonata, 'ToleratedFailureCount');
  const percentage = await numericSetting(run, jsonata, 'ToleratedFailurePercentage');
  if (count !== undefined && count < 0) throw runtimeError('ToleratedFailureCount cannot be negative.');
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
  return { count, percentage };
}

function jsonPathItems(run: StateRun<MapState>): unknown[] {
  const path = run.definition.ItemsPath;
  const items = path === undefined || path === '$' ? run.input : selectPath(path, run, 'ItemsPath');
  if (!Array.isArray(items)) throw runtimeError(`Map state input must be an array but was: ${JSON.stringify(items)}`);
  return items;
}

async function jsonataItems(run: StateRun<MapState>): Promise<unknown[]> {
  const field = run.definition.Items;
  if (field === undefined) {
    if (!Array.isArray(run.rawInput)) throw queryError(`Map state input must be an array but was: ${JSON.stringify(run.rawInput)}`);
    return run.rawInput;
  }
  const items = await evaluateJsonata(field, 'Items', run.jsonataScope());
  if (!Array.isArray(items)) throw unexpectedResultType(jsonataFieldText(field), 'Items', 'array', items);
  return items;
}

/** ItemSelector (or the legacy Parameters) for one item; without it the item itself. */
async function selectItem(run: StateRun<MapState>, jsonata: boolean, item: MapItemContext): Promise<unknown> {
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

/** ItemBatcher over items already in memory (the state input's): the streaming batcher, gathered. */
async function batch(run: StateRun<MapState>, jsonata: boolean, items: unknown[], batcher: ItemBatcher): Promise<unknown[]> {
  const batches: unknown[] = [];
  for await (const batched of await batchItems(run, jsonata, fromArray(items), batcher)) batches.push(batched);
  return batches;
}

async function* fromArray(items: readonly unknown[]): AsyncIterable<unknown> {
  yield* items;
}

/**
 * MaxConcurrency, ToleratedFailureCount or ToleratedFailurePercentage: a literal, its `...Path` form (JSONPath; a
 * numeric string is accepted as AWS does) or a JSONata expression.
 */
async function numericSetting(run: StateRun<MapState>, jsonata: boolean, field: 'MaxConcurrency' | 'ToleratedFailureCount' | 'ToleratedFailurePercentage'): Promise<number | undefined> {
  const def = run.definition;
  const literal = def[field];
  if (jsonata && typeof literal === 'string') {
    const value = await evaluateJsonata(literal, field, run.jsonataScope());
    return field === 'ToleratedFailurePercentage' ? numberResult(literal, field, value) : integerResult(literal, field, value);
  }
  if (typeof literal === 'number') return literal;
  const path = def[PATH_FIELDS[field]];
  if (path === undefined) return undefined;
  const value = numeric(selectPath(path, run, `${field}Path`));
  const integer = field !== 'ToleratedFailurePercentage';
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw runtimeError(`The ${field}Path field refers to value "${shown}" which is not a valid ${integer ? 'integer' : 'float'}: ${path}`);
  }
  return value;
}

/** A JSONata setting that must yield an integer (MaxConcurrency, ToleratedFailureCount, the batcher's limits). */
function integerResult(expression: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw unexpectedResultType(jsonataFieldText(expression), field, 'integer', value);
  return value;
}

/** A JSONata setting that must yield a number (ToleratedFailurePercentage). */
function numberResult(expression: string, field: string, value: unknown): number {
  if (typeof value !== 'number') throw unexpectedResultType(jsonataFieldText(expression), field, 'number', value);
  return value;
}

/** The `...Path` form of each numeric Map setting. */
const PATH_FIELDS = {
  MaxConcurrency: 'MaxConcurrencyPath',
  ToleratedFailureCount: 'ToleratedFailureCountPath',
  ToleratedFailurePercentage: 'ToleratedFailurePercentagePath',
} as const;

/** Path-supplied numbers may be numeric strings ("1"), which AWS accepts. */
const numeric = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
