/**
 * The field tables behind validate.ts: which fields each state type, retrier, catcher and nested machine accepts,
 * which belong to one query language only, and the value type AWS checks for each scalar field.
 * https://states-language.net/spec.html and https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html
 */
import type { StateType } from './asl';

/** https://states-language.net/spec.html#appendix-a, plus the names AWS added (ENGINE-NOTES.md). */
export const PREDEFINED_ERRORS = new Set([
  'States.ALL', 'States.Timeout', 'States.HeartbeatTimeout', 'States.TaskFailed', 'States.Permissions',
  'States.ResultPathMatchFailure', 'States.ParameterPathFailure', 'States.BranchFailed', 'States.NoChoiceMatched',
  'States.IntrinsicFailure', 'States.ExceedToleratedFailureThreshold', 'States.ItemReaderFailed',
  'States.ResultWriterFailed', 'States.QueryEvaluationError', 'States.DataLimitExceeded', 'States.Runtime',
  'States.Http.Socket',
]);

/** Fields that only a JSONPath state may use, and those only a JSONata state may use (AWS "Transforming data with JSONata"). */
export const JSONPATH_ONLY = new Set([
  'InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'Result', 'ItemsPath', 'SecondsPath',
  'TimestampPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath', 'ErrorPath', 'CausePath',
]);
export const JSONATA_ONLY = new Set(['Arguments', 'Output', 'Items']);
/** The parts of a JSONPath Choice rule: Variable, the boolean combinators and the comparison operators. */
export const JSONPATH_RULE_FIELD =
  /^(Variable|And|Or|Not|Is(Null|Present|Numeric|String|Boolean|Timestamp)|(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?)$/;

const COMMON_FIELDS = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const IO = ['InputPath', 'OutputPath', 'Output'];
const RESULT = ['ResultPath', 'ResultSelector', 'Assign'];
const ERRORS = ['Retry', 'Catch'];

/** The fields each state type accepts, in either query language (the mixing rules are checked separately). */
export const ALLOWED_FIELDS: Record<StateType, ReadonlySet<string>> = {
  Pass: new Set([...COMMON_FIELDS, ...FLOW, ...IO, 'ResultPath', 'Parameters', 'Result', 'Assign']),
  Task: new Set([
    ...COMMON_FIELDS, ...FLOW, ...IO, ...RESULT, ...ERRORS, 'Resource', 'Parameters', 'Arguments', 'Credentials',
    'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath',
  ]),
  Choice: new Set([...COMMON_FIELDS, ...IO, 'Choices', 'Default', 'Assign']),
  Wait: new Set([...COMMON_FIELDS, ...FLOW, ...IO, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath', 'Assign']),
  Succeed: new Set([...COMMON_FIELDS, ...IO]),
  Fail: new Set([...COMMON_FIELDS, 'Error', 'Cause', 'ErrorPath', 'CausePath']),
  Parallel: new Set([...COMMON_FIELDS, ...FLOW, ...IO, ...RESULT, ...ERRORS, 'Branches', 'Parameters', 'Arguments']),
  Map: new Set([
    ...COMMON_FIELDS, ...FLOW, ...IO, ...RESULT, ...ERRORS, 'ItemProcessor', 'Iterator', 'ItemsPath', 'Items',
    'ItemSelector', 'Parameters', 'ItemReader', 'ItemBatcher', 'ResultWriter', 'MaxConcurrency', 'MaxConcurrencyPath',
    'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'ToleratedFailureCount',
    'ToleratedFailureCountPath', 'Label', 'Arguments',
  ]),
};

export type FieldType = 'STRING' | 'PATH' | 'POSITIVE_INTEGER' | 'NON_NEGATIVE_INTEGER' | 'PERCENTAGE';
/** Scalar fields whose value type AWS checks (Seconds and MaxConcurrency are checked with their state type). */
export const FIELD_TYPES: Record<string, FieldType> = {
  Comment: 'STRING', Timestamp: 'STRING', Error: 'STRING', Cause: 'STRING', Label: 'STRING',
  InputPath: 'PATH', OutputPath: 'PATH', ResultPath: 'PATH', ItemsPath: 'PATH', SecondsPath: 'PATH', TimestampPath: 'PATH',
  TimeoutSecondsPath: 'PATH', HeartbeatSecondsPath: 'PATH', MaxConcurrencyPath: 'PATH', ToleratedFailureCountPath: 'PATH',
  ToleratedFailurePercentagePath: 'PATH', ErrorPath: 'PATH', CausePath: 'PATH',
  TimeoutSeconds: 'POSITIVE_INTEGER', HeartbeatSeconds: 'POSITIVE_INTEGER',
  ToleratedFailureCount: 'NON_NEGATIVE_INTEGER', ToleratedFailurePercentage: 'PERCENTAGE',
};
/** `null` in these means "discard" / "empty input" (https://states-language.net/spec.html#filters). */
export const NULLABLE_PATHS = new Set(['InputPath', 'OutputPath', 'ResultPath']);

export const TOP_LEVEL_FIELDS = new Set(['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage']);
export const SUB_MACHINE_FIELDS = new Set(['Comment', 'StartAt', 'States']);
export const ITEM_PROCESSOR_FIELDS = new Set(['Comment', 'StartAt', 'States', 'ProcessorConfig']);
export const RETRIER_FIELDS = new Set(['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment']);
export const CATCHER_FIELDS = new Set(['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Output', 'Comment']);

/** The intrinsics a Fail state's ErrorPath and CausePath may call: those that return a string (state-fail.html). */
export const FAIL_PATH_INTRINSICS: ReadonlySet<string> = new Set([
  'States.Format', 'States.JsonToString', 'States.ArrayGetItem', 'States.Base64Encode', 'States.Base64Decode', 'States.Hash', 'States.UUID',
]);

/** https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html (ItemProcessor's ProcessorConfig). */
export const PROCESSOR_CONFIG_FIELDS: ReadonlySet<string> = new Set(['Mode', 'ExecutionType']);

/** A Map Run label: at most 40 characters, none of these (state-map-distributed.html, Label). */
export const MAX_LABEL_LENGTH = 40;
// eslint-disable-next-line no-control-regex -- control characters are exactly what the rule forbids
export const FORBIDDEN_IN_LABEL = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** The largest MaxAttempts and IntervalSeconds a retrier may give (concepts-error-handling.html). */
export const MAX_RETRY_FIELD_VALUE = 99_999_999;
/** MaxDelaySeconds must be less than 31622401 (concepts-error-handling.html). */
export const MAX_DELAY_SECONDS = 31_622_400;
/** A Wait state's Seconds runs from 0 to 99999999 (state-wait.html). */
export const MAX_WAIT_SECONDS = 99_999_999;
