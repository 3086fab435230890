/**
 * Holds lib/orders/step-errors.ts (what each Lambda step's errors are meant to do) against the ASL (what they do), and
 * checks that every error name the ASL mentions is one something really raises.
 * Matching follows the ASL specification: a Retrier or Catcher matches a name it lists, `States.ALL` matches any, and
 * `States.TaskFailed` any but `States.Timeout`; the first match wins
 * (https://states-language.net/spec.html#errors, https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
import { execFileSync } from 'node:child_process';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyInconsistentStateError,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
} from '@aws-lambda-powertools/idempotency';
import { InternalServerError, ProvisionedThroughputExceededException, RequestLimitExceeded, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { ApprovalRejected } from '../../../lib/approvals/decide-approval';
import { InvalidApprovalRequest } from '../../../lib/approvals/request-approval';
import { ConfigurationError } from '../../../lib/config';
import { CatalogUnavailable, OrderConflict, ValidationError } from '../../../lib/orders/errors';
import { ORDER_PROCESSING_LAMBDA_STEPS, type StepError } from '../../../lib/orders/step-errors';
import { InvalidPaymentRequest, PaymentDeclined, PaymentFailed } from '../../../lib/payments/errors';
import { readDefinition } from '../../../statemachines/substitutions';
import { defined } from '../../support/defined';

interface Handler {
  ErrorEquals: string[];
  MaxAttempts?: number;
  Next?: string;
}
interface State {
  Type: string;
  Resource?: string;
  Comment?: string;
  Error?: string;
  Arguments?: { FunctionName?: string };
  Retry?: Handler[];
  Catch?: Handler[];
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { States: Record<string, State> };
}
interface Machine {
  Comment?: string;
  States: Record<string, State>;
}

const ASL_FILES = ['order-processing', 'smoke'];

/** Every state of a machine, Parallel branches and Map processors included. */
function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.Branches ?? []).flatMap((branch) => allStates(branch.States)),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);
}

const matches = (errorEquals: readonly string[], name: string): boolean =>
  errorEquals.includes(name) || errorEquals.includes('States.ALL') || (errorEquals.includes('States.TaskFailed') && name !== 'States.Timeout');

const machine = readDefinition('order-processing') as unknown as Machine;
const states = Object.fromEntries(allStates(machine.States));

/**
 * The name middy's early-timeout guard really throws, from a handler that outlives getRemainingTimeInMillis. middy is
 * ESM only, which Jest's CommonJS runtime cannot load, so a child Node process runs it (once).
 */
let middyTimeout: string | undefined;
function middyTimeoutName(): string {
  const script = `import middy from '@middy/core';
const handler = middy(async () => new Promise((resolve) => setTimeout(resolve, 200)));
handler(undefined, { getRemainingTimeInMillis: () => 20 }).then(() => console.log('no error'), (error) => console.log(error.name));`;
  middyTimeout ??= execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' }).trim();
  return middyTimeout;
}

/** The names of the error classes handlers throw (lib) or the libraries they use throw, read from instances. */
const THROWN_CLASSES = [
  new ValidationError([]),
  new CatalogUnavailable(''),
  new OrderConflict('o'),
  new ConfigurationError(''),
  new PaymentDeclined(''),
  new PaymentFailed(''),
  new InvalidPaymentRequest(''),
  new InvalidApprovalRequest([]),
  new ApprovalRejected(''),
  new IdempotencyAlreadyInProgressError(''),
  new IdempotencyInconsistentStateError(''),
  new IdempotencyKeyError(''),
  new IdempotencyPersistenceLayerError(''),
  new ProvisionedThroughputExceededException({ message: '', $metadata: {} }),
  new ThrottlingException({ message: '', $metadata: {} }),
  new RequestLimitExceeded({ message: '', $metadata: {} }),
  new InternalServerError({ message: '', $metadata: {} }),
].map((error) => error.name);

/** Names a service integration or the Lambda platform raises, by the integration the state calls. */
function raisedByIntegration(state: State, name: string): boolean {
  const resource = state.Resource ?? '';
  if (resource.startsWith('arn:aws:states:::lambda:')) return /^(Lambda|Sandbox|Runtime)\./.test(name);
  if (resource.startsWith('arn:aws:states:::aws-sdk:dynamodb:') || resource.startsWith('arn:aws:states:::dynamodb:')) return name.startsWith('DynamoDb.') || name.startsWith('DynamoDB.');
  if (resource.startsWith('arn:aws:states:::sqs:')) return name.startsWith('SQS.');
  return false;
}

/** The names the machine's top-level Comment documents as "Raised by the workflow itself (...): A, B, C." */
function raisedByWorkflow(definition: Machine): string[] {
  const listed = /Raised by the workflow itself[^:]*: ([^.]+)\./.exec(definition.Comment ?? '')?.[1] ?? '';
  return listed.split(',').map((name) => name.trim()).filter(Boolean);
}

