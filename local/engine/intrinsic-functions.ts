/**
 * The intrinsic functions themselves, with their arity and argument checks: arguments of the wrong type, count or range
 * fail with States.IntrinsicFailure, which Retry and Catch can handle.
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { intrinsicError, type StateEvaluationError } from './errors';

export interface IntrinsicFunction {
  readonly min: number;
  readonly max: number;
  run(name: string, args: unknown[]): unknown;
}

const MAX_STRING = 10_000;
const MAX_RANGE = 1_000;

export function typeMessage(name: string, position: number, expected: string, value: unknown): string {
  return `Invalid arguments in ${name}: argument ${position} must be ${expected}, but was ${describe(value)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** A function's argument errors all begin alike: "Invalid arguments in States.X: ...". */
function invalidArguments(name: string, detail: string): StateEvaluationError {
  return intrinsicError(`Invalid arguments in ${name}: ${detail}`);
}

/** A check that argument `position` of `name` is `expected` (in words), returning it typed. */
function expecting<T>(expected: string, is: (value: unknown) => value is T) {
  return (name: string, position: number, value: unknown): T => {
    if (!is(value)) throw intrinsicError(typeMessage(name, position, expected, value));
    return value;
  };
}

const expectArray = expecting('an array', (value): value is unknown[] => Array.isArray(value));
const expectString = expecting('a string', (value): value is string => typeof value === 'string');
const expectBoolean = expecting('a boolean', (value): value is boolean => typeof value === 'boolean');
const expectObject = expecting('a JSON object', (value): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value));

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
    throw invalidArguments(name, `argument ${position} must be between -2147483648 and 2147483647, but was ${value}`);
  }
  return value;
}

function limitLength(name: string, text: string): string {
  if (text.length > MAX_STRING) {
    throw invalidArguments(name, `the input string must be at most ${MAX_STRING} characters long`);
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

export const FUNCTIONS: Record<string, IntrinsicFunction> = {
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
        throw invalidArguments(name, `the string is not valid JSON: ${source}`);
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
      if (chunk <= 0) throw invalidArguments(name, `the chunk size must be a positive integer, but was ${chunk}`);
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
      if (step === 0) throw invalidArguments(name, 'the step must not be 0');
      const count = Math.floor((end - start) / step) + 1;
      if (count <= 0) return [];
      if (count > MAX_RANGE) {
        throw invalidArguments(name, `the range would have ${count} elements, more than the ${MAX_RANGE} allowed`);
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
        throw invalidArguments(name, `index ${index} is out of bounds for an array of length ${items.length}`);
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
        throw invalidArguments(name, `the string is not valid Base64: ${encoded}`);
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
        throw invalidArguments(name, `the hashing algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}, but was ${String(algorithm)}`);
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
      // AWS supports only the shallow mode: "set the Boolean value to false".
      if (expectBoolean(name, 3, deep)) throw invalidArguments(name, 'deep merging is not supported, the third argument must be false');
      return { ...base, ...overlay };
    },
  },

  'States.MathRandom': {
    min: 2,
    max: 3,
    run(name, [low, high, seed]) {
      const start = roundedInteger(name, 1, low);
      const end = roundedInteger(name, 2, high);
      if (end <= start) throw invalidArguments(name, `the end (${end}) must be greater than the start (${start})`);
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
