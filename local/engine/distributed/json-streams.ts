/**
 * JSON Lines and JSON arrays read one item at a time, so a 10 GB object (AWS's limit for one ItemReader file) never
 * sits in memory whole: only the item being read does.
 */

/** The text of a byte stream, decoded as UTF-8 across chunk boundaries. */
export async function* utf8Text(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** A JSON text that cannot be read as items; `message` is the ItemReaderFailed cause. */
export class JsonItemsError extends Error {}

/** AWS's cause when a JSON object holds no array at its top (test_map_item_reader_json_no_json_list_object). */
export const NON_ITERABLE = 'Attempting to map over non-iterable node.';

/** Each non-blank line of JSON Lines text, parsed (a trailing newline or blank line is no item). */
export async function* jsonLines(text: AsyncIterable<string>): AsyncGenerator<unknown> {
  let rest = '';
  let line = 0;
  for await (const chunk of text) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const content of lines) {
      line++;
      if (content.trim() !== '') yield parseLine(content, line);
    }
  }
  if (rest.trim() !== '') yield parseLine(rest, line + 1);
}

function parseLine(content: string, line: number): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new JsonItemsError(`The JSONL object has invalid JSON on line ${line}: ${(error as Error).message}`);
  }
}

/**
 * The elements of a top-level JSON array, each parsed as soon as its text is complete. A scanner tracks only nesting
 * depth and strings to find the commas between elements; JSON.parse does the real parsing of each element. A document
 * that does not start with `[` (an object, a scalar) is AWS's non-iterable node, known from its first character.
 */
export async function* jsonArrayElements(text: AsyncIterable<string>): AsyncGenerator<unknown> {
  const scanner = new ArrayScanner();
  for await (const chunk of text) yield* scanner.push(chunk);
  scanner.end();
}

class ArrayScanner {
  private state: 'before' | 'inside' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  private count = 0;

  push(chunk: string): unknown[] {
    const elements: unknown[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i] as string;
      if (this.state === 'before') {
        if (isSpace(char) || char === '\uFEFF') continue;
        if (char !== '[') throw new JsonItemsError(NON_ITERABLE);
        this.state = 'inside';
        from = i + 1;
      } else if (this.state === 'after') {
        if (!isSpace(char)) throw new JsonItemsError(`The JSON object has invalid JSON: unexpected '${char}' after the array`);
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (char === '\\') this.escaped = true;
        else if (char === '"') this.inString = false;
      } else if (char === '"') {
        this.inString = true;
      } else if (char === '[' || char === '{') {
        this.depth++;
      } else if ((char === ']' || char === '}') && this.depth > 0) {
        this.depth--;
      } else if (this.depth === 0 && (char === ',' || char === ']')) {
        this.element += chunk.slice(from, i);
        from = i + 1;
        const last = char === ']';
        if (!(last && this.count === 0 && this.element.trim() === '')) elements.push(this.parse());
        if (last) this.state = 'after';
      }
    }
    if (this.state === 'inside') this.element += chunk.slice(from);
    return elements;
  }

  end(): void {
    if (this.state === 'before') throw new JsonItemsError(NON_ITERABLE);
    if (this.state === 'inside') throw new JsonItemsError('The JSON object has invalid JSON: the array is not closed');
  }

  private parse(): unknown {
    const text = this.element;
    this.element = '';
    this.count++;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonItemsError(`The JSON object has invalid JSON at item ${this.count - 1}: ${(error as Error).message}`);
    }
  }
}

const isSpace = (char: string): boolean => char === ' ' || char === '\n' || char === '\r' || char === '\t';
