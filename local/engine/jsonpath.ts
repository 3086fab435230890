/**
 * JSONPath as Step Functions reads it in JSONPath states: `$` is the state's input, `$$` the context object and
 * `$name` a workflow variable. https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
 *
 * Most paths in real definitions are "definite" (`$.order.items[0]['unit price']`): they select at most one value.
 * Those compile into a small step list walked by a loop, with no JSONPath library involved, because templates are
 * evaluated on every state transition. Only indefinite paths (wildcards, filters, slices, unions, `..`) reach
 * jsonpath-plus, which is loaded on first use so that importing the engine stays cheap.
 */
import { runtimeError, type StateEvaluationError } from './errors';
import { MISSING, type PathScope } from './types';

export interface CompiledPath {
  readonly text: string;
  /** true when the path can select at most one value (no wildcard, filter, slice, union, recursive descent). */
  readonly definite: boolean;
  /** The selected value; for an indefinite path, the array of matches (as AWS returns); MISSING when a definite path selects nothing. */
  read(scope: PathScope): unknown;
}

/** One step of a definite path. `length` is Jayway's `length()` function, which AWS's JSONPath engine supports. */
export type PathStep = { readonly key: string } | { readonly index: number } | { readonly length: true };

/** Where a path starts: the state input, the context object, or a named variable. */
type Root = { readonly kind: 'input' } | { readonly kind: 'context' } | { readonly kind: 'variable'; readonly name: string };

const cache = new Map<string, CompiledPath>();

/** Variable names as AWS accepts them in Assign: a letter or underscore, then letters, digits and underscores. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Compile a path once and keep it: definitions are evaluated many times, and a path's text fully determines its
 * accessor. Throws States.Runtime for text that is not a path at all.
 */
export function compilePath(text: string): CompiledPath {
  let compiled = cache.get(text);
  if (!compiled) {
    compiled = buildPath(text);
    cache.set(text, compiled);
  }
  return compiled;
}

/**
 * Read a path for a named field (InputPath, OutputPath, ItemsPath, SecondsPath, ...), failing as AWS does when
 * nothing matches: "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']".
 * `field` names the field for callers' diagnostics; AWS's message does not mention it.
 */
export function selectPath(text: string, scope: PathScope, _field: string): unknown {
  const path = compilePath(text);
  const value = path.read(scope);
  if (value === MISSING) throw runtimeError(`Invalid path '${text}' : No results for path: ${normalizedPath(text)}`);
  return value;
}

/**
 * The States.Runtime failure of a template field (`name.$`) whose path selects nothing, worded as AWS words it:
 * "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'".
 * The echoed document is the one the path was applied to: the input, the context object or the variable's value.
 */
export function missingPathError(text: string, field: string, scope: PathScope): StateEvaluationError {
  const parsed = parsePath(text);
  const root = parsed?.root ?? { kind: 'input' };
  const document = root.kind === 'context' ? scope.context : root.kind === 'variable' ? scope.variables.get(root.name) : scope.input;
  return runtimeError(
    `The JSONPath '${text}' specified for the field '${field}' could not be found in the input '${JSON.stringify(document)}'`,
  );
}

/** True for a string that reads as a reference path (`$...`), as opposed to a literal or an intrinsic call. */
export function isPath(text: string): boolean {
  return text.startsWith('$');
}

/**
 * The path in Jayway's normalized bracket form, as AWS quotes it in "No results for path: $['a']['b'][0]".
 * The root is always written `$` (AWS reports the path relative to whatever it was applied to).
 */
export function normalizedPath(text: string): string {
  const { steps } = parsePath(text) ?? { steps: undefined };
  if (!steps) return text;
  return '$' + steps.map((s) => ('key' in s ? `['${s.key}']` : 'index' in s ? `[${s.index}]` : '.length()')).join('');
}

/**
 * The steps of a definite path rooted at `$` (the state input), for writers such as ResultPath; undefined for a
 * context or variable path, an indefinite path, or text that is not a path.
 */
export function inputPathSteps(text: string): readonly PathStep[] | undefined {
  const parsed = parsePath(text);
  return parsed?.root.kind === 'input' ? parsed.steps : undefined;
}

function buildPath(text: string): CompiledPath {
  const parsed = parsePath(text);
  if (parsed?.steps) {
    const { root, steps } = parsed;
    return { text, definite: true, read: (scope) => walk(rootValue(root, scope, text), steps) };
  }
  if (!parsed) throw runtimeError(`Invalid path '${text}' : the path is not a valid JSONPath`);
  const { root, rest } = parsed;
  if (!looksIndefinite(rest)) throw runtimeError(`Invalid path '${text}' : the path is not a valid JSONPath`);
  const query = '$' + rest;
  return {
    text,
    definite: false,
    read: (scope) => {
      const base = rootValue(root, scope, text);
      return base === MISSING ? [] : queryAll(query, base, text);
    },
  };
}

