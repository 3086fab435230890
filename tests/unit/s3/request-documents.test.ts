import { decodeAwsChunked } from '../../../local/s3/aws-chunked';
import { listPage } from '../../../local/s3/list-objects';
import { InMemoryObjectStore } from '../../../local/s3/object-store';
import { parseRange } from '../../../local/s3/range';
import { readXml, xmlDocument } from '../../../local/s3/xml';

describe('aws-chunked bodies', () => {
  it('drops signed chunk framing and returns the trailer fields', () => {
    // Prepare
    const body = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:xyz\r\n\r\n');

    // Act
    const decoded = decodeAwsChunked(body, '11');

    // Assess
    expect(decoded.bytes.toString()).toBe('hello world');
    expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==', 'x-amz-trailer-signature': 'xyz' });
  });

  it.each([
    ['a size that is not hex', 'zz\r\nhello\r\n0\r\n\r\n', undefined],
    ['a chunk shorter than its size', 'a\r\nhello\r\n0\r\n\r\n', undefined],
    ['no final chunk', '5\r\nhello\r\n', undefined],
    ['a decoded length that differs', '5\r\nhello\r\n0\r\n\r\n', '6'],
  ])('refuses %s with IncompleteBody', (_label, text, length) => {
    // Act
    const act = () => decodeAwsChunked(Buffer.from(text), length);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'IncompleteBody', statusCode: 400 }));
  });
});

describe('S3 XML documents', () => {
  it('reads elements, entities, character references and CDATA, ignoring the namespace prefix', () => {
    // Act
    const root = readXml('<?xml version="1.0"?><s3:Delete xmlns:s3="x"><s3:Object><Key>a&amp;b&#x1F600;<![CDATA[<c>]]></Key></s3:Object></s3:Delete>');

    // Assess
    expect(root.name).toBe('Delete');
    expect(root.children[0]?.children[0]).toMatchObject({ name: 'Key', text: 'a&b\u{1F600}<c>' });
  });

  it.each([
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE x [<!ENTITY a "b">]><Delete>&a;</Delete>'],
    ['an unknown entity', '<Delete>&nbsp;</Delete>'],
    ['mismatched tags', '<Delete><Object></Delete></Object>'],
    ['two roots', '<Delete/><Delete/>'],
    ['nesting past 16 levels', `${'<a>'.repeat(20)}${'</a>'.repeat(20)}`],
    ['no element at all', 'just text'],
  ])('refuses %s with MalformedXML', (_label, text) => {
    // Act
    const act = () => readXml(text);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'MalformedXML', statusCode: 400 }));
  });

  it('writes S3 documents in S3 namespace, escaping text and leaving out absent members', () => {
    // Act
    const text = xmlDocument('ListBucketResult', { Name: 'b', Prefix: undefined, Contents: [{ Key: '<&>' }, { Key: '"q"' }], IsTruncated: false });

    // Assess
    expect(text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Contents><Key>&lt;&amp;&gt;</Key></Contents><Contents><Key>&quot;q&quot;</Key></Contents><IsTruncated>false</IsTruncated></ListBucketResult>');
  });
});

describe('Range headers', () => {
  it.each([
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=5-', { start: 5, end: 9 }],
    ['bytes=-3', { start: 7, end: 9 }],
    ['bytes=-30', { start: 0, end: 9 }],
    ['bytes=2-1', undefined],
    ['items=0-1', undefined],
    ['bytes=0-1,3-4', undefined],
  ])('reads %s of a 10-byte object', (header, range) => {
    // Act
    const parsed = parseRange(header, 10);

    // Assess
    expect(parsed).toEqual(range);
  });

  it.each(['bytes=10-', 'bytes=-0'])('answers %s of a 10-byte object with InvalidRange (416)', (header) => {
    // Act
    const act = () => parseRange(header, 10);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidRange', statusCode: 416 }));
  });
});

describe('list pagination over the store', () => {
  it('pages 10,000 keys 1,000 at a time, each key once and in order', async () => {
    // Prepare
    const store = new InMemoryObjectStore();
    await store.createBucket({ name: 'b', region: 'us-east-1', creationDate: new Date(0) });
    const keys = Array.from({ length: 10_000 }, (_, index) => `k/${index}`);
    for (const key of keys) await store.putObject('b', { key, body: Buffer.alloc(0), etag: '""', lastModified: new Date(0), contentType: 'x', metadata: {}, representation: {} });

    // Act
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await listPage(store, 'b', { prefix: 'k/', maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
      seen.push(...page.objects.map((object) => object.key));
      pages++;
      if (!page.isTruncated) break;
      after = page.last;
    }

    // Assess
    expect(pages).toBe(10);
    expect(seen).toEqual([...keys].sort());
  });
});
