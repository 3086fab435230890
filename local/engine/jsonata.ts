/**
 * JSONata fields as Step Functions evaluates them: `"{% expr %}"` strings, alone or as leaves of an object/array
 * template, with `$states` and the workflow variables bound, AWS's extra functions registered and `$eval` removed.
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 *
 * The `jsonata` package is loaded on first use only, so that importing the engine stays cheap.
 */
import type jsonata from 'jsonata';
import { queryError } from './errors';
import { createHash, randomUUID } from 'node:crypto';
import { MISSING, type JsonataScope } from './types';

type JsonataFactory = typeof jsonata;
type Expression = jsonata.Expression;
type Bindings = Record<string, unknown>;

let factory: JsonataFactory | undefined;

function loadJsonata(): JsonataFactory {
  // A lazy require keeps `jsonata` (about 200 KB of source) out of the engine's start-up path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  factory ??= require('jsonata') as JsonataFactory;
  return factory;
}

const OPEN = '{%';
const CLOSE = '%}';

/**
 * A JSONata expression field: the whole string starts with `{%` and ends with `%}`, with nothing outside them.
 * `" {% x %} "` (surrounding spaces) is a plain string literal on AWS, kept as is.
 */
export function isJsonataString(value: unknown): value is string {
  return typeof value === 'string' && value.length >= OPEN.length + CLOSE.length && value.startsWith(OPEN) && value.endsWith(CLOSE);
}

/** The expression inside `{% ... %}`, trimmed: the text AWS quotes in its error messages. */
export function jsonataExpressionText(value: string): string {
  return value.slice(OPEN.length, value.length - CLOSE.length).trim();
}

/**
 * Why a `{% %}` expression would not parse, in JSONata's words (`S0201: Syntax error: ...`), or undefined when it
 * parses. For definition validation: AWS refuses such a definition at CreateStateMachine.
 */
export function jsonataSyntaxProblem(expression: string): string | undefined {
  try {
    loadJsonata()(expression);
    return undefined;
  } catch (error) {
    return describeJsonataError(error);
  }
}

/**
 * Compile a JSONata-language field value: a "{% expr %}" string, or an object/array whose leaves may be such strings
 * (other leaves are literals). `field` names the field for error messages, e.g. 'Output', 'Arguments', 'Assign/total',
 * 'Items'; nested leaves are named as AWS names them: `/key` for an object key, `[i]` for an array index
 * ('Output/a/b[0]'). Evaluate returns a Promise (jsonata 2.x is async). A template with no expression in it
 * evaluates to itself (the same object: values are immutable); evaluated parts are fresh JSON.
 */
export function compileJsonataTemplate(
  template: unknown,
  field: string,
  options: JsonataTemplateOptions = {},
): (scope: JsonataScope) => Promise<unknown> {
  const variableNames = new Set<string>();
  const node = isJsonataString(template) && options.expect
    ? { kind: 'dynamic' as const, evaluate: compileExpression(jsonataExpressionText(template), field, variableNames, options.expect) }
    : compileNode(template, field, variableNames);
  if (node.kind === 'literal') {
    const value = node.value;
    return () => Promise.resolve(value);
  }
  return (scope) => node.evaluate(bindingsFor(scope, variableNames));
}

/** The JSON types as AWS names them in "Expected 'array', but was 'boolean'". */
export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export interface JsonataTemplateOptions {
  /**
   * The type a whole-field expression must yield (Map's `Items` an array, a Choice `Condition` a boolean). Anything
   * else fails with "... returned an unexpected result type. Expected 'array', but was 'boolean' for value: true".
   */
  readonly expect?: JsonType;
}

/** The JSON type of a value, as AWS names it in its messages. */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'boolean' || type === 'number' || type === 'string' ? type : 'object';
}

type CompiledNode =
  | { kind: 'literal'; value: unknown }
  | { kind: 'dynamic'; evaluate: (bindings: Bindings) => Promise<unknown> };

function compileNode(template: unknown, field: string, variableNames: Set<string>): CompiledNode {
  if (isJsonataString(template)) {
    return { kind: 'dynamic', evaluate: compileExpression(jsonataExpressionText(template), field, variableNames) };
  }
  if (Array.isArray(template)) {
    const items = template.map((item, index) => compileNode(item, `${field}[${index}]`, variableNames));
    if (items.every((item) => item.kind === 'literal')) return { kind: 'literal', value: template };
    return {
      kind: 'dynamic',
      async evaluate(bindings) {
        const out: unknown[] = [];
        for (const item of items) out.push(item.kind === 'literal' ? item.value : await item.evaluate(bindings));
        return out;
      },
    };
  }
  if (template !== null && typeof template === 'object') {
    const entries = Object.entries(template).map(([key, value]) => [key, compileNode(value, `${field}/${key}`, variableNames)] as const);
    if (entries.every(([, entry]) => entry.kind === 'literal')) return { kind: 'literal', value: template };
    return {
      kind: 'dynamic',
      async evaluate(bindings) {
        const out: Record<string, unknown> = {};
        for (const [key, entry] of entries) out[key] = entry.kind === 'literal' ? entry.value : await entry.evaluate(bindings);
        return out;
      },
    };
  }
  return { kind: 'literal', value: template };
}

