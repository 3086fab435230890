/**
 * The checks AWS runs on a definition at CreateStateMachine / UpdateStateMachine, so that the runtime refuses what
 * AWS refuses, with AWS's diagnostic codes and wording: `<CODE>: <message> at <location>`.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
 *
 * Wording that AWS is known to use (LocalStack's recorded snapshots, user reports of CloudFormation failures):
 *   MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next
 *   MISSING_TRANSITION_TARGET: State "pass2" is not reachable. at /States/pass2
 *   SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /
 *   SCHEMA_VALIDATION_FAILED: Field '_comment' is not supported at /States/ScoreBatchMap
 *   SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/Pass
 *   SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/X/Resource
 * Other messages follow the same shape. Every problem found is reported, not only the first. The rules taken from the
 * developer guide and the spec that no recorded run shows (variables, $states placement, Choice rule shapes, state
 * names, intrinsic nesting, Map ProcessorConfig/Label, numeric bounds) word their message in our own words, in this
 * shape, with the code AWS documents for the kind of problem (SCHEMA_VALIDATION_FAILED, DUPLICATE_STATE_NAME).
 * The checks live in small modules: validate-fields (tables), validate-schema (asl-validator's formats),
 * validate-variables, validate-choice-rules, validate-intrinsics, validate-state-names, validate-distributed-map.
 */
import { InvalidDefinitionError } from './errors';
import { choiceRuleProblems } from './validate-choice-rules';
import { distributedMapProblems } from './validate-distributed-map';
import { intrinsicProblems } from './validate-intrinsics';
import { STATE_TYPES } from './asl-validator-bridge';
import type { StateType } from './asl';
import { isIntrinsic } from './intrinsic-parser';
import { isJsonataString } from './jsonata';
import {
  ALLOWED_FIELDS, CATCHER_FIELDS, FAIL_PATH_INTRINSICS, FIELD_TYPES, MAX_DELAY_SECONDS, MAX_RETRY_FIELD_VALUE, MAX_WAIT_SECONDS, ITEM_PROCESSOR_FIELDS, JSONATA_ONLY, JSONPATH_ONLY, JSONPATH_RULE_FIELD,
  FORBIDDEN_IN_LABEL, MAX_LABEL_LENGTH, NULLABLE_PATHS, PREDEFINED_ERRORS, PROCESSOR_CONFIG_FIELDS, RETRIER_FIELDS, SUB_MACHINE_FIELDS,
  TOP_LEVEL_FIELDS,
} from './validate-fields';
import { schemaProblems, type SchemaTarget } from './validate-schema';
import { stateNameProblems } from './validate-state-names';
import { variableProblems } from './validate-variables';
import type { QueryLanguage, StateMachineDefinition, StateMachineType } from './types';

type JsonObject = Record<string, unknown>;

/**
 * AWS renders a diagnostic that has no location with the literal `null` (observed on CreateStateMachine for
 * MISSING_END_STATE by emulator authors measuring against AWS).
 */
const NO_LOCATION = 'null';

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
/** One rule for `{% %}` across the engine: a string with anything outside the braces is a literal (jsonata.ts). */
const isJsonata = isJsonataString;
const has = (object: JsonObject, field: string): boolean => Object.prototype.hasOwnProperty.call(object, field);

/** One nesting level of states: the machine itself, a Parallel branch, a Map's ItemProcessor/Iterator. */
interface Scope {
  readonly states: JsonObject;
  /** JSON-pointer-like location of the scope ('' for the machine), e.g. `/States/P/Branches[0]`. */
  readonly at: string;
}

class DefinitionChecker {
  readonly problems: string[] = [];
  readonly schemaTargets: SchemaTarget[] = [];
  private readonly machineLanguage: QueryLanguage;

  constructor(private readonly root: JsonObject, private readonly type: StateMachineType) {
    this.machineLanguage = root.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  }

  private add(code: string, message: string, at: string): void {
    this.problems.push(`${code}: ${message} at ${at === '' ? '/' : at}`);
  }

  private schema(message: string, at: string): void {
    this.add('SCHEMA_VALIDATION_FAILED', message, at);
  }

