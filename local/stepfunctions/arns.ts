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
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || !kinds.includes(parts[5])) {
    throw new AwsError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
  }
}
