/**
 * ItemBatcher: groups a Map's items into child inputs `{"Items": [...]}` (with `"BatchInput"` first when set), by item
 * count and by bytes, as the items stream in: one batch is held at a time, never the item list.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
 */
import type { ItemBatcher, MapState } from '../asl';
import { runtimeError } from '../errors';
import { evaluateJsonata, evaluatePathTemplate } from '../fields';
import { jsonataFieldText, unexpectedResultType } from '../jsonata';
import { selectPath } from '../jsonpath';
import { jsonByteLength, PAYLOAD_LIMIT_BYTES } from '../size';
import type { StateRun } from '../state-run';

/**
 * The batches of `items`. MaxItemsPerBatch caps the count, MaxInputBytesPerBatch the bytes of the items' JSON (each item
 * plus its separator); AWS caps the bytes at 256 KiB and, with no byte limit, fills each batch up to 256 KiB. Here the
 * cap also leaves room for the `{"BatchInput":...,"Items":[]}` around the items, so no batch is a child input over the
 * 256 KiB payload limit. With both limits, a batch closes at whichever is reached first (1130 items by 100: 11×100 + 30).
 * The settings are evaluated before the first item is read, so a bad one fails the state before any child starts.
 */
export async function batchItems(run: StateRun<MapState>, jsonata: boolean, items: AsyncIterable<unknown>, batcher: ItemBatcher): Promise<AsyncIterable<unknown>> {
  const maxItems = (await batcherNumber(run, jsonata, batcher, 'MaxItemsPerBatch')) ?? Infinity;
  const maxBytesGiven = (await batcherNumber(run, jsonata, batcher, 'MaxInputBytesPerBatch')) ?? Infinity;
  const batchInput = batcher.BatchInput === undefined ? undefined
    : jsonata ? await evaluateJsonata(batcher.BatchInput, 'ItemBatcher/BatchInput', run.jsonataScope())
      : evaluatePathTemplate(batcher.BatchInput, 'BatchInput', run);
  const maxBytes = Math.min(maxBytesGiven, PAYLOAD_LIMIT_BYTES - jsonByteLength(batchOf(batchInput, [])));
  return batches(items, maxItems, maxBytes, batchInput);
}

async function* batches(items: AsyncIterable<unknown>, maxItems: number, maxBytes: number, batchInput: unknown): AsyncGenerator<unknown> {
  let current: unknown[] = [];
  let bytes = 0;
  for await (const item of items) {
    const size = jsonByteLength(item) + 1;
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      yield batchOf(batchInput, current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) yield batchOf(batchInput, current);
}

const batchOf = (batchInput: unknown, items: unknown[]) => (batchInput === undefined ? { Items: items } : { BatchInput: batchInput, Items: items });

async function batcherNumber(run: StateRun<MapState>, jsonata: boolean, batcher: ItemBatcher, field: 'MaxItemsPerBatch' | 'MaxInputBytesPerBatch'): Promise<number | undefined> {
  const literal = batcher[field];
  if (jsonata && typeof literal === 'string') {
    const value = await evaluateJsonata(literal, `ItemBatcher/${field}`, run.jsonataScope());
    if (typeof value !== 'number' || !Number.isInteger(value)) throw unexpectedResultType(jsonataFieldText(literal), `ItemBatcher/${field}`, 'integer', value);
    return value;
  }
  if (typeof literal === 'number') return literal;
  const path = field === 'MaxItemsPerBatch' ? batcher.MaxItemsPerBatchPath : batcher.MaxInputBytesPerBatchPath;
  if (path === undefined) return undefined;
  const selected = selectPath(path, run, `${field}Path`);
  // Path-supplied numbers may be numeric strings ("1"), which AWS accepts.
  const value = typeof selected === 'string' && selected.trim() !== '' && Number.isFinite(Number(selected)) ? Number(selected) : selected;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw runtimeError(`The ${field}Path field refers to value "${typeof value === 'string' ? value : JSON.stringify(value)}" which is not a valid integer: ${path}`);
  }
  return value;
}
