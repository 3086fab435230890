/**
 * The data-flow pipelines of a state, for both query languages, on top of the expression evaluators.
 * JSONPath: InputPath → Parameters → action → Assign (reads the result) → ResultSelector → ResultPath (into the raw
 * input) → OutputPath. JSONata: Arguments → action → Assign and Output, both seeing the variables as they were.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 */
import { compileJsonataTemplate } from './jsonata';
import { selectPath } from './jsonpath';
import { compilePayloadTemplate } from './payload';
import { applyResultPath } from './result-path';
import type { StateRun } from './state-run';
import type { MapState, ParallelState, PassState, StateDefinition, TaskState } from './asl';
import type { JsonataScope, PathScope, QueryLanguage } from './types';

type PathTemplate = (scope: PathScope) => unknown;
type JsonataTemplate = (scope: JsonataScope) => Promise<unknown>;

const pathTemplates = new WeakMap<object, Map<string, PathTemplate>>();
const jsonataTemplates = new WeakMap<object, Map<string, JsonataTemplate>>();
const jsonataStrings = new Map<string, JsonataTemplate>();

/** A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign), compiled once per definition object. */
export function evaluatePathTemplate(template: unknown, field: string, scope: PathScope): unknown {
  if (template === null || typeof template !== 'object') return template;
  let byField = pathTemplates.get(template);
  if (!byField) pathTemplates.set(template, (byField = new Map()));
  let compiled = byField.get(field);
  if (!compiled) {
    compiled = compilePayloadTemplate(template, field);
    byField.set(field, compiled);
  }
  return compiled(scope);
}

/** A JSONata field value (a `{% %}` string, or an object/array holding some), compiled once. */
export function evaluateJsonata(template: unknown, field: string, scope: JsonataScope): Promise<unknown> {
  let compiled: JsonataTemplate | undefined;
  if (template !== null && typeof template === 'object') {
    let byField = jsonataTemplates.get(template);
    if (!byField) jsonataTemplates.set(template, (byField = new Map()));
    compiled = byField.get(field);
    if (!compiled) byField.set(field, (compiled = compileJsonataTemplate(template, field)));
  } else if (typeof template === 'string') {
    const key = `${field}\u0000${template}`;
    compiled = jsonataStrings.get(key);
    if (!compiled) jsonataStrings.set(key, (compiled = compileJsonataTemplate(template, field)));
  } else {
    return Promise.resolve(template);
  }
  return compiled(scope);
}

/** The states with InputPath, OutputPath and the other common fields: every type but Fail. */
export type StateWithIO = Exclude<StateDefinition, { Type: 'Fail' }>;
/** The states that produce a result and merge it with ResultPath (Pass: its Result or its input). */
export type StateWithResult = PassState | TaskState | ParallelState | MapState;

/** InputPath then Parameters: the value the state's action works on. Sets `run.input` to the InputPath result. */
export function jsonPathEffectiveInput(run: StateRun<StateWithIO>): unknown {
  const def = run.definition;
  applyInputPath(run);
  const parameters = 'Parameters' in def ? def.Parameters : undefined;
  return parameters === undefined ? run.input : evaluatePathTemplate(parameters, 'Parameters', run);
}

/** InputPath on the state's raw input (again on every retry); its result becomes `$` for the state's other fields. */
export function applyInputPath(run: StateRun<StateWithIO>): void {
  const inputPath = run.definition.InputPath;
  run.input = inputPath === null ? {} : inputPath === undefined || inputPath === '$' ? run.rawInput : selectPath(inputPath, run.pathScope(run.rawInput), 'InputPath');
}

export interface StateResult {
  readonly output: unknown;
  /** Variables the state assigns, applied by the frame once the state has completed. */
  readonly assigned?: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A JSONPath Assign block evaluated against `scope` (whose `$` is the result, or the Catch's error output). */
export function evaluatePathAssign(assign: unknown, scope: PathScope): Record<string, unknown> | undefined {
  if (assign === undefined) return undefined;
  const values = evaluatePathTemplate(assign, 'Assign', scope);
  // Validation admits only an object for Assign, and a payload template of an object is an object.
  return isRecord(values) ? values : {};
}

/** Assign, ResultSelector, ResultPath and OutputPath, for states that produce a result. */
export function jsonPathStateResult(run: StateRun<StateWithResult>, result: unknown, options: { resultSelector: boolean } = { resultSelector: true }): StateResult {
  const def = run.definition;
  const assigned = evaluatePathAssign(def.Assign, run.pathScope(result));
  const selected = options.resultSelector && 'ResultSelector' in def && def.ResultSelector !== undefined
    ? evaluatePathTemplate(def.ResultSelector, 'ResultSelector', run.pathScope(result))
    : result;
  const merged = applyResultPath(run.rawInput, def.ResultPath, selected);
  return { output: jsonPathOutput(run, merged), assigned };
}

/** OutputPath on a value (null discards everything and yields `{}`). */
export function jsonPathOutput(run: StateRun<StateWithIO>, value: unknown): unknown {
  const outputPath = run.definition.OutputPath;
  if (outputPath === undefined || outputPath === '$') return value;
  if (outputPath === null) return {};
  return selectPath(outputPath, run.pathScope(value), 'OutputPath');
}

type JsonataResultFields = { Assign?: unknown; Output?: unknown };

/** JSONata Assign then Output; both read the variables from before the state. `fallback` is the default output. */
export async function jsonataStateResult(run: StateRun<StateWithIO>, extra: { result?: unknown; errorOutput?: unknown }, fallback: unknown, fields: JsonataResultFields = run.definition): Promise<StateResult> {
  const scope = run.jsonataScope(extra);
  const assigned = fields.Assign === undefined ? undefined : ((await evaluateJsonata(fields.Assign, 'Assign', scope)) as Record<string, unknown>);
  const output = fields.Output === undefined ? fallback : await evaluateJsonata(fields.Output, 'Output', scope);
  return { output, assigned };
}

/** The query language a state uses: its own, else the one it inherits. */
export const languageOf = (fieldLanguage: unknown, inherited: QueryLanguage): QueryLanguage =>
  fieldLanguage === 'JSONata' || fieldLanguage === 'JSONPath' ? fieldLanguage : inherited;
