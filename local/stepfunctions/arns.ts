import { AwsError } from '../platform/aws-error';

/** Names of state machines and executions: 1-80 characters, no whitespace, wildcards, brackets or control characters. */
// eslint-disable-next-line no-control-regex -- AWS refuses control characters in names, so the pattern must name them.
const VALID_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

/** A lone UTF-16 surrogate: no Unicode character, so no valid name (and no valid UTF-8 on the wire). */
const LONE_SURROGATE = /\p{Cs}/u;

export function assertValidName(name: unknown, what: string): asserts name is string {
  if (typeof name !== 'string' || !VALID_NAME.test(name) || LONE_SURROGATE.test(name)) throw new AwsError('InvalidName', `Invalid Name: '${String(name)}' is not a valid ${what} name`);
}

export const stateMachineArn = (region: string, account: string, name: string) => `arn:aws:states:${region}:${account}:stateMachine:${name}`;

/** An execution's ARN: Standard executions live under `execution:`, Express ones under `express:`. */
export const executionArn = (machineArn: string, name: string, express: boolean) =>
  `${machineArn.replace(':stateMachine:', express ? ':express:' : ':execution:')}:${name}`;

/** Refuses what is not an ARN of the expected kind, as AWS does with `InvalidArn`. */
export function assertArn(arn: unknown, kinds: string[]): asserts arn is string {
  const parts = typeof arn === 'string' ? arn.split(':') : [];
  const kind = parts[5];
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || kind === undefined || !kinds.includes(kind)) {
    throw new AwsError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
  }
}

/**
 * A state machine ARN split into the machine and its qualifier: `…:stateMachine:name:3` names version 3 and
 * `…:stateMachine:name:prod` the alias `prod`. State machine names cannot contain `:`, so the eighth field, when
 * present, is always a qualifier. https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
 */
export interface StateMachineReference {
  /** The unqualified ARN. */
  readonly machineArn: string;
  readonly version?: number;
  readonly alias?: string;
}

export function parseStateMachineArn(arn: unknown): StateMachineReference {
  assertArn(arn, ['stateMachine']);
  const parts = arn.split(':');
  if (parts.length > 8 || parts[7] === '') throw new AwsError('InvalidArn', `Invalid Arn: '${arn}'`);
  const machineArn = parts.slice(0, 7).join(':');
  const qualifier = parts[7];
  if (qualifier === undefined) return { machineArn };
  // Alias names must hold a non-digit, so an all-digit qualifier is always a version number.
  return /^\d+$/.test(qualifier) ? { machineArn, version: Number(qualifier) } : { machineArn, alias: qualifier };
}

export const versionArn = (machineArn: string, version: number) => `${machineArn}:${version}`;
export const aliasArn = (machineArn: string, alias: string) => `${machineArn}:${alias}`;
