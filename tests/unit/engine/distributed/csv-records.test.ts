/**
 * The CSV parser keeps its state across chunks: a body cut anywhere (inside quotes, between `""`, after a backslash,
 * between `\r` and `\n`) reads as the whole text does, which is what lets the ItemReader stream a CSV object.
 */
import { CsvRecordParser } from '../../../../local/engine/distributed/csv-records';

const TEXT = 'a,b,c\r\n"x,\n""y""",p\\\\q\\,r,\\"s\r\n\n1,"2"\\x,3\n';

function parseInChunks(text: string, size: number): string[][] {
  const parser = new CsvRecordParser(',');
  const records: string[][] = [];
  for (let start = 0; start < text.length; start += size) records.push(...parser.push(text.slice(start, start + size)));
  records.push(...parser.end());
  return records;
}

describe('CsvRecordParser', () => {
  it('reads the records of AWS\'s rules from the whole text', () => {
    // Act
    const records = parseInChunks(TEXT, TEXT.length);

    // Assess
    expect(records).toEqual([['a', 'b', 'c'], ['x,\n"y"', 'p\\q,r', '"s'], ['1', '2x', '3']]);
  });

  it.each([1, 2, 3, 5, 7])('reads the same records from chunks of %i characters', (size) => {
    // Act
    const records = parseInChunks(TEXT, size);

    // Assess
    expect(records).toEqual(parseInChunks(TEXT, TEXT.length));
  });

  it('ends the last record without a newline and reads an empty text as no records', () => {
    // Act
    const last = parseInChunks('a,b\n1,2', 3);
    const empty = parseInChunks('', 1);

    // Assess
    expect(last).toEqual([['a', 'b'], ['1', '2']]);
    expect(empty).toEqual([]);
  });
});
