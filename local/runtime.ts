/**
 * The offline runtime, composed: Lambda workers, embedded DynamoDB, the Step Functions service and its task
 * integrations, API Gateway REST APIs (serverless.yml's `http` events) and SQS with its event source mappings (`sqs`
 * events) behind one edge endpoint, with serverless.yml deployed into it. `npm start` and the workflow tests both call
 * startRuntime, so what the tests exercise is what users run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApiGatewayService } from './apigateway/apigateway-route';
import { AlarmRegistry } from './cloudwatch/alarms';
import { MetricStore } from './cloudwatch/metrics';
import { AliasDeployer } from './deploy/alias-deployment';
import { deployService } from './deploy/deploy-service';
import type { DeployPlan } from './deploy/plan';
import { createEmbeddedDynamoDb } from './dynamodb/embedded-dynamodb';
import { startEdgeServer, type EdgeServer } from './edge/server';
import { createInboxRoute } from './inbox/inbox-route';
import { createTaskIntegrations, type RuntimeTaskIntegrations } from './integrations';
import { createLambdaRuntime } from './lambda/runtime';
import { createSesCapture } from './ses/ses-routes';
import { EventSourceMappings } from './sqs/event-source-mappings';
import { sqsRoutes } from './sqs/sqs-routes';
import { createSqsService } from './sqs/sqs-service';
import { createStepFunctionsService } from './stepfunctions/service';
import { acceleratedClock, systemClock } from './engine/clock';
import type { Clock } from './engine/ports';
import { explainStartupError } from './startup-errors';

/** The account every local ARN carries, as LocalStack's default. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface RuntimeOptions {
  /** The edge port: 4566 (LocalStack's) unless LOCAL_PORT says otherwise; 0 picks a free one (tests). */
  readonly port?: number;
  /** Run `serverless package --stage local` first (default); false deploys what `.serverless/` holds. */
  readonly packageFirst?: boolean;
  /** The directory holding serverless.yml; the project root by default. */
  readonly serviceDir?: string;
  /** Default AWS_REGION, else us-east-1. */
  readonly region?: string;
  /** Where the outputs go; default `<serviceDir>/.local/stack-outputs.json`; `false` writes none. */
  readonly outputsFile?: string | false;
  /** Where function logs and packaging progress go; stdout by default. */
  readonly log?: (line: string) => void;
  /**
   * The clock of executions (Wait, Retry, timeouts, heartbeats) and of queues (visibility, delays). Default: the wall
   * clock, or `$LOCAL_CLOCK_SPEED` times faster (e.g. 3600: an hour a second).
   */
  readonly clock?: Clock;
  /**
   * Task TimeoutSeconds overrides keyed `<state machine name>/<state name>`, so a 24 h callback is testable without
   * editing the ASL. Default: `$LOCAL_TASK_TIMEOUTS` as JSON, e.g. `{"orders-local-order-processing/Ask a manager": 5}`.
   */
  readonly taskTimeoutOverrides?: Readonly<Record<string, number>>;
}

export interface Runtime {
  /** The edge URL, for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly region: string;
  /** `EdgeEndpoint` plus every `resources.Outputs` key of serverless.yml, resolved locally. */
  readonly outputs: Readonly<Record<string, string>>;
  /** What was deployed. */
  readonly plan: DeployPlan;
  /** Where the outputs were written, if anywhere. */
  readonly outputsFile?: string;
  /** Stops executions, the edge, the Lambda workers and DynamoDB; state is in memory and goes with them. */
  close(): Promise<void>;
}

