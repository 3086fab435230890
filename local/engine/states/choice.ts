import type { ChoiceRule, ChoiceState } from '../asl';
import { compileChoiceRule } from '../choice';
import { StatesError } from '../errors';
import { evaluatePathAssign, jsonataStateResult, jsonPathEffectiveInput, jsonPathOutput } from '../fields';
import type { Frame } from '../frame';
import type { StateRun } from '../state-run';
import type { JsonataScope, PathScope, QueryLanguage } from '../types';
import { languageFor, type StepOutcome } from './outcome';

type CompiledRule = ReturnType<typeof compileChoiceRule>;

const compiled = new WeakMap<object, CompiledRule>();

function ruleTest(rule: ChoiceRule, language: QueryLanguage): CompiledRule {
  let test = compiled.get(rule);
  if (!test) compiled.set(rule, (test = compileChoiceRule(rule, language)));
  return test;
}

/**
 * Choice: the first rule that matches picks the next state, else Default, else States.NoChoiceMatched.
 * A matching rule's Assign/Output apply; with Default, the state's own.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export function executeChoice(frame: Frame, run: StateRun<ChoiceState>): StepOutcome | Promise<StepOutcome> {
  return languageFor(frame, run) === 'JSONata' ? choiceJsonata(run) : choiceJsonPath(run);
}

function choiceJsonPath(run: StateRun<ChoiceState>): StepOutcome {
  const def = run.definition;
  const effective = jsonPathEffectiveInput(run);
  const scope = combinedScope(run, effective);
  for (const rule of def.Choices) {
    if (ruleTest(rule, 'JSONPath')(scope) === true) return jsonPathChoiceOutcome(run, effective, rule.Next, rule.Assign);
  }
  if (def.Default !== undefined) return jsonPathChoiceOutcome(run, effective, def.Default, def.Assign);
  throw noMatch(run);
}

function jsonPathChoiceOutcome(run: StateRun<ChoiceState>, effective: unknown, next: string, assign: unknown): StepOutcome {
  const assigned = evaluatePathAssign(assign, run.pathScope(effective));
  return { output: jsonPathOutput(run, effective), assigned, next };
}

async function choiceJsonata(run: StateRun<ChoiceState>): Promise<StepOutcome> {
  const def = run.definition;
  const scope = combinedScope(run, run.rawInput);
  for (const rule of def.Choices) {
    if ((await ruleTest(rule, 'JSONata')(scope)) === true) {
      return { ...(await jsonataStateResult(run, {}, run.rawInput, rule)), next: rule.Next };
    }
  }
  if (def.Default !== undefined) return { ...(await jsonataStateResult(run, {}, run.rawInput)), next: def.Default };
  throw noMatch(run);
}

function combinedScope(run: StateRun, input: unknown): PathScope & JsonataScope {
  return { input, context: run.context, variables: run.variables, states: { input: run.rawInput, context: run.context }, now: run.jsonataScope().now };
}

const noMatch = (run: StateRun) =>
  new StatesError('States.NoChoiceMatched', `No Matches! for state '${run.name}'`);