  private unsupported(object: JsonObject, allowed: ReadonlySet<string>, at: string): void {
    for (const field of Object.keys(object)) if (!allowed.has(field)) this.schema(`Field '${field}' is not supported`, at);
  }

  private required(object: JsonObject, fields: string[], at: string): boolean {
    const missing = fields.filter((field) => !has(object, field));
    if (missing.length > 0) this.schema(`These fields are required: [${missing.join(', ')}]`, at);
    return missing.length === 0;
  }

  private expectType(value: unknown, kind: 'STRING' | 'BOOLEAN' | 'OBJECT' | 'ARRAY', at: string): boolean {
    const ok = kind === 'STRING' ? typeof value === 'string'
      : kind === 'BOOLEAN' ? typeof value === 'boolean'
        : kind === 'ARRAY' ? Array.isArray(value) : isObject(value);
    if (!ok) this.schema(`Expected value of type [${kind}]`, at);
    return ok;
  }

  private oneOfValues(value: unknown, values: readonly string[], at: string): boolean {
    const ok = typeof value === 'string' && values.includes(value);
    if (!ok) this.schema(`Value should be one of the following: [${values.join(', ')}]`, at);
    return ok;
  }

  checkMachine(): void {
    const root = this.root;
    this.unsupported(root, TOP_LEVEL_FIELDS, '');
    if (has(root, 'QueryLanguage')) this.oneOfValues(root.QueryLanguage, ['JSONPath', 'JSONata'], '/QueryLanguage');
    if (has(root, 'TimeoutSeconds') && !(isInteger(root.TimeoutSeconds) && root.TimeoutSeconds >= 0)) {
      this.schema("The value for the field 'TimeoutSeconds' must be a non-negative integer", '/TimeoutSeconds');
    }
    const scope = this.checkScope(root, '', ['States', 'StartAt']);
    if (!scope) return;
    // https://states-language.net/spec.html#state-machine-structure: a machine must be able to end. AWS checks this
    // at the top level only, and then leaves the (pointless) reachability walk out.
    const terminal = Object.values(scope.states).some(
      (state) => isObject(state) && (state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true),
    );
    if (terminal) this.checkReachability(scope, root.StartAt);
    else this.problems.push(`MISSING_END_STATE: Workflow has no terminal state at ${NO_LOCATION}`);
  }