/**
 * Starts every component, deploys the service and writes the stack outputs. The failures users commonly meet (port
 * taken, packaging failed) come out as a StartupError whose message says what to do; anything else is rethrown as is.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  try {
    return await startRuntimeComponents(options);
  } catch (error) {
    throw explainStartupError(error, { port: options.port ?? Number(process.env.LOCAL_PORT ?? 4566) }) ?? error;
  }
}

async function startRuntimeComponents(options: RuntimeOptions): Promise<Runtime> {
  const serviceDir = options.serviceDir ?? path.resolve(__dirname, '..');
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const port = options.port ?? Number(process.env.LOCAL_PORT ?? 4566);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? clockFromEnvironment();
  const taskTimeoutOverrides = options.taskTimeoutOverrides ?? timeoutsFromEnvironment();

  const lambda = createLambdaRuntime({ region, accountId: LOCAL_ACCOUNT_ID, log });
  const dynamodb = createEmbeddedDynamoDb();
  // REST APIs are known once the service is deployed; the edge gets their route now and the routes at deploy time.
  const apiGateway = createApiGatewayService({ lambda, accountId: LOCAL_ACCOUNT_ID, log });
  // The integrations need the edge URL (known once it listens) and the service they belong to: bind them late.
  let integrations: RuntimeTaskIntegrations | undefined;
  // Execution counts per state machine, version and alias feed the alarms that alias deployments (canaries) watch.
  const metrics = new MetricStore();
  const alarms = new AlarmRegistry(metrics);
  const aliasDeployer = new AliasDeployer({ clock, alarms, log });
  const stepFunctions = createStepFunctionsService({
    region,
    accountId: LOCAL_ACCOUNT_ID,
    clock,
    metrics,
    taskTimeoutOverrides,
    integrations: () => {
      if (!integrations) throw new Error('Task integrations are not ready: the runtime is still starting');
      return integrations;
    },
  });
  // SQS queues, and the pollers of `sqs` events that feed their messages to functions.
  const sqs = createSqsService({ region, accountId: LOCAL_ACCOUNT_ID, clock });
  const eventSourceMappings = new EventSourceMappings({ sqs, lambda, region, clock, log });
  let edge: EdgeServer | undefined;
  const close = async (): Promise<void> => {
    await eventSourceMappings.close();
    sqs.close();
    await aliasDeployer.close();
    await stepFunctions.close();
    await edge?.close();
    integrations?.close();
    await lambda.close();
    await dynamodb.close();
  };

  try {
    // Mail sent through SES v2 is kept, not delivered: /_aws/ses serves it as JSON, /_runtime/inbox as pages.
    const ses = createSesCapture({ region });
    edge = await startEdgeServer({ port, stepFunctions: stepFunctions.handler, dynamodb, lambda, extraRoutes: [...ses.routes, createInboxRoute({ sent: ses.sent }), apiGateway.route, ...sqsRoutes(sqs)] });
    lambda.setEndpoint(edge.url);
    sqs.setEndpoint(edge.url);
    integrations = createTaskIntegrations({ lambda, endpoint: edge.url, region, stepFunctions: stepFunctions.port });
    const plan = await deployService({
      serviceDir,
      region,
      accountId: LOCAL_ACCOUNT_ID,
      endpoint: edge.url,
      lambda,
      restApis: apiGateway,
      eventSourceMappings,
      aliasDeployer,
      alarms,
      packageFirst: options.packageFirst,
    });
    const outputs = { EdgeEndpoint: edge.url, ...plan.outputs };
    const outputsFile = options.outputsFile === false ? undefined : (options.outputsFile ?? path.join(serviceDir, '.local', 'stack-outputs.json'));
    if (outputsFile) {
      mkdirSync(path.dirname(outputsFile), { recursive: true });
      writeFileSync(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
    }
    return { url: edge.url, region, outputs, plan, ...(outputsFile ? { outputsFile } : {}), close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** `$LOCAL_CLOCK_SPEED` (a positive number) speeds the runtime's clock up; absent, the wall clock. */
function clockFromEnvironment(): Clock {
  const speed = process.env.LOCAL_CLOCK_SPEED;
  if (speed === undefined || speed === '') return systemClock;
  const factor = Number(speed);
  if (!(factor > 0)) throw new Error(`LOCAL_CLOCK_SPEED must be a positive number, got '${speed}'`);
  return acceleratedClock(factor);
}

/** `$LOCAL_TASK_TIMEOUTS`: a JSON object of `<state machine name>/<state name>` → seconds. */
function timeoutsFromEnvironment(): Record<string, number> | undefined {
  const text = process.env.LOCAL_TASK_TIMEOUTS;
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`LOCAL_TASK_TIMEOUTS must be a JSON object of "<state machine>/<state>": seconds, got '${text}'`);
  }
  const entries = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : [];
  if (entries.length === 0 || entries.some(([key, value]) => !key.includes('/') || !Number.isInteger(value) || (value as number) <= 0)) {
    throw new Error(`LOCAL_TASK_TIMEOUTS must map "<state machine>/<state>" to positive whole seconds, got '${text}'`);
  }
  return Object.fromEntries(entries) as Record<string, number>;
}