/** One `{% %}` expression: parsed once, evaluated against fresh bindings each time, its result checked as AWS does. */
function compileExpression(text: string, field: string, variableNames: Set<string>, expect?: JsonType): (bindings: Bindings) => Promise<unknown> {
  const failure = (problem: string) => queryError(`The JSONata expression '${text}' specified for the field '${field}' ${problem}`, field);
  let expression: Expression;
  try {
    expression = loadJsonata()(text);
  } catch (error) {
    // AWS refuses such a definition at creation; at run time it can only be reported as a failed evaluation.
    const problem = evaluationFailure(error);
    return () => Promise.reject(failure(problem));
  }
  collectVariableNames(expression.ast(), variableNames);
  registerStepFunctionsFunctions(expression);
  // AWS runs JSONata without $eval ("use $parse instead"): calling it fails like any unknown function (T1006).
  expression.assign('eval', undefined);

  return async (bindings) => {
    let result: unknown;
    try {
      result = await expression.evaluate(undefined, bindings);
    } catch (error) {
      throw failure(evaluationFailure(error));
    }
    if (result === undefined) throw failure('returned nothing (undefined).');
    if (isJsonataFunction(result)) throw failure('returned an unsupported result type.');
    const json = toJson(result);
    if (expect !== undefined && jsonTypeOf(json) !== expect) {
      throw failure(`returned an unexpected result type. Expected '${expect}', but was '${jsonTypeOf(json)}' for value: ${JSON.stringify(json)}`);
    }
    return json;
  };
}

/**
 * How AWS words a failed evaluation: "threw an error during evaluation. T1006: ..." for a JSONata error; a limit the
 * service itself enforces has no code and follows a colon ("threw an error during evaluation: Expression evaluation
 * memory limit exceeded: ...").
 */
function evaluationFailure(error: unknown): string {
  const hasCode = error !== null && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string';
  return `threw an error during evaluation${hasCode ? '. ' : ': '}${describeJsonataError(error)}`;
}

/** `CODE: message`, as AWS quotes a JSONata error (e.g. `T1006: Attempted to invoke a non-function`). */
function describeJsonataError(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return `${code}: ${typeof message === 'string' ? message : ''}`;
    if (typeof message === 'string') return message;
  }
  return String(error);
}

/** Lambdas and built-in function references, which have no JSON form. */
function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  const marked = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return marked._jsonata_lambda === true || marked._jsonata_function === true;
}

/**
 * The result as the JSON AWS hands to the next step: JSONata's internal sequence markers dropped, -0 written as 0,
 * nested functions left out as JSON.stringify leaves them out; also a copy, so nothing downstream shares the input's objects.
 */
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Every `$name` the expression reads (functions included), so only those variables are looked up and bound. */
function collectVariableNames(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectVariableNames(child, names);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.type === 'variable' && typeof record.value === 'string' && record.value !== '') names.add(record.value);
  for (const [key, child] of Object.entries(record)) if (key !== 'value' || typeof child === 'object') collectVariableNames(child, names);
}

/** `$states` plus the workflow variables the expression reads; a variable no frame assigned stays unbound (undefined). */
function bindingsFor(scope: JsonataScope, variableNames: Set<string>): Bindings {
  const bindings: Bindings = {};
  for (const name of variableNames) {
    if (name === 'states') continue;
    const value = scope.variables.get(name);
    if (value !== MISSING) bindings[name] = value;
  }
  const { input, context, result, errorOutput } = scope.states;
  const states: Record<string, unknown> = { input, context };
  if (result !== undefined) states.result = result;
  if (errorOutput !== undefined) states.errorOutput = errorOutput;
  bindings.states = states;
  if (scope.now && (variableNames.has('now') || variableNames.has('millis'))) bindClock(bindings, scope.now());
  return bindings;
}

let formatMillis: Expression | undefined;

/**
 * `$now()` and `$millis()` read the execution's clock, not the machine's, so that under a test clock or
 * `LOCAL_CLOCK_SPEED` a deadline computed in ASL (`$millis() + timeout`) agrees with the Wait and TimeoutSeconds that
 * the same clock drives. Like JSONata's own, both return one instant per evaluation
 * (https://docs.jsonata.org/date-time-functions#now); `$now(picture, timezone)` formats it as `$fromMillis` does.
 */
