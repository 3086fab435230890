/**
 * Intrinsic functions (`States.Format(...)`, `States.ArrayPartition(...)`, ...) for JSONPath states.
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 *
 * A call is parsed once into a tree of argument evaluators; evaluating it only reads paths and runs the functions.
 * Malformed calls and unknown functions fail with States.Runtime; arguments of the wrong type, count or range fail
 * with States.IntrinsicFailure, which Retry/Catch can handle.
 */
import { intrinsicError } from './errors';
import { checkPlaceholders, renderFormat, splitTemplate } from './intrinsic-format';
import { FUNCTIONS, typeMessage } from './intrinsic-functions';
import { parseIntrinsic, type Argument } from './intrinsic-parser';
import { compilePath, missingPathError } from './jsonpath';
import { MISSING, type PathScope } from './types';

export { isIntrinsic } from './intrinsic-parser';
export { formatValue } from './intrinsic-format';
export { jsonEquals } from './intrinsic-functions';

type Evaluator = (scope: PathScope) => unknown;

const isKnownFunction = (name: string): boolean => Object.prototype.hasOwnProperty.call(FUNCTIONS, name);

const cache = new Map<string, Evaluator>();

/**
 * Compile an intrinsic call once (cached by text and field). `field` is the template key (`result.$`) that AWS names
 * when a path argument selects nothing; it defaults to a generic name for callers outside a template.
 */
export function compileIntrinsic(text: string, field = 'intrinsic'): (scope: PathScope) => unknown {
  const key = `${field}\u0000${text}`;
  let evaluator = cache.get(key);
  if (!evaluator) {
    const call = parseIntrinsic(text, isKnownFunction);
    evaluator = compileArgument(call, field);
    cache.set(key, evaluator);
  }
  return evaluator;
}

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
      // The parser admits only known names; this keeps the lookup honest.
      if (fn === undefined) throw intrinsicError(`The intrinsic function '${arg.name}' is not supported`);
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

/**
 * States.Format: "There must be as many remaining arguments in the Invocation as there are occurrences of {}".
 * In a literal template `\{` and `\}` are literal braces, so the template is split from its raw text.
 */
function compileFormat(args: readonly Argument[], field: string): Evaluator {
  const [template, ...rest] = args;
  // compileArgument checked the arity: States.Format has at least its template.
  if (template === undefined) throw intrinsicError(arityMessage('States.Format', 1, Infinity, 0));
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