  /** StartAt and States of one scope, then every state in it. Returns the scope when its States could be read. */
  private checkScope(owner: JsonObject, at: string, requiredFields: string[]): Scope | undefined {
    if (!this.required(owner, requiredFields, at)) {
      if (!isObject(owner.States)) return undefined;
    }
    if (has(owner, 'StartAt')) this.expectType(owner.StartAt, 'STRING', `${at}/StartAt`);
    if (!has(owner, 'States')) return undefined;
    if (!isObject(owner.States)) {
      this.expectType(owner.States, 'OBJECT', `${at}/States`);
      return undefined;
    }
    const scope: Scope = { states: owner.States, at };
    if (Object.keys(scope.states).length === 0) this.schema("The field 'States' should be non-empty", `${at}/States`);
    if (typeof owner.StartAt === 'string' && !has(scope.states, owner.StartAt)) {
      this.add('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${owner.StartAt}`, `${at}/StartAt`);
    }
    for (const [name, state] of Object.entries(scope.states)) this.checkState(scope, name, state);
    return scope;
  }

  /** Every state must be reachable from StartAt through Next, Choice rules, Default and Catch. */
  private checkReachability(scope: Scope, startAt: unknown): void {
    const reached = new Set<string>();
    const pending: string[] = [];
    if (typeof startAt === 'string' && has(scope.states, startAt)) {
      reached.add(startAt);
      pending.push(startAt);
    }
    while (pending.length > 0) {
      const state = scope.states[pending.pop() as string];
      for (const target of transitionTargets(state)) {
        if (has(scope.states, target) && !reached.has(target)) {
          reached.add(target);
          pending.push(target);
        }
      }
    }
    for (const name of Object.keys(scope.states)) {
      if (!reached.has(name)) this.add('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, `${scope.at}/States/${name}`);
    }
  }

  private checkTarget(scope: Scope, target: unknown, at: string): void {
    if (!this.expectType(target, 'STRING', at)) return;
    if (!has(scope.states, target as string)) this.add('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${target as string}`, at);
  }

  private checkState(scope: Scope, name: string, state: unknown): void {
    const at = `${scope.at}/States/${name}`;
    if (!isObject(state)) {
      this.expectType(state, 'OBJECT', at);
      return;
    }
    if (!this.required(state, ['Type'], at)) return;
    if (!STATE_TYPES.includes(state.Type as StateType)) {
      this.oneOfValues(state.Type, STATE_TYPES, `${at}/Type`);
      return;
    }
    const type = state.Type as StateType;
    this.unsupported(state, ALLOWED_FIELDS[type], at);
    const language = this.checkQueryLanguage(state, at);
    this.checkTransition(scope, state, type, at);
    if (has(state, 'Catch')) this.checkCatchers(scope, state.Catch, language, `${at}/Catch`);
    if (has(state, 'Retry')) this.checkRetriers(state.Retry, `${at}/Retry`);
    this.checkFieldTypes(state, at);
    this.checkAtMostOne(state, ['TimeoutSeconds', 'TimeoutSecondsPath'], at);
    this.checkAtMostOne(state, ['HeartbeatSeconds', 'HeartbeatSecondsPath'], at);
    switch (type) {
      case 'Task': this.checkTask(state, at); break;
      case 'Choice': this.checkChoice(scope, state, language, at); break;
      case 'Wait': this.checkWait(state, at); break;
      case 'Fail': this.checkFail(state, at); break;
      case 'Parallel': this.checkParallel(state, at); break;
      case 'Map':
        this.checkMap(state, at);
        this.problems.push(...distributedMapProblems(state, at, language));
        break;
      default: break;
    }
    if (language === 'JSONPath') this.problems.push(...intrinsicProblems(state, at));
    this.schemaTargets.push({ state, type, at, language });
  }

  /** The state's own QueryLanguage or the machine's; a JSONata machine may not downgrade a state to JSONPath. */
  private checkQueryLanguage(state: JsonObject, at: string): QueryLanguage {
    if (has(state, 'QueryLanguage') && !this.oneOfValues(state.QueryLanguage, ['JSONPath', 'JSONata'], `${at}/QueryLanguage`)) {
      return this.machineLanguage;
    }
    const language = (state.QueryLanguage as QueryLanguage | undefined) ?? this.machineLanguage;
    if (this.machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
      this.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at);
      return language;
    }
    this.checkLanguageFields(state, language, at);
    return language;
  }

  /** https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html: fields of the other language are refused. */
  private checkLanguageFields(object: JsonObject, language: QueryLanguage, at: string): void {
    const foreign = language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
    const other = language === 'JSONata' ? 'JSONPath' : 'JSONata';
    for (const field of Object.keys(object)) {
      if (foreign.has(field)) {
        this.schema(`The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${other}' QueryLanguage`, at);
      }
    }
  }

  private checkTransition(scope: Scope, state: JsonObject, type: StateType, at: string): void {
    if (type === 'Choice' || type === 'Succeed' || type === 'Fail') return;
    const hasNext = has(state, 'Next');
    const hasEnd = has(state, 'End');
    if (hasEnd && state.End !== true) this.schema("The value for the field 'End' must be true", `${at}/End`);
    if (hasNext && hasEnd) this.schema('Only one of these fields is allowed: [Next, End]', at);
    else if (!hasNext && !hasEnd) this.schema('Exactly one of these fields is required: [Next, End]', at);
    if (hasNext) this.checkTarget(scope, state.Next, `${at}/Next`);
  }

  /** Value types of the scalar fields; a JSONata expression string stands in for any value in a JSONata state. */
  private checkFieldTypes(state: JsonObject, at: string): void {
    for (const [field, expected] of Object.entries(FIELD_TYPES)) {
      if (!has(state, field) || isJsonata(state[field])) continue;
      const value = state[field];
      if (expected === 'STRING' || expected === 'PATH') {
        if (typeof value !== 'string' && !(expected === 'PATH' && value === null && NULLABLE_PATHS.has(field))) {
          this.schema('Expected value of type [STRING]', `${at}/${field}`);
        }
      } else if (expected === 'POSITIVE_INTEGER') {
        if (!(isInteger(value) && value >= 1)) this.schema(`The value for the field '${field}' must be a positive integer`, `${at}/${field}`);
      } else if (expected === 'NON_NEGATIVE_INTEGER') {
        if (!(isInteger(value) && value >= 0)) this.schema(`The value for the field '${field}' must be a non-negative integer`, `${at}/${field}`);
      } else if (!(typeof value === 'number' && value >= 0 && value <= 100)) {
        this.schema(`The value for the field '${field}' must be a number between 0 and 100`, `${at}/${field}`);
      }
    }
  }

  private checkAtMostOne(state: JsonObject, fields: [string, string], at: string): void {
    if (has(state, fields[0]) && has(state, fields[1])) this.schema(`Only one of these fields is allowed: [${fields.join(', ')}]`, at);
  }

  private checkFail(state: JsonObject, at: string): void {
    this.checkAtMostOne(state, ['Error', 'ErrorPath'], at);
    this.checkAtMostOne(state, ['Cause', 'CausePath'], at);
    for (const field of ['ErrorPath', 'CausePath']) {
      const value = state[field];
      if (typeof value !== 'string' || !isIntrinsic(value)) continue;
      // https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html: ErrorPath and CausePath take only the
      // intrinsics that return a string.
      const name = /^\s*(States\.[A-Za-z0-9]+)/.exec(value)?.[1] ?? value;
      if (!FAIL_PATH_INTRINSICS.has(name)) {
        this.schema(`The intrinsic function '${name}' is not supported in '${field}'; use one that returns a string: [${[...FAIL_PATH_INTRINSICS].join(', ')}]`, `${at}/${field}`);
      }
    }
  }

  private checkTask(state: JsonObject, at: string): void {
    // https://states-language.net/spec.html#task-state: "HeartbeatSeconds ... MUST be smaller than TimeoutSeconds".
    if (isInteger(state.HeartbeatSeconds) && isInteger(state.TimeoutSeconds) && state.HeartbeatSeconds >= state.TimeoutSeconds) {
      this.schema("The value for the field 'HeartbeatSeconds' must be smaller than the value for the field 'TimeoutSeconds'", `${at}/HeartbeatSeconds`);
    }
    if (!this.required(state, ['Resource'], at)) return;
    if (!this.expectType(state.Resource, 'STRING', `${at}/Resource`)) return;
    if (this.type === 'EXPRESS') this.checkExpressResource(state.Resource as string, `${at}/Resource`);
  }

  /** https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html: Express has no .sync, no callbacks, no activities. */
  private checkExpressResource(resource: string, at: string): void {
    if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource)) {
      this.schema('Express state machine does not support Activity ARN', at);
      return;
    }
    const pattern = /\.(waitForTaskToken|sync)(:\d+)?$/.exec(resource);
    // AWS's message ends with a space before " at" (LocalStack snapshot of ValidateStateMachineDefinition).
    if (pattern) this.schema(`Express state machine does not support '.${pattern[1]}' service integration `, at);
  }

