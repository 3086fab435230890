/**
 * Payload templates: Parameters, ResultSelector, ItemSelector and JSONPath Assign.
 * https://states-language.net/spec.html#payload-template
 *
 * A key ending in `.$` takes its value from a path (`$...`, `$$...`, `$var...`) or an intrinsic call, and loses the
 * suffix in the output; every other value is copied, and nested objects and arrays are templates too.
 * A template compiles once into a tree of closures; evaluating it builds fresh objects along the dynamic parts and
 * shares the constant parts (values flowing through the engine are immutable by convention).
 */
import { runtimeError } from './errors';
import { compileIntrinsic, isIntrinsic } from './intrinsics';
import { compilePath, missingPathError } from './jsonpath';
import { MISSING, type PathScope } from './types';

type Evaluator = (scope: PathScope) => unknown;

const DYNAMIC_SUFFIX = '.$';

/**
 * Compile a template for one state field. `field` names that field (Parameters, ResultSelector, ...) in the error
 * raised for a malformed `.$` entry; the caller decides which document is `scope.input` (the effective input for
 * Parameters and ItemSelector, the result for ResultSelector and Assign).
 */
export function compilePayloadTemplate(template: unknown, field: string): (scope: PathScope) => unknown {
  const evaluator = compileNode(template, field);
  return evaluator ?? (() => template);
}

/** undefined when the node is constant (no `.$` key anywhere below), so the literal itself can be returned. */
function compileNode(node: unknown, field: string): Evaluator | undefined {
  if (Array.isArray(node)) return compileArray(node, field);
  if (node !== null && typeof node === 'object') return compileObject(node as Record<string, unknown>, field);
  return undefined;
}

function compileArray(items: readonly unknown[], field: string): Evaluator | undefined {
  const evaluators = items.map((item) => compileNode(item, field));
  if (evaluators.every((e) => e === undefined)) return undefined;
  const parts: Evaluator[] = evaluators.map((e, i) => e ?? constant(items[i]));
  return (scope) => {
    const out = new Array<unknown>(parts.length);
    parts.forEach((part, i) => {
      out[i] = part(scope);
    });
    return out;
  };
}

function compileObject(object: Record<string, unknown>, field: string): Evaluator | undefined {
  const keys: string[] = [];
  const parts: Evaluator[] = [];
  let dynamic = false;
  for (const [key, value] of Object.entries(object)) {
    if (key.endsWith(DYNAMIC_SUFFIX)) {
      keys.push(key.slice(0, -DYNAMIC_SUFFIX.length));
      parts.push(compileDynamic(key, value, field));
      dynamic = true;
    } else {
      const nested = compileNode(value, field);
      keys.push(key);
      parts.push(nested ?? constant(value));
      dynamic ||= nested !== undefined;
    }
  }
  if (!dynamic) return undefined;
  const count = keys.length;
  return (scope) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = keys[i];
      const part = parts[i];
      if (key !== undefined && part !== undefined) out[key] = part(scope);
    }
    return out;
  };
}

/** A `key.$` entry: an intrinsic call, or a path that must select something (else States.Runtime, as on AWS). */
function compileDynamic(key: string, value: unknown, field: string): Evaluator {
  if (typeof value !== 'string' || (!isIntrinsic(value) && !value.startsWith('$'))) {
    throw runtimeError(
      `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call (in ${field}): ${JSON.stringify(value)}`,
    );
  }
  if (isIntrinsic(value)) return compileIntrinsic(value, key);
  const path = compilePath(value);
  return (scope) => {
    const selected = path.read(scope);
    if (selected === MISSING) throw missingPathError(value, key, scope);
    return selected;
  };
}

function constant(value: unknown): Evaluator {
  return () => value;
}