function bindClock(bindings: Bindings, instant: number): void {
  bindings.millis = () => instant;
  bindings.now = (picture?: string, timezone?: string) => {
    if (picture === undefined && timezone === undefined) return new Date(instant).toISOString();
    formatMillis ??= loadJsonata()('$fromMillis($instant, $picture, $timezone)');
    return formatMillis.evaluate({}, { instant, picture, timezone });
  };
}

/**
 * A JSONata error as the library raises them (`{code, message}`), for the functions AWS adds. D3137 is JSONata's
 * code for an error a function raises with its own message (`$error`), which AWS uses for these functions too.
 */
function functionError(message: string, code = 'D3137'): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** A JSON array that JSONata treats as a sequence: a single item collapses to the item itself, as AWS's `$range` does. */
function asSequence(items: number[]): number[] {
  return Object.assign(items, { sequence: true });
}

/** The most elements AWS lets `$range` build before it refuses with its memory-limit error. */
const MAX_RANGE_ELEMENTS = 360_145;

/**
 * `$partition(array, size)`: chunks of `size` items, the last one shorter (States.ArrayPartition's equivalent).
 * Size is truncated towards zero; no size gives one chunk; 0 or an empty array give undefined; a negative size fails.
 */
function partition(array: unknown[], size?: number): unknown[][] | undefined {
  if (size === undefined) return array.length === 0 ? undefined : [array];
  const chunk = Math.trunc(size);
  if (chunk < 0) throw functionError('Second argument must be zero or greater');
  if (chunk === 0 || array.length === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let start = 0; start < array.length; start += chunk) chunks.push(array.slice(start, start + chunk));
  return chunks;
}

/**
 * `$range(first, last, step)`: `first`, `first + step`, ... up to and including `last` (States.ArrayRange's
 * equivalent). Arguments are truncated towards zero; no step, a zero step or one pointing away from `last` give undefined.
 */
function range(first: number, last: number, step?: number): number[] | undefined {
  if (step === undefined) return undefined;
  const [from, to, by] = [Math.trunc(first), Math.trunc(last), Math.trunc(step)];
  if (by === 0 || (by > 0 && from > to) || (by < 0 && from < to)) return undefined;
  const count = Math.floor((to - from) / by) + 1;
  if (count > MAX_RANGE_ELEMENTS) throw new Error('Expression evaluation memory limit exceeded: Check for excessive memory usage');
  return asSequence(Array.from({ length: count }, (_, index) => from + index * by));
}

/** The algorithms `$hash` accepts, as AWS spells them (case-sensitive), mapped to Node's names. */
const HASH_ALGORITHMS: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** `$hash(value, algorithm)`: the hex digest of the value's UTF-8 bytes (States.Hash's equivalent). */
function hash(value: string, algorithm?: string): string | undefined {
  if (algorithm === undefined) return undefined;
  const nodeName = Object.prototype.hasOwnProperty.call(HASH_ALGORITHMS, algorithm) ? HASH_ALGORITHMS[algorithm] : undefined;
  if (nodeName === undefined) {
    throw functionError(`The hashing algorithm '${algorithm}' is not supported. Supported algorithms: ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
  }
  return createHash(nodeName).update(value, 'utf8').digest('hex');
}

const RANDOM_MULTIPLIER = 0x5deece66dn;
const RANDOM_MASK = (1n << 48n) - 1n;

/**
 * `$random([seed])`: a number in [0, 1). With a seed (truncated towards zero) the draw is reproducible and equals the
 * first `nextDouble()` of `java.util.Random(seed)`, which is what AWS returns for the same seed.
 */
function random(seed?: number): number {
  if (seed === undefined) return Math.random();
  let state = (BigInt.asIntN(64, BigInt(Math.trunc(seed))) ^ RANDOM_MULTIPLIER) & RANDOM_MASK;
  const next = (bits: number): number => {
    state = (state * RANDOM_MULTIPLIER + 0xbn) & RANDOM_MASK;
    return Number(state >> BigInt(48 - bits));
  };
  const high = next(26);
  const low = next(27);
  return (high * 2 ** 27 + low) / 2 ** 53;
}

/** `$parse(json)`: the value a JSON string holds (AWS's replacement for `$eval`); invalid JSON fails. */
function parse(json?: string): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw functionError(`Invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * The functions Step Functions adds to JSONata, with JSONata signatures so that bad arguments fail with T0410 as
 * built-in functions do. https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn
 */
function registerStepFunctionsFunctions(expression: Expression): void {
  expression.registerFunction('partition', partition, '<an?:a>');
  expression.registerFunction('range', range, '<nnn?:a>');
  expression.registerFunction('hash', hash, '<ss?:s>');
  expression.registerFunction('random', random, '<n?:n>');
  expression.registerFunction('uuid', () => randomUUID(), '<:s>');
  expression.registerFunction('parse', parse, '<s?:j>');
}