  private checkChoice(scope: Scope, state: JsonObject, language: QueryLanguage, at: string): void {
    if (has(state, 'Default')) this.checkTarget(scope, state.Default, `${at}/Default`);
    if (!this.required(state, ['Choices'], at)) return;
    if (!this.expectType(state.Choices, 'ARRAY', `${at}/Choices`)) return;
    const choices = state.Choices as unknown[];
    if (choices.length === 0) this.schema("The field 'Choices' should be non-empty", `${at}/Choices`);
    choices.forEach((rule, index) => {
      const ruleAt = `${at}/Choices[${index}]`;
      if (!this.expectType(rule, 'OBJECT', ruleAt)) return;
      const choice = rule as JsonObject;
      if (this.required(choice, ['Next'], ruleAt)) this.checkTarget(scope, choice.Next, `${ruleAt}/Next`);
      if (language === 'JSONata') {
        // state-choice.html: a JSONata rule's Condition is an expression that yields a boolean, or a boolean.
        if (this.required(choice, ['Condition'], ruleAt) && typeof choice.Condition !== 'boolean' && !isJsonata(choice.Condition)) {
          this.schema("The value for the field 'Condition' must be a boolean or a JSONata expression", `${ruleAt}/Condition`);
        }
        this.checkRuleLanguage(choice, language, ruleAt);
      } else {
        if (has(choice, 'Condition')) {
          this.schema("The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage", ruleAt);
        }
        if (has(choice, 'Output')) this.checkLanguageFields({ Output: choice.Output }, language, ruleAt);
        if (!has(choice, 'Condition')) this.problems.push(...choiceRuleProblems(choice, ruleAt));
      }
    });
  }

