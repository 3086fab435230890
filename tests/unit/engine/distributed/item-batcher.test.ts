/**
 * ItemBatcher as a stream: batches by count, by bytes (capped at 256 KiB, the child input limit) or both, with
 * BatchInput, each batch handed on before later items are read.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
 */
import type { ItemBatcher, MapState } from '../../../../local/engine/asl';
import { batchItems } from '../../../../local/engine/distributed/item-batcher';
import { jsonByteLength } from '../../../../local/engine/size';
import { collect, mapStateRun, rejection } from './map-state-run';

const KIB_256 = 256 * 1024;

async function* streamOf<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function batchesOf(items: readonly unknown[], batcher: ItemBatcher, fields: Partial<MapState> = {}, input: unknown = {}): Promise<{ BatchInput?: unknown; Items: unknown[] }[]> {
  const run = mapStateRun({ ItemBatcher: batcher, ...fields }, input);
  return collect(await batchItems(run, fields.QueryLanguage === 'JSONata', streamOf(items), batcher)) as Promise<{ BatchInput?: unknown; Items: unknown[] }[]>;
}

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('batchItems', () => {
  it('splits 1130 items by MaxItemsPerBatch 100 into 11 batches of 100 and one of 30 (AWS\'s example)', async () => {
    // Act
    const batches = await batchesOf(range(1130), { MaxItemsPerBatch: 100 });

    // Assess
    expect(batches.map((batch) => batch.Items.length)).toEqual([...Array(11).fill(100), 30]);
    expect(batches.flatMap((batch) => batch.Items)).toEqual(range(1130));
    expect(Object.keys(batches[0] as object)).toEqual(['Items']);
  });

  it('fills batches up to MaxInputBytesPerBatch, counting each item\'s JSON and its separator', async () => {
    // Act
    const batches = await batchesOf(['aaaa', 'bb', 'cc', 'dddddd', 'e'], { MaxInputBytesPerBatch: 12 });

    // Assess: "aaaa" is 7 bytes with its comma, "bb" and "cc" 5 each, "dddddd" 9, "e" 4.
    expect(batches.map((batch) => batch.Items)).toEqual([['aaaa', 'bb'], ['cc'], ['dddddd'], ['e']]);
  });

  it('closes a batch at whichever limit comes first when both are set', async () => {
    // Act
    const batches = await batchesOf([1, 2, 3, 'a long item', 4, 5, 6, 7], { MaxItemsPerBatch: 3, MaxInputBytesPerBatch: 14 });

    // Assess: ["a long item"] is 14 bytes with its comma, so it fills a batch alone.
    expect(batches.map((batch) => batch.Items)).toEqual([[1, 2, 3], ['a long item'], [4, 5, 6], [7]]);
  });

  it('fills batches up to 256 KiB of child input when only the count is limited', async () => {
    // Prepare: 40 items of 10,000 bytes; 26 fit in 256 KiB with the {"Items":[...]} around them.
    const items = range(40).map((index) => `${index}`.padEnd(9_998, 'x'));

    // Act
    const batches = await batchesOf(items, { MaxItemsPerBatch: 1000 });

    // Assess
    expect(batches.map((batch) => batch.Items.length)).toEqual([26, 14]);
    expect(batches.every((batch) => jsonByteLength(batch) <= KIB_256)).toBe(true);
  });

  it('caps MaxInputBytesPerBatch at 256 KiB', async () => {
    // Act
    const batches = await batchesOf(range(40).map(() => 'x'.repeat(9_998)), { MaxInputBytesPerBatch: 10 * KIB_256 });

    // Assess
    expect(batches.map((batch) => batch.Items.length)).toEqual([26, 14]);
  });

  it('puts the evaluated BatchInput before the items of every batch (JSONPath)', async () => {
    // Act
    const batches = await batchesOf(range(3), { MaxItemsPerBatch: 2, BatchInput: { 'orderId.$': '$.orderId', fixed: true } }, {}, { orderId: 'o-1' });

    // Assess
    expect(batches).toEqual([{ BatchInput: { orderId: 'o-1', fixed: true }, Items: [0, 1] }, { BatchInput: { orderId: 'o-1', fixed: true }, Items: [2] }]);
    expect(Object.keys(batches[0] as object)).toEqual(['BatchInput', 'Items']);
  });

  it('evaluates JSONata limits and BatchInput in a JSONata state', async () => {
    // Act
    const batches = await batchesOf(range(5), { MaxItemsPerBatch: '{% $states.input.size %}', BatchInput: { at: '{% $states.context.State.EnteredTime %}' } },
      { QueryLanguage: 'JSONata' }, { size: 3 });

    // Assess
    expect(batches).toEqual([{ BatchInput: { at: '2024-01-01T00:00:00.000Z' }, Items: [0, 1, 2] }, { BatchInput: { at: '2024-01-01T00:00:00.000Z' }, Items: [3, 4] }]);
  });

  it('reads MaxItemsPerBatchPath and MaxInputBytesPerBatchPath from the input', async () => {
    // Act
    const batches = await batchesOf(range(5), { MaxItemsPerBatchPath: '$.count', MaxInputBytesPerBatchPath: '$.bytes' }, {}, { count: '4', bytes: 6 });

    // Assess
    expect(batches.map((batch) => batch.Items)).toEqual([[0, 1, 2], [3, 4]]);
  });

  it('fails with States.Runtime when a Path gives no integer, before reading any item', async () => {
    // Prepare
    const batcher = { MaxItemsPerBatchPath: '$.count' };
    let read = false;
    const items = (async function* () {
      read = true;
      yield 1;
    })();

    // Act
    const failure = await rejection(batchItems(mapStateRun({ ItemBatcher: batcher }, { count: 2.5 }), false, items, batcher));

    // Assess
    expect(failure).toEqual({ error: 'States.Runtime', cause: 'The MaxItemsPerBatchPath field refers to value "2.5" which is not a valid integer: $.count' });
    expect(read).toBe(false);
  });

  it('hands on each batch before reading the items after it', async () => {
    // Prepare: a source that never ends.
    let read = 0;
    const endless = (async function* () {
      for (;;) yield read++;
    })();
    const batcher = { MaxItemsPerBatch: 2 };

    // Act
    const iterator = (await batchItems(mapStateRun({ ItemBatcher: batcher }), false, endless, batcher))[Symbol.asyncIterator]();
    const first = await iterator.next();
    const second = await iterator.next();

    // Assess
    expect([first.value, second.value]).toEqual([{ Items: [0, 1] }, { Items: [2, 3] }]);
    expect(read).toBeLessThanOrEqual(5);
  });
});
