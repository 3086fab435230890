/**
 * The ItemReader against the runtime's real S3 service, through the SDK adapter the runtime uses: listings page by
 * page, objects read as JSON, JSONL and CSV with AWS's rules, MaxItems, and S3's failures as States.ItemReaderFailed.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { MapState, ReaderConfig } from '../../../../local/engine/asl';
import { openItemReader } from '../../../../local/engine/distributed/item-reader';
import type { ObjectStorage } from '../../../../local/engine/distributed/ports';
import { s3ObjectStorage } from '../../../../local/integrations/object-storage';
import { startS3EdgeWithBuckets, type S3Edge } from '../../s3/s3-edge';
import { collect, mapStateRun, rejection } from './map-state-run';

const BUCKET = 'items';
const GET_OBJECT = 'arn:aws:states:::s3:getObject';
const LIST_OBJECTS = 'arn:aws:states:::s3:listObjectsV2';

describe('ItemReader over S3', () => {
  let edge: S3Edge;
  let s3: S3Client;
  let storage: ObjectStorage;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets(BUCKET));
    storage = s3ObjectStorage(s3);
  });

  afterAll(() => edge.close());

  // The length given, so the SDK does not take an empty body for a stream of unknown length.
  const put = (Key: string, Body: string | Uint8Array) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentLength: Buffer.byteLength(Body) }));

  /** The items of `Key` read with this ReaderConfig from a JSONPath Map state. */
  async function itemsOf(Key: string, ReaderConfig: ReaderConfig, input: unknown = {}): Promise<unknown[]> {
    const run = mapStateRun({ ItemReader: { Resource: GET_OBJECT, ReaderConfig, Parameters: { Bucket: BUCKET, Key } } }, input);
    return collect((await openItemReader(run, false, storage)).items);
  }

  /** The failure of reading `Key` with this ReaderConfig, at open or mid-way. */
  async function failureOf(Key: string, ReaderConfig: ReaderConfig, input: unknown = {}) {
    return rejection(itemsOf(Key, ReaderConfig, input));
  }

  describe('CSV', () => {
    it.each<[string, string, ReaderConfig, unknown[]]>([
      ['keeps spaces and coerces nothing (AWS recording)', 'Col1,Col2,Col3\ntrue,1,\'HelloWorld\'\n   ,2.50,null\n', { CSVHeaderLocation: 'FIRST_ROW' },
        [{ Col1: 'true', Col2: '1', Col3: '\'HelloWorld\'' }, { Col1: '   ', Col2: '2.50', Col3: 'null' }]],
      ['reads delimiters and newlines inside quotes', 'a,b\n"x,y","line 1\nline 2"\n', { CSVHeaderLocation: 'FIRST_ROW' },
        [{ a: 'x,y', b: 'line 1\nline 2' }]],
      ['reads "" inside quotes as one quote', 'a,b\n"say ""hi""",""""\n', { CSVHeaderLocation: 'FIRST_ROW' },
        [{ a: 'say "hi"', b: '"' }]],
      ['lets a backslash escape a backslash, a quote or the delimiter', 'a,b,c\nx\\,y,p\\\\q,\\"quoted\\"\n', { CSVHeaderLocation: 'FIRST_ROW' },
        [{ a: 'x,y', b: 'p\\q', c: '"quoted"' }]],
      ['drops a backslash before any other character', 'a,b\n\\no\\te,C:\\dir\n', { CSVHeaderLocation: 'FIRST_ROW' },
        [{ a: 'note', b: 'C:dir' }]],
      ['fills missing fields with "" and drops extra ones', 'a,b,c\n1\n1,2,3,4,5\n', { CSVHeaderLocation: 'FIRST_ROW' },
        [{ a: '1', b: '', c: '' }, { a: '1', b: '2', c: '3' }]],
      ['reads CRLF line ends and ignores blank lines', 'a,b\r\n1,2\r\n\r\n3,4\r\n', { CSVHeaderLocation: 'FIRST_ROW' },
        [{ a: '1', b: '2' }, { a: '3', b: '4' }]],
      ['takes GIVEN headers and reads the first row as data', '1,2\n3,4', { CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'y'] },
        [{ x: '1', y: '2' }, { x: '3', y: '4' }]],
      ['reads commas as characters with another delimiter', 'a|b\n1,5|x\n', { CSVHeaderLocation: 'FIRST_ROW', CSVDelimiter: 'PIPE' },
        [{ a: '1,5', b: 'x' }]],
    ])('%s', async (name, body, config, expected) => {
      // Prepare
      const Key = `csv/${name.replace(/\W+/g, '-')}.csv`;
      await put(Key, body);

      // Act
      const items = await itemsOf(Key, { InputType: 'CSV', ...config });

      // Assess
      expect(items).toEqual(expected);
    });

    it.each([['COMMA', ','], ['PIPE', '|'], ['SEMICOLON', ';'], ['SPACE', ' '], ['TAB', '\t']] as const)('splits fields on the %s delimiter', async (name, char) => {
      // Prepare
      await put(`csv/delimiter-${name}.csv`, `first${char}second\none${char}two\n`);

      // Act
      const items = await itemsOf(`csv/delimiter-${name}.csv`, { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', CSVDelimiter: name });

      // Assess
      expect(items).toEqual([{ first: 'one', second: 'two' }]);
    });

    it.each<[string, string, ReaderConfig]>([
      ['in the first row', 'a,b,a\n1,2,3\n', { CSVHeaderLocation: 'FIRST_ROW' }],
      ['in the given headers', '1,2\n', { CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'x'] }],
    ])('fails with AWS\'s cause for duplicate headers %s', async (_where, body, config) => {
      // Prepare
      await put('csv/duplicates.csv', body);

      // Act
      const failure = await failureOf('csv/duplicates.csv', { InputType: 'CSV', ...config });

      // Assess
      expect(failure).toEqual({ error: 'States.ItemReaderFailed', cause: 'CSV headers cannot contain duplicates.' });
    });
  });

  describe('JSON', () => {
    it('yields each element of the array, strings holding brackets and commas included', async () => {
      // Prepare
      const elements = [{ id: 1, tags: ['a', 'b'] }, 2, 'x],[y', null, [1, [2]], { quote: 'say "hi", ok' }];
      await put('json/array.json', ` \n${JSON.stringify(elements, null, 2)}\n`);

      // Act
      const items = await itemsOf('json/array.json', { InputType: 'JSON' });

      // Assess
      expect(items).toEqual(elements);
    });

    it.each<[string, string, ReaderConfig]>([
      ['an empty JSON array', ' [ ] ', { InputType: 'JSON' }],
      ['an empty JSONL object', '', { InputType: 'JSONL' }],
      ['a CSV with only its header row', 'a,b\n', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }],
    ])('reads no items from %s', async (_what, body, config) => {
      // Prepare
      await put('empty/object', body);

      // Act
      const items = await itemsOf('empty/object', config);

      // Assess
      expect(items).toEqual([]);
    });

    it.each([
      ['an empty object', ''],
      ['an object (AWS recording)', JSON.stringify({ Hello: 'world' })],
      ['a number', '42'],
      ['a string', '"items"'],
    ])('fails on %s with AWS\'s non-iterable cause', async (_what, body) => {
      // Prepare
      await put('json/not-array.json', body);

      // Act
      const failure = await failureOf('json/not-array.json', { InputType: 'JSON' });

      // Assess
      expect(failure).toEqual({ error: 'States.ItemReaderFailed', cause: 'Attempting to map over non-iterable node.' });
    });

    it('fails naming the item that is not JSON', async () => {
      // Prepare
      await put('json/broken.json', '[1, {"a": tru}]');

      // Act
      const failure = await failureOf('json/broken.json', { InputType: 'JSON' });

      // Assess
      expect(failure.error).toBe('States.ItemReaderFailed');
      expect(failure.cause).toMatch(/^The JSON object has invalid JSON at item 1: /);
    });
  });

  describe('JSONL', () => {
    it('yields one item per line and ignores the trailing blank line', async () => {
      // Prepare
      await put('jsonl/small.jsonl', '{"id":1}\n"two"\n[3]\n\n');

      // Act
      const items = await itemsOf('jsonl/small.jsonl', { InputType: 'JSONL' });

      // Assess
      expect(items).toEqual([{ id: 1 }, 'two', [3]]);
    });

    it('reads a gzip-compressed object by its .gz suffix', async () => {
      // Prepare
      await put('jsonl/small.jsonl.gz', gzipSync('{"id":1}\n{"id":2}\n'));

      // Act
      const items = await itemsOf('jsonl/small.jsonl.gz', { InputType: 'JSONL' });

      // Assess
      expect(items).toEqual([{ id: 1 }, { id: 2 }]);
    });
  });

  describe('streaming', () => {
    const COUNT = 100_000;
    const records = Array.from({ length: COUNT }, (_, index) => ({ index, name: `item-${index}` }));

    it.each<[string, string, ReaderConfig, (record: { index: number; name: string }) => unknown]>([
      ['JSONL', `${records.map((record) => JSON.stringify(record)).join('\n')}\n`, { InputType: 'JSONL' }, (record) => record],
      ['JSON', `[${records.map((record) => JSON.stringify(record)).join(',\n')}]`, { InputType: 'JSON' }, (record) => record],
      ['CSV', `index,name\n${records.map((record) => `${record.index},${record.name}`).join('\n')}\n`, { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        (record) => ({ index: String(record.index), name: record.name })],
    ])('reads 100,000 %s items: the first arrives after a few chunks of the body, not after all of them', async (format, body, config, itemOf) => {
      // Prepare
      const Key = `large/items.${format.toLowerCase()}`;
      await put(Key, body);
      let pulled = 0;
      const counting: ObjectStorage = {
        ...storage,
        async getObject(request) {
          const chunks = await storage.getObject(request);
          return (async function* () {
            for await (const chunk of chunks) {
              pulled++;
              yield chunk;
            }
          })();
        },
      };
      const run = mapStateRun({ ItemReader: { Resource: GET_OBJECT, ReaderConfig: config, Parameters: { Bucket: BUCKET, Key } } });
      const iterator = (await openItemReader(run, false, counting)).items[Symbol.asyncIterator]();

      // Act
      const first = await iterator.next();
      const pulledForFirst = pulled;
      let count = 1;
      let last: unknown = first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        count++;
        last = next.value;
      }

      // Assess
      expect(first.value).toEqual(itemOf(records[0] as { index: number; name: string }));
      expect(count).toBe(COUNT);
      expect(last).toEqual(itemOf(records[COUNT - 1] as { index: number; name: string }));
      expect(pulledForFirst).toBeLessThanOrEqual(2);
      expect(pulled).toBeGreaterThan(pulledForFirst * 10);
    });
  });

  it('stops reading the object once MaxItems items are read', async () => {
    // Prepare
    await put('large/stop.jsonl', Array.from({ length: 100_000 }, (_, index) => `{"index":${index}}`).join('\n'));
    let pulled = 0;
    const counting: ObjectStorage = {
      ...storage,
      async getObject(request) {
        const chunks = await storage.getObject(request);
        return (async function* () {
          for await (const chunk of chunks) {
            pulled++;
            yield chunk;
          }
        })();
      },
    };
    const run = mapStateRun({ ItemReader: { Resource: GET_OBJECT, ReaderConfig: { InputType: 'JSONL', MaxItems: 2 }, Parameters: { Bucket: BUCKET, Key: 'large/stop.jsonl' } } });

    // Act
    const items = await collect((await openItemReader(run, false, counting)).items);

    // Assess
    expect(items).toEqual([{ index: 0 }, { index: 1 }]);
    expect(pulled).toBeLessThanOrEqual(2);
  });

  describe('listObjectsV2', () => {
    const KEYS = Array.from({ length: 1_005 }, (_, index) => `photos/img-${String(index).padStart(4, '0')}.jpg`);

    beforeAll(async () => {
      for (let start = 0; start < KEYS.length; start += 50) {
        await Promise.all(KEYS.slice(start, start + 50).map((Key) => put(Key, `image ${Key}`)));
      }
      await put('other/readme.txt', 'not listed');
    });

    /** The storage, counting the ListObjectsV2 pages it is asked for. */
    function countingPages(): { storage: ObjectStorage; pages: () => number } {
      let pages = 0;
      return {
        storage: { ...storage, listObjectsV2: (request) => (pages++, storage.listObjectsV2(request)) },
        pages: () => pages,
      };
    }

    it('lists every object under the prefix across pages, each shaped as AWS shapes it', async () => {
      // Prepare
      const counting = countingPages();
      const run = mapStateRun({ ItemReader: { Resource: LIST_OBJECTS, Parameters: { 'Bucket.$': '$.bucket', 'Prefix.$': '$.prefix' } } }, { bucket: BUCKET, prefix: 'photos/' });
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEYS[0] }));

      // Act
      const source = await openItemReader(run, false, counting.storage);
      const items = await collect(source.items);

      // Assess
      expect(source.source).toBe(`S3://${BUCKET}`);
      expect(items.map((item) => (item as { Key: string }).Key)).toEqual(KEYS);
      expect(counting.pages()).toBe(2);
      const body = `image ${KEYS[0] as string}`;
      expect(items[0]).toStrictEqual({
        Etag: `"${createHash('md5').update(body).digest('hex')}"`,
        Key: KEYS[0],
        LastModified: Math.floor((head.LastModified as Date).getTime() / 1000),
        Size: body.length,
        StorageClass: 'STANDARD',
      });
      expect(Object.keys(items[0] as object)).toEqual(['Etag', 'Key', 'LastModified', 'Size', 'StorageClass']);
    });

    it('passes MaxKeys through, so pages are that size', async () => {
      // Prepare
      const counting = countingPages();
      const run = mapStateRun({ ItemReader: { Resource: LIST_OBJECTS, Parameters: { Bucket: BUCKET, Prefix: 'photos/', MaxKeys: 100 } } });

      // Act
      const items = await collect((await openItemReader(run, false, counting.storage)).items);

      // Assess
      expect(items).toHaveLength(1_005);
      expect(counting.pages()).toBe(11);
    });

    it('reads no further page than MaxItems needs', async () => {
      // Prepare
      const counting = countingPages();
      const run = mapStateRun({ ItemReader: { Resource: LIST_OBJECTS, ReaderConfig: { MaxItems: 10 }, Parameters: { Bucket: BUCKET, Prefix: 'photos/' } } });

      // Act
      const items = await collect((await openItemReader(run, false, counting.storage)).items);

      // Assess
      expect(items.map((item) => (item as { Key: string }).Key)).toEqual(KEYS.slice(0, 10));
      expect(counting.pages()).toBe(1);
    });
  });

  describe('MaxItems', () => {
    beforeAll(() => put('jsonl/ten.jsonl', Array.from({ length: 10 }, (_, index) => String(index)).join('\n')));

    const numbers = (count: number) => Array.from({ length: count }, (_, index) => index);

    it.each<[string, ReaderConfig, unknown, number[]]>([
      ['MaxItems', { MaxItems: 3 }, {}, numbers(3)],
      ['MaxItemsPath', { MaxItemsPath: '$.limit' }, { limit: 4 }, numbers(4)],
      ['MaxItemsPath to a numeric string', { MaxItemsPath: '$.limit' }, { limit: '2' }, numbers(2)],
      ['MaxItems 0 (no limit)', { MaxItems: 0 }, {}, numbers(10)],
      ['MaxItems above the item count', { MaxItems: 100 }, {}, numbers(10)],
    ])('limits the items with %s', async (_name, config, input, expected) => {
      // Act
      const items = await itemsOf('jsonl/ten.jsonl', { InputType: 'JSONL', ...config }, input);

      // Assess
      expect(items).toEqual(expected);
    });

    it('fails with AWS\'s cause when MaxItemsPath gives a negative number', async () => {
      // Act
      const failure = await failureOf('jsonl/ten.jsonl', { InputType: 'JSONL', MaxItemsPath: '$.limit' }, { limit: -1 });

      // Assess
      expect(failure).toEqual({ error: 'States.ItemReaderFailed', cause: 'field MaxItems must be positive' });
    });

    it('fails with States.Runtime when MaxItemsPath gives no integer', async () => {
      // Act
      const failure = await failureOf('jsonl/ten.jsonl', { InputType: 'JSONL', MaxItemsPath: '$.limit' }, { limit: 'many' });

      // Assess
      expect(failure).toEqual({ error: 'States.Runtime', cause: 'The MaxItemsPath field refers to value "many" which is not a valid integer: $.limit' });
    });

    it('evaluates JSONata Arguments and MaxItems in a JSONata state', async () => {
      // Prepare
      const fields: Partial<MapState> = {
        QueryLanguage: 'JSONata',
        ItemReader: {
          Resource: GET_OBJECT,
          ReaderConfig: { InputType: 'JSONL', MaxItems: '{% $states.input.limit * 2 %}' },
          Arguments: { Bucket: '{% $states.input.bucket %}', Key: 'jsonl/ten.jsonl' },
        },
      };

      // Act
      const source = await openItemReader(mapStateRun(fields, { bucket: BUCKET, limit: 3 }), true, storage);

      // Assess
      expect(source.source).toBe(`S3://${BUCKET}/jsonl/ten.jsonl`);
      expect(await collect(source.items)).toEqual(numbers(6));
    });
  });

  it.each<[string, ReaderConfig, string]>([
    ['LOAD_AND_FLATTEN', { InputType: 'JSON', Transformation: 'LOAD_AND_FLATTEN' }, 'Transformation LOAD_AND_FLATTEN'],
    ['ItemsPointer', { InputType: 'JSON', ItemsPointer: '/items' }, 'ItemsPointer'],
    ['PARQUET', { InputType: 'PARQUET' }, 'InputType PARQUET'],
  ])('refuses %s by name rather than reading other items than AWS would', async (_name, config, setting) => {
    // Act
    const failure = await rejection(openItemReader(mapStateRun({ ItemReader: { Resource: GET_OBJECT, ReaderConfig: config, Parameters: { Bucket: BUCKET, Key: 'a.json' } } }), false, storage));

    // Assess
    expect(failure).toEqual({ error: 'States.Runtime', cause: `ReaderConfig.${setting} is not supported by the local runtime; use InputType JSON, JSONL or CSV, or a listing.` });
  });

  describe('S3 failures', () => {
    it.each<[string, Partial<MapState>, RegExp]>([
      ['a missing bucket (listObjectsV2)', { ItemReader: { Resource: LIST_OBJECTS, Parameters: { Bucket: 'no-such-bucket' } } },
        /^Failed to list s3:\/\/no-such-bucket\/: NoSuchBucket: The specified bucket does not exist/],
      ['a missing bucket (getObject)', { ItemReader: { Resource: GET_OBJECT, ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'no-such-bucket', Key: 'a.json' } } },
        /^Failed to read s3:\/\/no-such-bucket\/a.json: NoSuchBucket: The specified bucket does not exist/],
      ['a missing key', { ItemReader: { Resource: GET_OBJECT, ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: BUCKET, Key: 'missing.json' } } },
        /^Failed to read s3:\/\/items\/missing.json: NoSuchKey: The specified key does not exist/],
    ])('fails the reader with States.ItemReaderFailed naming S3\'s reason for %s', async (_name, fields, cause) => {
      // Act
      const failure = await rejection((async () => collect((await openItemReader(mapStateRun(fields), false, storage)).items))());

      // Assess
      expect(failure.error).toBe('States.ItemReaderFailed');
      expect(failure.cause).toMatch(cause);
    });
  });
});
