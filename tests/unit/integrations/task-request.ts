import { StatesError } from '../../../local/engine/errors';
import type { IntegrationPattern, TaskRequest, TaskResource } from '../../../local/engine/ports';
import { defined } from '../../support/defined';

/** A Task's resource as the engine parses it, written out so these tests do not depend on the parser. */
export function resourceOf(arn: string): TaskResource {
  const patterns: Array<[string, IntegrationPattern]> = [['.waitForTaskToken', 'waitForTaskToken'], ['.sync:2', 'sync:2'], ['.sync', 'sync']];
  if (arn.startsWith('arn:aws:lambda:')) return { arn, kind: 'lambda-function', service: 'lambda', action: 'invoke', pattern: 'request-response' };
  let rest = arn.slice('arn:aws:states:::'.length);
  let pattern: IntegrationPattern = 'request-response';
  for (const [suffix, name] of patterns) {
    if (rest.endsWith(suffix)) {
      pattern = name;
      rest = rest.slice(0, -suffix.length);
      break;
    }
  }
  const [first, second, third] = rest.split(':');
  if (first === 'aws-sdk') return { arn, kind: 'aws-sdk', service: defined(second, `a service in ${arn}`), action: defined(third, `an action in ${arn}`), pattern };
  return { arn, kind: 'optimized', service: defined(first, `a service in ${arn}`), action: defined(second, `an action in ${arn}`), pattern };
}

export function taskRequest(arn: string, parameters: unknown, signal = new AbortController().signal): TaskRequest {
  return { resource: resourceOf(arn), parameters, signal, executionArn: 'arn:aws:states:us-east-1:000000000000:execution:parent:run-1' };
}

/** The StatesError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<StatesError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StatesError);
  return error as StatesError;
}
