/**
 * The children's inputs of a Map Run, lazily: each item with its `$$.Map.Item` (Index, Value, Source), shaped by
 * ItemSelector, then grouped by ItemBatcher when the state has one (a batch is one child of several items).
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemselector.html
 */
import { STATE_DATA_SOURCE, type MapItemContext } from '../context';
import type { ChildInput } from './child-executions';

/** ItemSelector (or the item itself) for one item. */
export type SelectItem = (item: MapItemContext) => Promise<unknown>;
/** ItemBatcher over the selected items, streamed. */
export type BatchItems = (items: AsyncIterable<unknown>) => Promise<AsyncIterable<unknown>>;

/** Items already in the state input, selected and batched (MapStateStarted reports their number). */
export async function* stateDataInputs(inputs: readonly unknown[], items: readonly unknown[], batched: boolean): AsyncIterable<ChildInput> {
  for (let index = 0; index < inputs.length; index += 1) {
    const input = inputs[index];
    yield batched ? { input, itemCount: batchSize(input) } : { input, itemCount: 1, mapItem: { Index: index, Value: items[index], Source: STATE_DATA_SOURCE } };
  }
}

/** Items from an ItemReader (`source` is `$$.Map.Item.Source`), selected one at a time and batched as they come. */
export async function* readerInputs(items: AsyncIterable<unknown>, source: string, select: SelectItem, batch?: BatchItems): AsyncIterable<ChildInput> {
  if (batch) {
    for await (const input of await batch(selectAll(items, source, select))) yield { input, itemCount: batchSize(input) };
    return;
  }
  let index = 0;
  for await (const value of items) {
    const mapItem = { Index: index, Value: value, Source: source };
    index += 1;
    yield { input: await select(mapItem), itemCount: 1, mapItem };
  }
}

async function* selectAll(items: AsyncIterable<unknown>, source: string, select: SelectItem): AsyncIterable<unknown> {
  let index = 0;
  for await (const value of items) yield await select({ Index: index++, Value: value, Source: source });
}

/** A batch's items (`{Items: [...], BatchInput?}`): what itemCounts counts. */
const batchSize = (batch: unknown): number => {
  const items = (batch as { Items?: unknown } | null)?.Items;
  return Array.isArray(items) ? items.length : 1;
};
