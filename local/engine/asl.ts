/**
 * The typed ASL model: a state machine definition as validateDefinition returns it, each state a member of a union
 * discriminated on `Type`, so that the state code narrows by type and reads its fields without casts.
 * Field names and meanings: https://states-language.net/spec.html and the developer guide's state pages
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html). JSONPath-only and JSONata-only
 * fields sit side by side: which ones a state may use depends on its query language, which validation checks.
 */

export type QueryLanguage = 'JSONPath' | 'JSONata';
export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** A field that is a number, or (in a JSONata state) a `{% %}` expression yielding one. */
export type NumberOrExpression = number | string;

/** https://states-language.net/spec.html#retrying-after-error */
export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

/** https://states-language.net/spec.html#fallback-states */
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: unknown;
  Comment?: string;
}

/** Fields every state may carry. `Assign` and `Output` are templates, evaluated by the query language. */
interface StateFields {
  QueryLanguage?: QueryLanguage;
  Comment?: string;
  InputPath?: string | null;
  OutputPath?: string | null;
  Output?: unknown;
  Assign?: unknown;
}

/** A state that moves on by itself: `Next`, or `End: true`. */
interface Transition {
  Next?: string;
  End?: boolean;
}

/** A state with an action whose result is merged into its input (JSONPath) or read as `$states.result` (JSONata). */
interface ResultFields {
  Parameters?: unknown;
  Arguments?: unknown;
  ResultSelector?: unknown;
  ResultPath?: string | null;
}

interface ErrorHandling {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends StateFields, Transition {
  Type: 'Pass';
  Parameters?: unknown;
  Result?: unknown;
  ResultPath?: string | null;
}

export interface TaskState extends StateFields, Transition, ResultFields, ErrorHandling {
  Type: 'Task';
  Resource: string;
  Credentials?: unknown;
  TimeoutSeconds?: NumberOrExpression;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: NumberOrExpression;
  HeartbeatSecondsPath?: string;
}

/** A Choices[] entry: a JSONPath rule (Variable + operator, And/Or/Not) or a JSONata `Condition`. */
export interface ChoiceRule {
  Next: string;
  Condition?: unknown;
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Assign?: unknown;
  Output?: unknown;
  Comment?: string;
  /** The comparison operator (StringEquals, NumericGreaterThanPath, IsPresent, ...) and its operand. */
  [operator: string]: unknown;
}

export interface ChoiceState extends StateFields {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

export interface WaitState extends StateFields, Transition {
  Type: 'Wait';
  Seconds?: NumberOrExpression;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
}

export interface SucceedState extends StateFields {
  Type: 'Succeed';
}

export interface FailState {
  Type: 'Fail';
  QueryLanguage?: QueryLanguage;
  Comment?: string;
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

/** A set of states with a start: the machine itself, a Parallel branch or a Map's ItemProcessor. */
export interface StatesBlock {
  readonly StartAt: string;
  readonly States: Record<string, StateDefinition>;
  readonly QueryLanguage?: QueryLanguage;
  readonly Comment?: string;
}

export interface ParallelState extends StateFields, Transition, ResultFields, ErrorHandling {
  Type: 'Parallel';
  Branches: StatesBlock[];
}

/** https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html#itemprocessor */
export interface ItemProcessor extends StatesBlock {
  readonly ProcessorConfig?: { readonly Mode?: 'INLINE' | 'DISTRIBUTED'; readonly ExecutionType?: 'STANDARD' | 'EXPRESS' };
}

/** https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html */
export interface ItemBatcher {
  MaxItemsPerBatch?: NumberOrExpression;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: NumberOrExpression;
  MaxInputBytesPerBatchPath?: string;
  BatchInput?: unknown;
}

/** https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html */
export interface ItemReader {
  Resource: string;
  Parameters?: unknown;
  Arguments?: unknown;
  ReaderConfig?: ReaderConfig;
}

export interface ReaderConfig {
  InputType?: 'CSV' | 'JSON' | 'JSONL' | 'PARQUET' | 'MANIFEST';
  CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
  CSVHeaders?: string[];
  CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
  MaxItems?: NumberOrExpression;
  MaxItemsPath?: string;
  Transformation?: 'NONE' | 'LOAD_AND_FLATTEN';
  ManifestType?: 'ATHENA_DATA' | 'S3_INVENTORY';
  ItemsPointer?: string;
}

/** https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html */
export interface ResultWriter {
  Resource?: string;
  Parameters?: unknown;
  Arguments?: unknown;
  WriterConfig?: { OutputType?: 'JSON' | 'JSONL'; Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN' };
}

export interface MapState extends StateFields, Transition, ResultFields, ErrorHandling {
  Type: 'Map';
  ItemProcessor?: ItemProcessor;
  /** The legacy name of ItemProcessor. */
  Iterator?: ItemProcessor;
  ItemsPath?: string;
  Items?: unknown;
  ItemSelector?: unknown;
  ItemReader?: ItemReader;
  ItemBatcher?: ItemBatcher;
  ResultWriter?: ResultWriter;
  MaxConcurrency?: NumberOrExpression;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: NumberOrExpression;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: NumberOrExpression;
  ToleratedFailurePercentagePath?: string;
  Label?: string;
}

/** Any ASL state; `Type` tells which. */
export type StateDefinition = PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;
export type StateType = StateDefinition['Type'];
/** The state definition of one type, e.g. `StateOfType<'Task'>` is `TaskState`. */
export type StateOfType<T extends StateType> = Extract<StateDefinition, { Type: T }>;

export interface StateMachineDefinition extends StatesBlock {
  readonly QueryLanguage?: QueryLanguage;
  readonly TimeoutSeconds?: number;
  readonly Version?: string;
}
