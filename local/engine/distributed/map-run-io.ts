/**
 * What a Map Run reads and writes through S3, for one attempt of a Distributed Map state: its ItemReader's items (as
 * the children's inputs, selected and batched), its ResultWriter's sink, and WriterConfig's inline formatting.
 * The S3 side itself is item-reader.ts, item-batcher.ts and result-writer.ts.
 */
import type { MapState } from '../asl';
import { StatesError } from '../errors';
import type { Frame } from '../frame';
import type { StateRun } from '../state-run';
import type { ChildInput } from './child-executions';
import { readerInputs, type SelectItem } from './child-inputs';
import { batchItems } from './item-batcher';
import { openItemReader } from './item-reader';
import type { ChildRecord, ResultSink, WrittenResultFiles } from './ports';
import { formatInlineOutputs, openResultSink } from './result-writer';

/** How many items a Map Run reads ahead of its children (read-ahead.ts, tolerance.ts). */
export const READ_AHEAD_ITEMS = 1000;

export interface MapRunIo {
  openReaderInputs(): Promise<{ inputs: AsyncIterable<ChildInput>; readAhead: number }>;
  /** `files`: the Map Run's files from earlier attempts, which a redrive's sink numbers on from and lists. */
  openSink(mapRunArn: string, files?: WrittenResultFiles): Promise<ResultSink | undefined>;
  /** WriterConfig without a Resource: the inline output is the children's records, formatted. */
  readonly formatRecords?: (records: readonly ChildRecord[]) => unknown[];
}

export function mapRunIo(frame: Frame, run: StateRun<MapState>, jsonata: boolean, select: SelectItem): MapRunIo {
  const storage = frame.runtime.objectStorage;
  const { ItemBatcher: batcher, ResultWriter: writer } = run.definition;
  // The engine on its own has no S3; the runtime always passes one (local/stepfunctions/module.ts).
  const noStorage = (error: string) => new StatesError(error, 'No object storage is configured in this runtime.');
  return {
    async openReaderInputs() {
      if (!storage) throw noStorage('States.ItemReaderFailed');
      const source = await openItemReader(run, jsonata, storage);
      const batch = batcher === undefined ? undefined : (items: AsyncIterable<unknown>) => batchItems(run, jsonata, items, batcher);
      return { inputs: readerInputs(source.items, source.source, select, batch), readAhead: READ_AHEAD_ITEMS };
    },
    async openSink(mapRunArn, files) {
      if (writer?.Resource === undefined) return undefined;
      if (!storage) throw noStorage('States.ResultWriterFailed');
      return openResultSink(run, jsonata, storage, mapRunArn, files);
    },
    ...(writer?.WriterConfig !== undefined && writer.Resource === undefined
      ? { formatRecords: (records: readonly ChildRecord[]) => formatInlineOutputs(run, records) } : {}),
  };
}