  /** A JSONata Choice rule is `Condition` (+ Next, Assign, Output, Comment); JSONPath comparison operators are refused. */
  private checkRuleLanguage(rule: JsonObject, language: QueryLanguage, at: string): void {
    for (const field of Object.keys(rule)) {
      if (['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(field)) continue;
      if (JSONPATH_RULE_FIELD.test(field)) {
        this.schema(`The QueryLanguage is set to '${language}', but field '${field}' is only supported for the 'JSONPath' QueryLanguage`, at);
      } else {
        this.schema(`Field '${field}' is not supported`, at);
      }
    }
  }

  private checkWait(state: JsonObject, at: string): void {
    const given = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((field) => has(state, field));
    if (given.length !== 1) this.schema('Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, TimestampPath]', at);
    if (has(state, 'Seconds') && !isJsonata(state.Seconds) && !(isInteger(state.Seconds) && state.Seconds >= 0)) {
      this.schema("The value for the field 'Seconds' must be a non-negative integer", `${at}/Seconds`);
    }
    // state-wait.html: Seconds is an integer from 0 to 99999999.
    this.checkAtMost(state, 'Seconds', MAX_WAIT_SECONDS, at);
  }

  private checkParallel(state: JsonObject, at: string): void {
    if (!this.required(state, ['Branches'], at)) return;
    if (!this.expectType(state.Branches, 'ARRAY', `${at}/Branches`)) return;
    (state.Branches as unknown[]).forEach((branch, index) => this.checkSubMachine(branch, `${at}/Branches[${index}]`, SUB_MACHINE_FIELDS));
  }

  private checkMap(state: JsonObject, at: string): void {
    const processors = ['ItemProcessor', 'Iterator'].filter((field) => has(state, field));
    if (processors.length === 0) this.schema('Exactly one of these fields is required: [ItemProcessor, Iterator]', at);
    if (processors.length === 2) this.schema('Only one of these fields is allowed: [ItemProcessor, Iterator]', at);
    this.checkAtMostOne(state, ['ItemSelector', 'Parameters'], at);
    this.checkAtMostOne(state, ['MaxConcurrency', 'MaxConcurrencyPath'], at);
    this.checkAtMostOne(state, ['ToleratedFailureCount', 'ToleratedFailureCountPath'], at);
    this.checkAtMostOne(state, ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'], at);
    if (has(state, 'MaxConcurrency') && !isJsonata(state.MaxConcurrency) && !(isInteger(state.MaxConcurrency) && state.MaxConcurrency >= 0)) {
      this.schema("The value for the field 'MaxConcurrency' must be a non-negative integer", `${at}/MaxConcurrency`);
    }
    for (const field of processors) {
      // The legacy Iterator takes a ProcessorConfig too (LocalStack's AWS-recorded "legacy_config" scenarios).
      this.checkSubMachine(state[field], `${at}/${field}`, ITEM_PROCESSOR_FIELDS);
      const processor = state[field];
      if (isObject(processor) && has(processor, 'ProcessorConfig')) this.checkProcessorConfig(processor.ProcessorConfig, `${at}/${field}/ProcessorConfig`);
    }
    if (typeof state.Label === 'string') this.checkLabel(state.Label, `${at}/Label`);
  }

  /**
   * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html: Mode is INLINE or DISTRIBUTED,
   * and a DISTRIBUTED processor must say whether its children are STANDARD or EXPRESS executions.
   */
  private checkProcessorConfig(value: unknown, at: string): void {
    if (!this.expectType(value, 'OBJECT', at)) return;
    const config = value as JsonObject;
    this.unsupported(config, PROCESSOR_CONFIG_FIELDS, at);
    if (has(config, 'Mode')) this.oneOfValues(config.Mode, ['INLINE', 'DISTRIBUTED'], `${at}/Mode`);
    if (has(config, 'ExecutionType')) this.oneOfValues(config.ExecutionType, ['STANDARD', 'EXPRESS'], `${at}/ExecutionType`);
    else if (config.Mode === 'DISTRIBUTED') this.schema('These fields are required: [ExecutionType]', at);
  }

  /**
   * The Map Run label (state-map-distributed.html): at most 40 characters, and none of whitespace, brackets, wildcards,
   * the special characters " # % \ ^ | ~ ` $ & , ; : / or control characters.
   */
  private checkLabel(label: string, at: string): void {
    if ([...label].length > MAX_LABEL_LENGTH || FORBIDDEN_IN_LABEL.test(label)) {
      this.schema(`The value for the field 'Label' must be at most ${MAX_LABEL_LENGTH} characters without whitespace, brackets, wildcards, control or special characters`, at);
    }
  }

  /** A branch or item processor: its own StartAt and States; transitions may not leave it; all its states reachable. */
  private checkSubMachine(value: unknown, at: string, allowed: ReadonlySet<string>): void {
    if (!this.expectType(value, 'OBJECT', at)) return;
    const owner = value as JsonObject;
    this.unsupported(owner, allowed, at);
    const scope = this.checkScope(owner, at, ['StartAt', 'States']);
    if (scope) this.checkReachability(scope, owner.StartAt);
  }

  private checkErrorEquals(handler: JsonObject, at: string): boolean {
    if (!this.required(handler, ['ErrorEquals'], at)) return false;
    const names = handler.ErrorEquals;
    if (!this.expectType(names, 'ARRAY', `${at}/ErrorEquals`)) return false;
    const list = names as unknown[];
    if (list.length === 0) this.schema("The field 'ErrorEquals' should be non-empty", `${at}/ErrorEquals`);
    list.forEach((name, index) => {
      const nameAt = `${at}/ErrorEquals[${index}]`;
      if (!this.expectType(name, 'STRING', nameAt)) return;
      // https://states-language.net/spec.html#error-names: the States. prefix is reserved for predefined errors.
      if ((name as string).startsWith('States.') && !PREDEFINED_ERRORS.has(name as string)) {
        this.schema(`Value '${name as string}' is not a valid error name: names starting with 'States.' are reserved for predefined errors`, nameAt);
      }
    });
    const all = list.includes('States.ALL');
    if (all && list.length > 1) this.schema("'States.ALL' must appear alone in 'ErrorEquals'", `${at}/ErrorEquals`);
    return all;
  }

  /** The spec: `States.ALL` must appear alone, and only in the last retrier or catcher. */
  private checkAllIsLast(catchesAll: boolean, index: number, count: number, kind: string, at: string): void {
    if (catchesAll && index < count - 1) this.schema(`'States.ALL' must appear in the last ${kind}`, at);
  }

  private checkRetriers(value: unknown, at: string): void {
    if (!this.expectType(value, 'ARRAY', at)) return;
    const retriers = value as unknown[];
    retriers.forEach((item, index) => {
      const retrierAt = `${at}[${index}]`;
      if (!this.expectType(item, 'OBJECT', retrierAt)) return;
      const retrier = item as JsonObject;
      this.unsupported(retrier, RETRIER_FIELDS, retrierAt);
      this.checkAllIsLast(this.checkErrorEquals(retrier, retrierAt), index, retriers.length, 'retrier', retrierAt);
      this.checkNumber(retrier, 'MaxAttempts', retrierAt, (n) => isInteger(n) && n >= 0, 'a non-negative integer');
      this.checkNumber(retrier, 'IntervalSeconds', retrierAt, (n) => isInteger(n) && n >= 1, 'a positive integer');
      this.checkNumber(retrier, 'MaxDelaySeconds', retrierAt, (n) => isInteger(n) && n > 0, 'a positive integer');
      this.checkNumber(retrier, 'BackoffRate', retrierAt, (n) => n >= 1, 'a number greater than or equal to 1.0');
      // concepts-error-handling.html: MaxAttempts and IntervalSeconds have a maximum value of 99999999;
      // MaxDelaySeconds must be greater than 0 and less than 31622401.
      this.checkAtMost(retrier, 'MaxAttempts', MAX_RETRY_FIELD_VALUE, retrierAt);
      this.checkAtMost(retrier, 'IntervalSeconds', MAX_RETRY_FIELD_VALUE, retrierAt);
      this.checkAtMost(retrier, 'MaxDelaySeconds', MAX_DELAY_SECONDS, retrierAt);
      if (has(retrier, 'JitterStrategy')) this.oneOfValues(retrier.JitterStrategy, ['FULL', 'NONE'], `${retrierAt}/JitterStrategy`);
    });
  }

  /** An upper bound, reported only for a number that passed its type check (so one problem per field). */
  private checkAtMost(object: JsonObject, field: string, max: number, at: string): void {
    const value = object[field];
    if (isInteger(value) && value > max) this.schema(`The value for the field '${field}' must be at most ${max}`, `${at}/${field}`);
  }

  private checkNumber(object: JsonObject, field: string, at: string, valid: (n: number) => boolean, what: string): void {
    if (!has(object, field)) return;
    const value = object[field];
    if (typeof value !== 'number' || !valid(value)) this.schema(`The value for the field '${field}' must be ${what}`, `${at}/${field}`);
  }

  private checkCatchers(scope: Scope, value: unknown, language: QueryLanguage, at: string): void {
    if (!this.expectType(value, 'ARRAY', at)) return;
    const catchers = value as unknown[];
    catchers.forEach((item, index) => {
      const catcherAt = `${at}[${index}]`;
      if (!this.expectType(item, 'OBJECT', catcherAt)) return;
      const catcher = item as JsonObject;
      this.unsupported(catcher, CATCHER_FIELDS, catcherAt);
      this.checkLanguageFields(catcher, language, catcherAt);
      this.checkAllIsLast(this.checkErrorEquals(catcher, catcherAt), index, catchers.length, 'catcher', catcherAt);
      if (this.required(catcher, ['Next'], catcherAt)) this.checkTarget(scope, catcher.Next, `${catcherAt}/Next`);
    });
  }
}

/** Where a state may go next: Next, Default, every Choice rule's Next, every Catch's Next. */
function transitionTargets(state: unknown): string[] {
  if (!isObject(state)) return [];
  const targets: string[] = [];
  const push = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
  };
  push(state.Next);
  push(state.Default);
  for (const list of [state.Choices, state.Catch]) {
    if (Array.isArray(list)) for (const item of list) if (isObject(item)) push(item.Next);
  }
  return targets;
}


/**
 * Parses and checks a definition string as CreateStateMachine does. Returns the parsed definition, or throws
 * InvalidDefinitionError whose `problems` are AWS-style lines (`CODE: message at /States/Name/Field`), all of them.
 */
export function validateDefinition(definition: string, options: { type?: StateMachineType } = {}): StateMachineDefinition {
  if (definition.trim() === '') throw new InvalidDefinitionError(['SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object']);
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch (error) {
    throw new InvalidDefinitionError([`INVALID_JSON_DESCRIPTION: ${(error as Error).message}`]);
  }
  if (!isObject(parsed)) throw new InvalidDefinitionError(['SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object']);
  const checker = new DefinitionChecker(parsed, options.type ?? 'STANDARD');
  checker.checkMachine();
  const problems = [
    ...checker.problems, ...stateNameProblems(parsed), ...variableProblems(parsed), ...schemaProblems(checker.schemaTargets, checker.problems),
  ];
  if (problems.length > 0) throw new InvalidDefinitionError(problems);
  // The checks above are what make the JSON a StateMachineDefinition: this is the one place it becomes the typed model.
  return parsed as unknown as StateMachineDefinition;
}
