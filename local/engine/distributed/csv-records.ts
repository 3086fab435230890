/**
 * CSV as a Distributed Map's ItemReader reads it, streamed chunk by chunk. AWS's rules (input-output-itemreader.html,
 * "CSV files") are not RFC 4180's, so no CSV library reads them as AWS does:
 * - a newline ends a record (`\r\n` too); a line with nothing on it is no record;
 * - double quotes wrap delimiters and newlines, and `""` inside quotes is one quote;
 * - a backslash escapes a backslash, a quote or the delimiter; before any other character it is silently dropped
 *   (that character then counts as usual, so `\` before a newline still ends the record);
 * - spaces are kept and nothing is coerced: every value is a string.
 */

/** ReaderConfig.CSVDelimiter → the character. */
export const CSV_DELIMITERS = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' } as const;
export type CsvDelimiterName = keyof typeof CSV_DELIMITERS;

/**
 * Splits text into records as it arrives: `push` returns the records the chunk completed, `end` the last one. State
 * carries across chunks, so a quote, a backslash or a `\r\n` split between two chunks reads as if it were not.
 */
export class CsvRecordParser {
  private field = '';
  private record: string[] = [];
  /** The current record has something in it (a field, a delimiter or a quote), so it is not a blank line. */
  private started = false;
  private quoted = false;
  /** A quote seen inside quotes: `""` if the next character is a quote, the closing quote otherwise. */
  private quoteInQuotes = false;
  private backslash = false;
  private carriageReturn = false;

  constructor(private readonly delimiter: string) {}

  push(text: string): string[][] {
    const records: string[][] = [];
    for (const char of text) this.read(char, records);
    return records;
  }

  end(): string[][] {
    const records: string[][] = [];
    this.backslash = false;
    this.quoteInQuotes = false;
    if (this.carriageReturn) this.literal('\r');
    this.carriageReturn = false;
    this.endRecord(records);
    return records;
  }

  private read(char: string, records: string[][]): void {
    if (this.backslash) {
      this.backslash = false;
      if (char === '\\' || char === '"' || char === this.delimiter) {
        this.literal(char);
        return;
      }
    }
    if (this.quoteInQuotes) {
      this.quoteInQuotes = false;
      if (char === '"') {
        this.literal('"');
        return;
      }
      this.quoted = false;
    }
    if (this.carriageReturn) {
      this.carriageReturn = false;
      if (char === '\n') {
        this.endRecord(records);
        return;
      }
      this.literal('\r');
    }
    if (char === '\\') {
      this.backslash = true;
      this.started = true;
    } else if (this.quoted) {
      if (char === '"') this.quoteInQuotes = true;
      else this.literal(char);
    } else if (char === '"') {
      this.quoted = true;
      this.started = true;
    } else if (char === this.delimiter) {
      this.record.push(this.field);
      this.field = '';
      this.started = true;
    } else if (char === '\r') {
      this.carriageReturn = true;
    } else if (char === '\n') {
      this.endRecord(records);
    } else {
      this.literal(char);
    }
  }

  private literal(char: string): void {
    this.field += char;
    this.started = true;
  }

  private endRecord(records: string[][]): void {
    if (this.started) {
      this.record.push(this.field);
      records.push(this.record);
    }
    this.record = [];
    this.field = '';
    this.started = false;
    this.quoted = false;
  }
}

/** The records of a CSV text stream, one at a time. */
export async function* csvRecords(text: AsyncIterable<string>, delimiter: string): AsyncGenerator<string[]> {
  const parser = new CsvRecordParser(delimiter);
  for await (const chunk of text) yield* parser.push(chunk);
  yield* parser.end();
}

/**
 * One item per record: header → value, `""` for a field the record lacks, extra fields dropped (AWS's rule).
 * Throws the text AWS gives for duplicate headers; the caller turns it into States.ItemReaderFailed.
 */
export function csvItemOf(headers: readonly string[], record: readonly string[]): Record<string, string> {
  const item: Record<string, string> = {};
  headers.forEach((header, index) => {
    item[header] = record[index] ?? '';
  });
  return item;
}

/** AWS's cause for a header row naming a column twice (LocalStack's AWS-recorded ItemReader snapshots). */
export const DUPLICATE_HEADERS = 'CSV headers cannot contain duplicates.';

export const hasDuplicates = (headers: readonly string[]): boolean => new Set(headers).size !== headers.length;