describe('the error list of the order workflow\'s Lambda steps (lib/orders/step-errors.ts)', () => {
  it('covers exactly the Lambda Task states of the ASL', () => {
    // Act
    const lambdaStates = Object.entries(states)
      .filter(([, state]) => state.Type === 'Task' && state.Resource === 'arn:aws:states:::lambda:invoke')
      .map(([name, state]) => [name, state.Arguments?.FunctionName]);

    // Assess
    expect(lambdaStates.sort()).toEqual(ORDER_PROCESSING_LAMBDA_STEPS.map((step) => [step.state, `\${${step.functionPlaceholder}}`]).sort());
  });

  const cases = ORDER_PROCESSING_LAMBDA_STEPS.flatMap((step) => step.errors.map((error) => [step.state, error.name, error] as [string, string, StepError]));

  it.each(cases)('%s: %s is handled as listed', (stateName, name, error) => {
    // Prepare
    const state = defined(states[stateName], `the state ${stateName}`);

    // Act
    const retrier = (state.Retry ?? []).find((candidate) => matches(candidate.ErrorEquals, name) && (candidate.MaxAttempts ?? 3) > 0);
    const catcher = (state.Catch ?? []).find((candidate) => matches(candidate.ErrorEquals, name));

    // Assess: a retried name is named by its retrier (never retried by accident through a wildcard)
    if (error.disposition.kind === 'retried') {
      expect(retrier?.ErrorEquals).toContain(name);
      expect(catcher?.Next ?? null).toBe(error.disposition.thenNext);
    } else {
      expect(retrier).toBeUndefined();
      expect(catcher?.Next ?? null).toBe(error.disposition.kind === 'caught' ? error.disposition.next : null);
    }
  });

  it.each(ORDER_PROCESSING_LAMBDA_STEPS.map((step) => [step.state, step]))('%s: every name its Retry and Catch list is explained', (stateName, step) => {
    // Act
    const state = defined(states[stateName], `the state ${stateName}`);
    const named = [...(state.Retry ?? []), ...(state.Catch ?? [])].flatMap((handler) => handler.ErrorEquals).filter((name) => name !== 'States.ALL' && name !== 'States.TaskFailed');

    // Assess
    expect(named.filter((name) => !step.errors.some((error) => error.name === name))).toEqual([]);
  });

  it('retries ambiguous failures only in idempotent steps', () => {
    // Act
    const unsafe = ORDER_PROCESSING_LAMBDA_STEPS.filter((step) => !step.idempotent).flatMap((step) =>
      step.errors.filter((error) => error.disposition.kind === 'retried' && error.source !== 'lambda').map((error) => `${step.state}: ${error.name}`),
    );

    // Assess
    expect(unsafe).toEqual([]);
  });

  it("names middy's early timeout as the list does, because that name is what reaches Step Functions", () => {
    // Act
    const name = middyTimeoutName();

    // Assess
    expect(name).toBe('TimeoutError');
    expect(cases.filter(([, , error]) => error.source === 'middy').map(([, errorName]) => errorName)).toEqual(expect.arrayContaining(['TimeoutError']));
  });

  it('lists handler, idempotency and SDK errors by the names their classes really carry', () => {
    // Act
    const unknown = cases
      .filter(([, name, error]) => ['handler', 'idempotency', 'sdk'].includes(error.source) && name !== 'Error')
      .map(([, name]) => name)
      .filter((name) => !THROWN_CLASSES.includes(name));

    // Assess
    expect(unknown).toEqual([]);
  });
});

describe('the error names in the ASL files', () => {
  it.each(ASL_FILES)('%s: every non-States error name is thrown by a handler, raised by its integration, or documented as raised by the workflow', (file) => {
    // Prepare
    const definition = readDefinition(file) as unknown as Machine;
    const documented = raisedByWorkflow(definition);
    const thrown = [...THROWN_CLASSES, middyTimeoutName()];

    // Act
    const unexplained = allStates(definition.States).flatMap(([stateName, state]) => {
      const names = [...(state.Retry ?? []), ...(state.Catch ?? [])].flatMap((handler) => handler.ErrorEquals);
      if (state.Type === 'Fail' && state.Error && !state.Error.startsWith('{%')) names.push(state.Error);
      return names
        .filter((name) => !name.startsWith('States.'))
        .filter((name) => !thrown.includes(name) && !raisedByIntegration(state, name) && !documented.includes(name))
        .map((name) => `${stateName}: ${name}`);
    });

    // Assess
    expect(unexplained).toEqual([]);
  });

  it('documents no workflow-raised name that a Fail state does not raise', () => {
    // Act
    const failErrors = allStates(machine.States).filter(([, state]) => state.Type === 'Fail').map(([, state]) => state.Error ?? '');
    const documented = raisedByWorkflow(machine);

    // Assess: OrderRejected and OutOfStock are Fail states' literal Errors; ApprovalExpired is assigned in a Catch
    expect(documented.length).toBeGreaterThan(0);
    for (const name of documented) expect(failErrors.some((error) => error === name) || JSON.stringify(machine).includes(`'${name}'`)).toBe(true);
  });
});
