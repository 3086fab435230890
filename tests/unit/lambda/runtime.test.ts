import path from 'node:path';
import { AwsError } from '../../../local/platform/aws-error';
import { createLambdaRuntime, type LambdaRuntime } from '../../../local/lambda/runtime';
import type { FunctionConfig } from '../../../local/lambda/types';

const codeDir = path.join(__dirname, '../../fixtures/lambda');
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';

const fn = (name: string, handler: string, overrides: Partial<FunctionConfig> = {}): FunctionConfig => ({
  name,
  handler,
  codeDir,
  runtime: 'nodejs22.x',
  timeoutSeconds: 3,
  memorySize: 128,
  environment: {},
  ...overrides,
});

const parsed = (payload: string): unknown => JSON.parse(payload);

describe('Lambda runtime', () => {
  let runtime: LambdaRuntime;
  let logs: string[];

  beforeEach(() => {
    logs = [];
    runtime = createLambdaRuntime({ region: REGION, accountId: ACCOUNT, log: (line) => logs.push(line) });
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('runs a handler with a Lambda context and returns its result as JSON text', async () => {
    // Prepare
    runtime.register(fn('echo', 'handlers.echo', { memorySize: 256 }));

    // Act
    const result = await runtime.invoke('echo', { orderId: 'o-1' });

    // Assess
    expect(result).toMatchObject({ statusCode: 200, executedVersion: '$LATEST' });
    expect(result.functionError).toBeUndefined();
    expect(parsed(result.payload)).toEqual({
      event: { orderId: 'o-1' },
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo`,
      memoryLimitInMB: '256',
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      logGroupName: '/aws/lambda/echo',
      remainingPositive: true,
      callbackWaitsForEmptyEventLoop: true,
    });
  });

  it.each([
    ['a name', 'echo'],
    ['a name with $LATEST', 'echo:$LATEST'],
    ['a partial ARN', `${ACCOUNT}:function:echo`],
    ['a full ARN', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo`],
    ['a qualified full ARN', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo:$LATEST`],
  ])('finds the function by %s', async (_label, reference) => {
    // Prepare
    runtime.register(fn('echo', 'handlers.echo'));

    // Act
    const result = await runtime.invoke(reference, { n: 1 });

    // Assess
    expect(parsed(result.payload)).toMatchObject({ event: { n: 1 }, functionName: 'echo' });
  });

  it.each([
    ['an unknown function', 'missing', undefined, `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:missing`],
    ['an unpublished version', 'echo', '7', `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo:7`],
  ])('refuses %s with ResourceNotFoundException', async (_label, name, qualifier, message) => {
    // Prepare
    runtime.register(fn('echo', 'handlers.echo'));

    // Act
    const attempt = runtime.invoke(name, {}, { qualifier });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AwsError);
    await expect(attempt).rejects.toMatchObject({ code: 'ResourceNotFoundException', statusCode: 404, message });
  });

  it('reports a thrown error as an Unhandled function error with the error payload', async () => {
    // Prepare
    runtime.register(fn('pay', 'handlers.decline'));

    // Act
    const result = await runtime.invoke('pay', { card: '4000' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBe('Unhandled');
    const payload = parsed(result.payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(payload).toMatchObject({ errorType: 'PaymentDeclined', errorMessage: 'Card 4000 declined' });
    expect(payload.trace[0]).toBe('PaymentDeclined: Card 4000 declined');
    expect(Object.keys(payload)).toEqual(['errorType', 'errorMessage', 'trace']);
  });

  it.each([
    ['a handler that never answers', 'handlers.slow'],
    ['a handler that never yields', 'handlers.spin'],
  ])('times out %s and recovers with a fresh environment', async (_label, handler) => {
    // Prepare
    runtime.register(fn('sleepy', handler, { timeoutSeconds: 0.3 }));

    // Act
    const result = await runtime.invoke('sleepy', {});

    // Assess
    expect(result.functionError).toBe('Unhandled');
    expect(parsed(result.payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 0\.30 seconds$/),
    });
    runtime.register(fn('sleepy', 'handlers.count'));
    expect(parsed((await runtime.invoke('sleepy', {})).payload)).toEqual({ invocations: 1 });
  });

  it.each([
    ['a missing dependency', 'broken.handler', 'Runtime.ImportModuleError', /^Error: Cannot find module '\.\/dependency-that-does-not-exist'/],
    ['a missing handler file', 'nowhere.handler', 'Runtime.ImportModuleError', /^Error: Cannot find module 'nowhere'/],
    ['a missing export', 'handlers.absent', 'Runtime.HandlerNotFound', /^handlers\.absent is undefined or not exported$/],
    ['an export that is not a function', 'handlers.notAFunction', 'Runtime.HandlerNotFound', /^handlers\.notAFunction is not a function$/],
    ['a module that throws at init', 'init-throws.handler', 'ConfigError', /^TABLE_NAME is not set$/],
  ])('fails the invocation on %s with %s', async (_label, handler, errorType, message) => {
    // Prepare
    runtime.register(fn('bad', handler));

    // Act
    const result = await runtime.invoke('bad', {});

    // Assess
    expect(result.functionError).toBe('Unhandled');
    const payload = parsed(result.payload) as { errorType: string; errorMessage: string };
    expect(payload.errorType).toBe(errorType);
    expect(payload.errorMessage).toMatch(message);
  });

  it.each([
    ['process.exit', 'handlers.exit', { errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/Runtime exited with error: exit status 3$/) }],
    ['an uncaught error in a callback', 'handlers.crash', { errorType: 'TypeError', errorMessage: 'boom in a callback' }],
  ])('survives %s and serves the next invocation', async (_label, handler, expected) => {
    // Prepare
    runtime.register(fn('crashy', handler));

    // Act
    const first = await runtime.invoke('crashy', {});
    const second = await runtime.invoke('crashy', {});

    // Assess
    expect(first.functionError).toBe('Unhandled');
    expect(parsed(first.payload)).toMatchObject(expected);
    expect(parsed(second.payload)).toMatchObject(expected);
    expect(runtime.coldStarts('crashy')).toBe(2);
  });

  it('keeps each function in its own environment variables', async () => {
    // Prepare
    runtime.setEndpoint('http://localhost:4566');
    runtime.register(fn('english', 'handlers.env', { environment: { GREETING: 'hello' }, memorySize: 512 }));
    runtime.register(fn('french', 'handlers.env', { environment: { GREETING: 'bonjour' } }));

    // Act
    const [english, french] = await Promise.all([runtime.invoke('english', {}), runtime.invoke('french', {})]);

    // Assess
    expect(parsed(english.payload)).toEqual({
      GREETING: 'hello',
      AWS_LAMBDA_FUNCTION_NAME: 'english',
      AWS_REGION: REGION,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      _HANDLER: 'handlers.env',
      AWS_ENDPOINT_URL: 'http://localhost:4566',
    });
    expect(parsed(french.payload)).toMatchObject({ GREETING: 'bonjour', AWS_LAMBDA_FUNCTION_NAME: 'french' });
    expect(process.env.GREETING).toBeUndefined();
  });

  it('reuses a warm environment for the next invocation', async () => {
    // Prepare
    runtime.register(fn('counter', 'handlers.count'));

    // Act
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push(parsed((await runtime.invoke('counter', {})).payload));

    // Assess
    expect(counts).toEqual([{ invocations: 1 }, { invocations: 2 }, { invocations: 3 }]);
    expect(runtime.coldStarts('counter')).toBe(1);
  });

  it('gives concurrent invocations separate environments', async () => {
    // Prepare
    runtime.register(fn('holder', 'handlers.hold'));

    // Act
    const results = await Promise.all([1, 2, 3].map(() => runtime.invoke('holder', { ms: 150 })));

    // Assess
    const bodies = results.map((result) => parsed(result.payload) as { invocations: number; threadId: number });
    expect(bodies.map((body) => body.invocations)).toEqual([1, 1, 1]);
    expect(new Set(bodies.map((body) => body.threadId)).size).toBe(3);
    expect(runtime.coldStarts('holder')).toBe(3);
  });

  it('replaces environments that died while idle, however many, instead of waiting for a free one', async () => {
    // Prepare: one environment at a time, and a handler whose environment exits just after it answers.
    const single = createLambdaRuntime({ region: REGION, accountId: ACCOUNT, log: () => undefined, maxConcurrency: 1 });
    single.register(fn('leaver', 'handlers.exitWhenIdle'));

    try {
      // Act: each invocation finds the previous environment dead.
      const payloads = [];
      for (let i = 0; i < 3; i++) {
        payloads.push(parsed((await single.invoke('leaver', {})).payload));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // Assess
      expect(payloads).toEqual(['answered', 'answered', 'answered']);
      expect(single.coldStarts('leaver')).toBe(3);
    } finally {
      await single.close();
    }
  });

  it.each([
    ['success', {}, { via: 'callback' }, undefined],
    ['failure', { fail: true }, { errorType: 'Error', errorMessage: 'callback failure' }, 'Unhandled'],
  ])('supports callback-style handlers (%s)', async (_label, event, expected, functionError) => {
    // Prepare
    runtime.register(fn('legacy', 'handlers.callback'));

    // Act
    const result = await runtime.invoke('legacy', event);

    // Assess
    expect(result.functionError).toBe(functionError);
    expect(parsed(result.payload)).toMatchObject(expected);
  });

  it('answers null for a handler that returns nothing', async () => {
    // Prepare
    runtime.register(fn('quiet', 'handlers.nothing'));

    // Act
    const result = await runtime.invoke('quiet', {});

    // Assess
    expect(result.payload).toBe('null');
  });

  it('prefixes console output with the function name and returns the log tail on request', async () => {
    // Prepare
    runtime.register(fn('logger', 'handlers.log'));

    // Act
    const result = await runtime.invoke('logger', { orderId: 'o-9' }, { logType: 'Tail' });

    // Assess
    const line = logs.find((entry) => entry.includes('processing order'));
    expect(line).toMatch(/^\[logger\] \d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\tprocessing order o-9$/);
    expect(Buffer.from(result.logTail ?? '', 'base64').toString()).toContain('processing order o-9');
  });

  it.each([
    ['Event', 202],
    ['DryRun', 204],
  ] as const)('accepts invocation type %s with status %i and no payload', async (invocationType, statusCode) => {
    // Prepare
    runtime.register(fn('counter', 'handlers.count'));

    // Act
    const result = await runtime.invoke('counter', {}, { invocationType });

    // Assess
    expect(result).toEqual({ statusCode, payload: '', executedVersion: '$LATEST' });
  });
});
