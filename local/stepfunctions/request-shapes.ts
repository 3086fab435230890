/**
 * The input shapes of the Step Functions API actions served here, checked before an action runs, the way AWS's front
 * end checks them: a member of the wrong JSON type is a `SerializationException`; a missing required member, a string
 * past its length or a value outside its enum is a `ValidationException` listing every violation in AWS's words
 * ("1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null").
 * Lengths and enums are the API reference's. https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 * https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html
 */
import { AwsError } from '../platform/aws-error';

type Member =
  | { readonly type: 'string'; readonly required?: boolean; readonly max?: number; readonly values?: readonly string[] }
  | { readonly type: 'integer' | 'number'; readonly required?: boolean; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' | 'object' | 'array'; readonly required?: boolean };

const ARN = { type: 'string', required: true, max: 256 } as const;
const OPTIONAL_ARN = { type: 'string', max: 256 } as const;
/** Map Run ARNs are longer than other ARNs (name, label and id): 2000 in the API reference. */
const MAP_RUN_ARN = { type: 'string', required: true, max: 2000 } as const;
/** Execution input, task output: 256 KiB, counted in UTF-8 bytes by the service itself (PAYLOAD_LIMIT_BYTES). */
const PAYLOAD = { type: 'string' } as const;
const MAX_RESULTS = { type: 'integer', min: 0, max: 1000 } as const;
const NEXT_TOKEN = { type: 'string', max: 1024 } as const;
const ERROR = { type: 'string', max: 256 } as const;
const CAUSE = { type: 'string', max: 32768 } as const;
const TASK_TOKEN = { type: 'string', required: true, max: 2048 } as const;
const TYPE = { type: 'string', values: ['STANDARD', 'EXPRESS'] } as const;
const DEFINITION = { type: 'string', max: 1_048_576 } as const;
const INCLUDED_DATA = { type: 'string', values: ['ALL_DATA', 'METADATA_ONLY'] } as const;

const SHAPES: Readonly<Record<string, Readonly<Record<string, Member>>>> = {
  CreateStateMachine: {
    name: { type: 'string', required: true }, definition: { ...DEFINITION, required: true }, roleArn: OPTIONAL_ARN, type: TYPE,
    loggingConfiguration: { type: 'object' }, tracingConfiguration: { type: 'object' }, tags: { type: 'array' }, publish: { type: 'boolean' },
    versionDescription: { type: 'string', max: 256 }, encryptionConfiguration: { type: 'object' },
  },
  UpdateStateMachine: {
    stateMachineArn: ARN, definition: DEFINITION, roleArn: OPTIONAL_ARN, loggingConfiguration: { type: 'object' },
    tracingConfiguration: { type: 'object' }, publish: { type: 'boolean' }, versionDescription: { type: 'string', max: 256 },
    encryptionConfiguration: { type: 'object' },
  },
  DescribeStateMachine: { stateMachineArn: ARN, includedData: INCLUDED_DATA },
  DescribeStateMachineForExecution: { executionArn: ARN, includedData: INCLUDED_DATA },
  ListStateMachines: { maxResults: MAX_RESULTS, nextToken: NEXT_TOKEN },
  DeleteStateMachine: { stateMachineArn: ARN },
  ValidateStateMachineDefinition: {
    definition: { ...DEFINITION, required: true }, type: TYPE, severity: { type: 'string', values: ['ERROR', 'WARNING'] }, maxResults: { type: 'integer', min: 0, max: 100 },
  },
  StartExecution: { stateMachineArn: ARN, name: { type: 'string' }, input: PAYLOAD, traceHeader: { type: 'string', max: 256 } },
  StartSyncExecution: { stateMachineArn: ARN, name: { type: 'string' }, input: PAYLOAD, traceHeader: { type: 'string', max: 256 }, includedData: INCLUDED_DATA },
  DescribeExecution: { executionArn: ARN, includedData: INCLUDED_DATA },
  ListExecutions: {
    stateMachineArn: OPTIONAL_ARN, mapRunArn: { type: 'string', max: 2000 }, maxResults: MAX_RESULTS, nextToken: { type: 'string', max: 3096 },
    statusFilter: { type: 'string', values: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] },
    redriveFilter: { type: 'string', values: ['REDRIVEN', 'NOT_REDRIVEN'] },
  },
  GetExecutionHistory: { executionArn: ARN, maxResults: MAX_RESULTS, nextToken: NEXT_TOKEN, reverseOrder: { type: 'boolean' }, includeExecutionData: { type: 'boolean' } },
  StopExecution: { executionArn: ARN, error: ERROR, cause: CAUSE },
  RedriveExecution: { executionArn: ARN, clientToken: { type: 'string', max: 64 } },
  SendTaskSuccess: { taskToken: TASK_TOKEN, output: { ...PAYLOAD, required: true } },
  SendTaskFailure: { taskToken: TASK_TOKEN, error: ERROR, cause: CAUSE },
  SendTaskHeartbeat: { taskToken: TASK_TOKEN },
  ListMapRuns: { executionArn: ARN, maxResults: MAX_RESULTS, nextToken: NEXT_TOKEN },
  DescribeMapRun: { mapRunArn: MAP_RUN_ARN },
  UpdateMapRun: {
    mapRunArn: MAP_RUN_ARN, maxConcurrency: { type: 'integer', min: 0, max: 10_000 },
    toleratedFailurePercentage: { type: 'number', min: 0, max: 100 }, toleratedFailureCount: { type: 'integer', min: 0 },
  },
  TagResource: { resourceArn: ARN, tags: { type: 'array', required: true } },
  UntagResource: { resourceArn: ARN, tagKeys: { type: 'array', required: true } },
  ListTagsForResource: { resourceArn: ARN },
};

