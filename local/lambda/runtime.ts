/**
 * The offline Lambda service: registered functions, each with a pool of worker-thread environments, invoked the way
 * the Invoke API describes. https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from '../platform/aws-error';
import { systemClock, type Clock } from '../platform/clock';
import { FunctionPool } from './function-pool';
import { functionArn, parseFunctionReference } from './function-name';
import type { FunctionConfig, InvokeOptions, InvokeResult, LambdaInvoker } from './types';

/** The only version this runtime publishes; aliases and numbered versions are not modelled. */
const LATEST = '$LATEST';
/** Invoke's synchronous payload quota. https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** `LogType: Tail` returns the last 4 KB of the log. */
const LOG_TAIL_BYTES = 4096;

export interface LambdaRuntimeOptions {
  readonly region: string;
  readonly accountId: string;
  /** The edge URL handed to functions as `AWS_ENDPOINT_URL`, so their SDK clients reach this runtime. */
  readonly endpoint?: string;
  /** Where function output goes, one prefixed line at a time (default: stdout). */
  readonly log?: (line: string) => void;
  /** Environments per function at once (default 10); more invocations wait for a free one. */
  readonly maxConcurrency?: number;
  /** Idle environments are recycled after this long (default 5 minutes). */
  readonly idleTimeoutMs?: number;
  /**
   * The runtime's clock. When it is not the wall clock (a test clock, LOCAL_CLOCK_SPEED), handlers see it as `Date`,
   * so that a Lambda comparing an ASL-computed deadline (the approval link's expiry) with "now" agrees with the
   * execution that computed it. Timeouts stay on real time.
   */
  readonly clock?: Clock;
}

export interface LambdaRuntime extends LambdaInvoker {
  /** Adds or replaces a function (replacing recycles its environments, as a code update does). */
  register(fn: FunctionConfig): void;
  /** Sets `AWS_ENDPOINT_URL` for environments started from now on (the edge's port is known only once it listens). */
  setEndpoint(endpoint: string): void;
  /** Registered function names. */
  functionNames(): string[];
  /** Environments created so far for a function: the number of cold starts. */
  coldStarts(name: string): number;
  close(): Promise<void>;
}

interface Registered {
  readonly config: FunctionConfig;
  readonly pool: FunctionPool;
}

/** Creates the runtime; functions run in worker threads (see sandbox.ts for why threads). */
export function createLambdaRuntime(options: LambdaRuntimeOptions): LambdaRuntime {
  const functions = new Map<string, Registered>();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  let endpoint = options.endpoint;

  const arnOf = (name: string, qualifier?: string) => functionArn(options.region, options.accountId, name, qualifier);

  const createPool = (config: FunctionConfig) =>
    new FunctionPool({
      config,
      env: lambdaEnvironment(config, options.region, endpoint),
      functionVersion: LATEST,
      logGroupName: `/aws/lambda/${config.name}`,
      log,
      maxConcurrency: options.maxConcurrency ?? 10,
      idleTimeoutMs: options.idleTimeoutMs ?? 5 * 60_000,
    });

  const resolve = (nameOrArn: string, qualifierOption?: string): { registered: Registered; arn: string } => {
    const reference = parseFunctionReference(nameOrArn);
    if (!reference) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${nameOrArn}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
      );
    }
    const qualifier = qualifierOption ?? reference.qualifier;
    const registered = functions.get(reference.name);
    if (!registered || (qualifier !== undefined && qualifier !== LATEST)) {
      throw new AwsError('ResourceNotFoundException', `Function not found: ${arnOf(reference.name, qualifier)}`, 404);
    }
    return { registered, arn: arnOf(reference.name, qualifier) };
  };

  return {
    register(fn) {
      const previous = functions.get(fn.name);
      functions.set(fn.name, { config: fn, pool: createPool(fn) });
      if (previous) void previous.pool.close();
    },

    setEndpoint(url) {
      endpoint = url;
    },

    functionNames: () => [...functions.keys()],

    coldStarts: (name) => functions.get(name)?.pool.coldStarts ?? 0,

    async invoke(nameOrArn, payload, invokeOptions: InvokeOptions = {}): Promise<InvokeResult> {
      const { registered, arn } = resolve(nameOrArn, invokeOptions.qualifier);
      const event = JSON.stringify(payload === undefined ? {} : payload);
      if (Buffer.byteLength(event) > MAX_REQUEST_BYTES) {
        throw new AwsError(
          'RequestTooLargeException',
          `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
          413,
        );
      }
      const type = invokeOptions.invocationType ?? 'RequestResponse';
      if (type === 'DryRun') return { statusCode: 204, payload: '', executedVersion: LATEST };
      const clock = options.clock && options.clock !== systemClock ? { now: options.clock.now(), rate: options.clock.rate ?? 1 } : undefined;
      const invocation = { requestId: randomUUID(), event, invokedFunctionArn: arn, traceId: traceId(), ...(clock ? { clock } : {}) };
      if (type === 'Event') {
        // Asynchronous invocation: accepted at once; a failure is only logged (Lambda's own retries are not modelled).
        void registered.pool.invoke(invocation).then((outcome) => {
          if (outcome.error) log(`[${registered.config.name}] Async invocation failed: ${outcome.payload}`);
        });
        return { statusCode: 202, payload: '', executedVersion: LATEST };
      }
      const outcome = await registered.pool.invoke(invocation);
      return {
        statusCode: 200,
        payload: outcome.payload,
        executedVersion: LATEST,
        ...(outcome.error ? { functionError: 'Unhandled' as const } : {}),
        ...(invokeOptions.logType === 'Tail' ? { logTail: tail(outcome.logs) } : {}),
      };
    },

    async close() {
      const pools = [...functions.values()].map(({ pool }) => pool.close());
      functions.clear();
      await Promise.all(pools);
    },
  };
}

/**
 * The environment a Lambda function sees: its own variables, then the reserved ones Lambda sets (which a function
 * cannot override). https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function lambdaEnvironment(config: FunctionConfig, region: string, endpoint?: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    NODE_PATH: config.codeDir,
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    ...config.environment,
    _HANDLER: config.handler,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${config.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: LATEST,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.name}`,
    LAMBDA_TASK_ROOT: config.codeDir,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    // The function's execution role, as far as an offline runtime has one: credentials the edge accepts unchecked.
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
  };
}

/** An X-Ray trace header shaped like Lambda's `_X_AMZN_TRACE_ID`. */
function traceId(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

function tail(lines: string[]): string {
  const text = Buffer.from(lines.map((line) => `${line}\n`).join(''));
  return text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString('base64');
}