interface ParsedPath {
  readonly root: Root;
  /** The text after the root, starting with `.` or `[` (or empty). */
  readonly rest: string;
  /** The steps when the whole path is definite and simple enough for the fast accessor; otherwise undefined. */
  readonly steps?: readonly PathStep[];
}

/** Split a path into root and steps; undefined when the text does not even start like a path. */
function parsePath(text: string): ParsedPath | undefined {
  if (!text.startsWith('$')) return undefined;
  let root: Root;
  let rest: string;
  if (text.startsWith('$$')) {
    root = { kind: 'context' };
    rest = text.slice(2);
  } else {
    const name = VARIABLE_NAME.exec(text.slice(1));
    if (name) {
      root = { kind: 'variable', name: name[0] };
      rest = text.slice(1 + name[0].length);
    } else {
      root = { kind: 'input' };
      rest = text.slice(1);
    }
  }
  if (rest !== '' && rest[0] !== '.' && rest[0] !== '[') return undefined;
  return { root, rest, steps: parseSteps(rest) };
}

/** Parse the definite subset: `.name`, `['name']`, `["name"]`, `[3]`, `[-1]`, and a trailing `.length()`. */
function parseSteps(rest: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  let i = 0;
  while (i < rest.length) {
    const c = rest[i];
    if (c === '.') {
      if (rest.startsWith('.length()', i) && i + 9 === rest.length) {
        steps.push({ length: true });
        return steps;
      }
      let j = i + 1;
      while (j < rest.length && !'.[]()*?@,: \'"'.includes(rest.charAt(j))) j++;
      if (j === i + 1) return undefined; // `..`, `.*`, `.` at the end: not a simple name
      steps.push({ key: rest.slice(i + 1, j) });
      i = j;
    } else if (c === '[') {
      const q = rest[i + 1];
      if (q === "'" || q === '"') {
        const literal = readQuoted(rest, i + 1);
        if (!literal || rest[literal.end] !== ']') return undefined;
        steps.push({ key: literal.value });
        i = literal.end + 1;
      } else {
        const m = /^\[\s*(-?\d+)\s*\]/.exec(rest.slice(i));
        if (!m) return undefined;
        steps.push({ index: Number(m[1]) });
        i += m[0].length;
      }
    } else {
      return undefined;
    }
  }
  return steps;
}

/**
 * A quoted name inside brackets. A backslash escapes the quote and itself; before any other character it is kept,
 * which is how AWS resolved `$['Test\""Name"']` to the key `Test\""Name"` in its recorded runs.
 */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) {
      value += text[i + 1];
      i++;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  return undefined;
}

/** The constructs that make a path indefinite, per the ASL spec's definition of a Reference Path (which excludes them). */
function looksIndefinite(rest: string): boolean {
  return /\*|\.\.|\[\s*\?|\[[^\]'"]*[:,][^\]]*\]|\]\s*,|'\s*,\s*'/.test(rest);
}

function rootValue(root: Root, scope: PathScope, text: string): unknown {
  switch (root.kind) {
    case 'input':
      return scope.input;
    case 'context':
      return scope.context;
    case 'variable': {
      const value = scope.variables.get(root.name);
      // Assumption (no recorded AWS cause in the corpus): an unassigned variable fails the state with States.Runtime.
      if (value === MISSING) throw runtimeError(`Invalid path '${text}' : The variable '$${root.name}' is not defined`);
      return value;
    }
  }
}

function walk(start: unknown, steps: readonly PathStep[]): unknown {
  let value = start;
  for (const step of steps) {
    if ('key' in step) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return MISSING;
      if (!Object.prototype.hasOwnProperty.call(value, step.key)) return MISSING;
      value = (value as Record<string, unknown>)[step.key];
    } else if ('index' in step) {
      if (!Array.isArray(value)) return MISSING;
      const index = step.index < 0 ? value.length + step.index : step.index;
      if (index < 0 || index >= value.length) return MISSING;
      value = value[index];
    } else {
      if (!Array.isArray(value)) return MISSING;
      value = value.length;
    }
    if (value === MISSING) return MISSING;
  }
  return value;
}

type JsonPathModule = typeof import('jsonpath-plus');
let jsonPathPlus: JsonPathModule | undefined;

/** Every match of an indefinite path, in document order; an empty array when nothing matches (AWS returns `[]`). */
function queryAll(query: string, json: unknown, text: string): unknown[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jsonPathPlus ??= require('jsonpath-plus') as JsonPathModule;
  if (json === null || typeof json !== 'object') return [];
  try {
    const found: unknown = jsonPathPlus.JSONPath({ path: query, json: json as object, wrap: true });
    return Array.isArray(found) ? found : [];
  } catch (error) {
    throw runtimeError(`Invalid path '${text}' : ${(error as Error).message}`);
  }
}