/** 'a string', 'an integer', 'a structure' (AWS's word for a JSON object). */
function described(type: string): string {
  const word = type === 'object' ? 'structure' : type;
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** The JSON type of a value as the checks name it. */
function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * The request with its JSON nulls removed (AWS treats a null member as absent), after checking it against the
 * action's shape. Unknown actions pass through (the service answers UnknownOperationException); unknown members are
 * ignored, as AWS ignores them.
 */
export function checkRequest(action: string, body: Record<string, unknown>): Record<string, unknown> {
  const present = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
  const shape = Object.hasOwn(SHAPES, action) ? SHAPES[action] : undefined;
  if (!shape) return present;
  const violations: string[] = [];
  for (const [name, member] of Object.entries(shape)) {
    const value = present[name];
    if (value === undefined) {
      if (member.required) violations.push(`Value null at '${name}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    const actual = typeOf(value);
    // A float member (toleratedFailurePercentage) takes whole numbers too.
    if (actual !== member.type && !(member.type === 'number' && actual === 'integer')) {
      throw new AwsError('SerializationException', `Expected ${described(member.type)} for '${name}', got ${described(actual)}`);
    }
    if (member.type === 'string') {
      const text = value as string;
      if (member.max !== undefined && text.length > member.max) {
        violations.push(`Value '${text.slice(0, 64)}${text.length > 64 ? '...' : ''}' at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${member.max}`);
      }
      if (member.values && !member.values.includes(text)) {
        violations.push(`Value '${text.slice(0, 64)}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${member.values.join(', ')}]`);
      }
    }
    if (member.type === 'integer' || member.type === 'number') {
      const number = value as number;
      if (member.min !== undefined && number < member.min) violations.push(`Value '${number}' at '${name}' failed to satisfy constraint: Member must have value greater than or equal to ${member.min}`);
      if (member.max !== undefined && number > member.max) violations.push(`Value '${number}' at '${name}' failed to satisfy constraint: Member must have value less than or equal to ${member.max}`);
    }
  }
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
    throw new AwsError('ValidationException', `${count} detected: ${violations.join('; ')}`);
  }
  return present;
}
