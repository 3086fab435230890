/**
 * Intrinsic functions (`States.Format(...)`, `States.ArrayPartition(...)`, ...) for JSONPath states.
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 *
 * A call is parsed once into a tree of argument evaluators; evaluating it only reads paths and runs the functions.
 * Malformed calls and unknown functions fail with States.Runtime; arguments of the wrong type, count or range fail
 * with States.IntrinsicFailure, which Retry/Catch can handle.
 */
import { createHash, randomUUID } from 'node:crypto';
import { intrinsicError, runtimeError } from './errors';
import { compilePath, missingPathError } from './jsonpath';
import { MISSING, type PathScope } from './types';

type Evaluator = (scope: PathScope) => unknown;

/** An argument as written: literals keep their raw text, because States.Format treats `\{` differently from `{`. */
type Argument =
  | { readonly kind: 'literal'; readonly value: unknown; readonly raw?: string }
  | { readonly kind: 'path'; readonly text: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Argument[] };

const INTRINSIC_START = /^\s*States\.[A-Za-z0-9]+\s*\(/;

/** True for a `.$` value that is an intrinsic call rather than a path. */
export function isIntrinsic(text: string): boolean {
  return INTRINSIC_START.test(text);
}

const cache = new Map<string, Evaluator>();

/**
 * Compile an intrinsic call once (cached by text and field). `field` is the template key (`result.$`) that AWS names
 * when a path argument selects nothing; it defaults to a generic name for callers outside a template.
 */
export function compileIntrinsic(text: string, field = 'intrinsic'): (scope: PathScope) => unknown {
  const key = `${field}\u0000${text}`;
  let evaluator = cache.get(key);
  if (!evaluator) {
    const call = new CallParser(text).parseTopLevel();
    evaluator = compileArgument(call, field);
    cache.set(key, evaluator);
  }
  return evaluator;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** Recursive-descent parser over the intrinsic grammar: call := States.Name '(' [arg (',' arg)*] ')'. */
class CallParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseTopLevel(): Argument {
    this.skipSpace();
    const call = this.parseCall();
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected text after the closing parenthesis');
    return call;
  }

  private parseCall(): Argument {
    const match = /^States\.([A-Za-z0-9]+)\s*\(/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected an intrinsic function call');
    const name = `States.${match[1]}`;
    if (!FUNCTIONS[name]) throw runtimeError(`The intrinsic function '${name}' is not supported: ${this.text}`);
    this.pos += match[0].length;
    const args: Argument[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.parseArgument());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ')') return { kind: 'call', name, args };
      if (c !== ',') this.fail("expected ',' or ')'");
    }
  }

  private parseArgument(): Argument {
    const rest = this.text.slice(this.pos);
    const c = rest[0];
    if (c === "'") return this.parseString();
    if (c === '$') return { kind: 'path', text: this.readPath() };
    if (rest.startsWith('States.')) return this.parseCall();
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest);
    if (!literal) this.fail('expected a string, number, boolean, null, path or intrinsic function');
    this.pos += literal[0].length;
    return { kind: 'literal', value: JSON.parse(literal[0]) };
  }

  /** `'...'` where `\'`, `\{`, `\}` and `\\` are escapes (AWS's documented set); any other backslash stays as is. */
  private parseString(): Argument {
    const start = ++this.pos;
    let value = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\' && "'{}\\".includes(this.text[this.pos + 1] ?? '')) {
        value += this.text[this.pos + 1];
        this.pos += 2;
      } else if (c === "'") {
        const raw = this.text.slice(start, this.pos);
        this.pos++;
        return { kind: 'literal', value, raw };
      } else {
        value += c;
        this.pos++;
      }
    }
    this.fail('unterminated string literal');
  }

  /** A path runs to the next `,` or `)` outside brackets and quotes (filters may contain both). */
  private readPath(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if ((c === ']' || c === ')') && depth > 0) depth--;
      else if (depth === 0 && (c === ',' || c === ')')) break;
    }
    return this.text.slice(start, this.pos).trimEnd();
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private fail(problem: string): never {
    throw runtimeError(`Invalid intrinsic function call '${this.text}': ${problem} at position ${this.pos}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Compiling

function compileArgument(arg: Argument, field: string): Evaluator {
  switch (arg.kind) {
    case 'literal': {
      const value = arg.value;
      return () => value;
    }
    case 'path': {
      const path = compilePath(arg.text);
      return (scope) => {
        const value = path.read(scope);
        if (value === MISSING) throw missingPathError(arg.text, field, scope);
        return value;
      };
    }
    case 'call': {
      const fn = FUNCTIONS[arg.name];
      const count = arg.args.length;
      if (count < fn.min || count > fn.max) throw intrinsicError(arityMessage(arg.name, fn.min, fn.max, count));
      if (arg.name === 'States.Format') return compileFormat(arg.args, field);
      const args = arg.args.map((a) => compileArgument(a, field));
      const name = arg.name;
      return (scope) => fn.run(name, args.map((evaluate) => evaluate(scope)));
    }
  }
}

function arityMessage(name: string, min: number, max: number, count: number): string {
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return `Invalid number of arguments in ${name}: expected ${expected} but received ${count}`;
}

// ---------------------------------------------------------------------------------------------------------------
// States.Format

type FormatPart = string | null; // null marks a `{}` placeholder

/**
 * States.Format: "There must be as many remaining arguments in the Invocation as there are occurrences of {}".
 * In a literal template `\{` and `\}` are literal braces, so the template is split from its raw text.
 */
function compileFormat(args: readonly Argument[], field: string): Evaluator {
  const [template, ...rest] = args;
  const values = rest.map((a) => compileArgument(a, field));
  if (template.kind === 'literal') {
    if (typeof template.value !== 'string') throw intrinsicError(typeMessage('States.Format', 1, 'a string', template.value));
    const parts = splitTemplate(template.raw ?? template.value, true);
    checkPlaceholders(parts, values.length);
    return (scope) => renderFormat(parts, values.map((evaluate) => evaluate(scope)));
  }
  const templateEvaluator = compileArgument(template, field);
  return (scope) => {
    const text = templateEvaluator(scope);
    if (typeof text !== 'string') throw intrinsicError(typeMessage('States.Format', 1, 'a string', text));
    const parts = splitTemplate(text, false);
    checkPlaceholders(parts, values.length);
    return renderFormat(parts, values.map((evaluate) => evaluate(scope)));
  };
}

function splitTemplate(text: string, escaped: boolean): FormatPart[] {
  const parts: FormatPart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped && c === '\\' && "'{}\\".includes(text[i + 1] ?? '')) {
      literal += text[++i];
    } else if (c === '{' && text[i + 1] === '}') {
      parts.push(literal, null);
      literal = '';
      i++;
    } else {
      literal += c;
    }
  }
  parts.push(literal);
  return parts;
}

function checkPlaceholders(parts: readonly FormatPart[], supplied: number): void {
  const placeholders = parts.filter((p) => p === null).length;
  if (placeholders !== supplied) {
    throw intrinsicError(
      `Invalid arguments in States.Format: the template has ${placeholders} placeholder(s) '{}' but ${supplied} value(s) were supplied`,
    );
  }
}

function renderFormat(parts: readonly FormatPart[], values: readonly unknown[]): string {
  let out = '';
  let next = 0;
  for (const part of parts) out += part === null ? formatValue(values[next++]) : part;
  return out;
}

/**
 * How AWS renders a value into a States.Format string: strings as they are, numbers and booleans and null as JSON,
 * arrays as `[a, b]` and objects as `{key=value, ...}` (Java's collection toString, as AWS's recorded runs show).
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------------
// The functions

interface IntrinsicFunction {
  readonly min: number;
  readonly max: number;
  run(name: string, args: unknown[]): unknown;
}

const MAX_STRING = 10_000;
const MAX_RANGE = 1_000;

function typeMessage(name: string, position: number, expected: string, value: unknown): string {
  return `Invalid arguments in ${name}: argument ${position} must be ${expected}, but was ${describe(value)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function expectArray(name: string, position: number, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw intrinsicError(typeMessage(name, position, 'an array', value));
  return value;
}

function expectString(name: string, position: number, value: unknown): string {
  if (typeof value !== 'string') throw intrinsicError(typeMessage(name, position, 'a string', value));
  return value;
}

/**
 * An argument the function takes as an integer. A number with a fraction is rounded to the nearest integer, halves
 * towards positive infinity: the intrinsic-functions page says so for States.ArrayPartition, States.ArrayRange,
 * States.MathRandom and States.MathAdd ("If you specify a non-integer value ..., Step Functions will round it off to
 * the nearest integer"), and the recorded MathAdd runs show the halves (1.5 → 2, -1.5 → -1, -2.5 → -2).
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
function roundedInteger(name: string, position: number, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw intrinsicError(typeMessage(name, position, 'an integer', value));
  return Math.round(value) || 0;
}

/** States.MathAdd: "You must specify integer values in the range of -2147483648 and 2147483647" (intrinsic-functions page). */
function int32(name: string, position: number, value: number): number {
  if (value < -2147483648 || value > 2147483647) {
    throw intrinsicError(`Invalid arguments in ${name}: argument ${position} must be between -2147483648 and 2147483647, but was ${value}`);
  }
  return value;
}

function expectObject(name: string, position: number, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw intrinsicError(typeMessage(name, position, 'a JSON object', value));
  }
  return value as Record<string, unknown>;
}

function limitLength(name: string, text: string): string {
  if (text.length > MAX_STRING) {
    throw intrinsicError(`Invalid arguments in ${name}: the input string must be at most ${MAX_STRING} characters long`);
  }
  return text;
}

/** JSON equality, ignoring key order: what ArrayContains and ArrayUnique compare with. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEquals(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => Object.hasOwn(right, k) && jsonEquals(left[k], right[k]));
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** A small seeded generator (mulberry32) so that MathRandom with a seed repeats within our runtime. */
function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const FUNCTIONS: Record<string, IntrinsicFunction> = {
  // Formatting is compiled specially (compileFormat); the entry carries its arity.
  'States.Format': { min: 1, max: Infinity, run: () => undefined },

  'States.StringToJson': {
    min: 1,
    max: 1,
    run(name, [text]) {
      const source = expectString(name, 1, text);
      // AWS returns null for an empty or blank string (recorded runs).
      if (source.trim() === '') return null;
      try {
        return JSON.parse(source);
      } catch {
        throw intrinsicError(`Invalid arguments in ${name}: the string is not valid JSON: ${source}`);
      }
    },
  },

  'States.JsonToString': { min: 1, max: 1, run: (_name, [value]) => JSON.stringify(value) },

  'States.Array': { min: 0, max: Infinity, run: (_name, args) => args },

  'States.ArrayPartition': {
    min: 2,
    max: 2,
    run(name, [array, size]) {
      const items = expectArray(name, 1, array);
      const chunk = roundedInteger(name, 2, size);
      if (chunk <= 0) throw intrinsicError(`Invalid arguments in ${name}: the chunk size must be a positive integer, but was ${chunk}`);
      const chunks: unknown[][] = [];
      for (let i = 0; i < items.length; i += chunk) chunks.push(items.slice(i, i + chunk));
      return chunks;
    },
  },

  'States.ArrayContains': {
    min: 2,
    max: 2,
    run: (name, [array, value]) => expectArray(name, 1, array).some((item) => jsonEquals(item, value)),
  },

  'States.ArrayRange': {
    min: 3,
    max: 3,
    run(name, [first, last, increment]) {
      const start = roundedInteger(name, 1, first);
      const end = roundedInteger(name, 2, last);
      const step = roundedInteger(name, 3, increment);
      if (step === 0) throw intrinsicError(`Invalid arguments in ${name}: the step must not be 0`);
      const count = Math.floor((end - start) / step) + 1;
      if (count <= 0) return [];
      if (count > MAX_RANGE) {
        throw intrinsicError(`Invalid arguments in ${name}: the range would have ${count} elements, more than the ${MAX_RANGE} allowed`);
      }
      return Array.from({ length: count }, (_, i) => start + i * step);
    },
  },

  'States.ArrayGetItem': {
    min: 2,
    max: 2,
    run(name, [array, position]) {
      const items = expectArray(name, 1, array);
      const index = roundedInteger(name, 2, position);
      if (index < 0 || index >= items.length) {
        throw intrinsicError(`Invalid arguments in ${name}: index ${index} is out of bounds for an array of length ${items.length}`);
      }
      return items[index];
    },
  },

  'States.ArrayLength': { min: 1, max: 1, run: (name, [array]) => expectArray(name, 1, array).length },

  'States.ArrayUnique': {
    min: 1,
    max: 1,
    run(name, [array]) {
      const unique: unknown[] = [];
      for (const item of expectArray(name, 1, array)) if (!unique.some((seen) => jsonEquals(seen, item))) unique.push(item);
      return unique;
    },
  },

  'States.Base64Encode': {
    min: 1,
    max: 1,
    run: (name, [text]) => Buffer.from(limitLength(name, expectString(name, 1, text)), 'utf8').toString('base64'),
  },

  'States.Base64Decode': {
    min: 1,
    max: 1,
    run(name, [text]) {
      const encoded = limitLength(name, expectString(name, 1, text));
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
        throw intrinsicError(`Invalid arguments in ${name}: the string is not valid Base64: ${encoded}`);
      }
      return Buffer.from(encoded, 'base64').toString('utf8');
    },
  },

  'States.Hash': {
    min: 2,
    max: 2,
    run(name, [data, algorithm]) {
      const text = limitLength(name, expectString(name, 1, data));
      const chosen = HASH_ALGORITHMS[expectString(name, 2, algorithm)];
      if (!chosen) {
        throw intrinsicError(
          `Invalid arguments in ${name}: the hashing algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}, but was ${String(algorithm)}`,
        );
      }
      return createHash(chosen).update(text, 'utf8').digest('hex');
    },
  },

  'States.JsonMerge': {
    min: 3,
    max: 3,
    run(name, [left, right, deep]) {
      const base = expectObject(name, 1, left);
      const overlay = expectObject(name, 2, right);
      if (typeof deep !== 'boolean') throw intrinsicError(typeMessage(name, 3, 'a boolean', deep));
      // AWS supports only the shallow mode: "set the Boolean value to false".
      if (deep) throw intrinsicError(`Invalid arguments in ${name}: deep merging is not supported, the third argument must be false`);
      return { ...base, ...overlay };
    },
  },

  'States.MathRandom': {
    min: 2,
    max: 3,
    run(name, [low, high, seed]) {
      const start = roundedInteger(name, 1, low);
      const end = roundedInteger(name, 2, high);
      if (end <= start) throw intrinsicError(`Invalid arguments in ${name}: the end (${end}) must be greater than the start (${start})`);
      const random = seed === undefined ? Math.random() : seededRandom(roundedInteger(name, 3, seed));
      return start + Math.floor(random * (end - start));
    },
  },

  'States.MathAdd': {
    min: 2,
    max: 2,
    run: (name, [a, b]) => int32(name, 1, roundedInteger(name, 1, a)) + int32(name, 2, roundedInteger(name, 2, b)) || 0,
  },

  'States.StringSplit': {
    min: 2,
    max: 2,
    run(name, [text, delimiters]) {
      const source = expectString(name, 1, text);
      const separators = new Set(expectString(name, 2, delimiters));
      // Every character of the delimiter separates, and empty pieces are dropped (AWS's recorded runs).
      const pieces: string[] = [];
      let current = '';
      for (const c of source) {
        if (separators.has(c)) {
          if (current) pieces.push(current);
          current = '';
        } else {
          current += c;
        }
      }
      if (current) pieces.push(current);
      return pieces;
    },
  },

  'States.UUID': { min: 0, max: 0, run: () => randomUUID() },
};
