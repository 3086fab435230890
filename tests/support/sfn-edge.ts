/**
 * A real edge on a free port serving the Step Functions API over the engine, with embedded DynamoDB, the Lambda
 * runtime (fixture handlers from tests/fixtures/lambda) and the task integrations wired as local/runtime.ts wires
 * them, but without packaging or deploying serverless.yml, so API tests start in well under a second.
 */
import path from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createEmbeddedDynamoDb } from '../../local/dynamodb/embedded-dynamodb';
import { dynamoDbRoutes } from '../../local/dynamodb/module';
import { lambdaRoutes } from '../../local/lambda/invoke-route';
import { stepFunctionsRoutes } from '../../local/stepfunctions/module';
import { startEdgeServer } from '../../local/edge/server';
import { createTaskIntegrations, type RuntimeTaskIntegrations } from '../../local/integrations';
import { createLambdaRuntime, type LambdaRuntime } from '../../local/lambda/runtime';
import { createStepFunctionsService, type StepFunctionsServiceOptions } from '../../local/stepfunctions/service';

export const EDGE_REGION = 'us-east-1';
export const EDGE_ACCOUNT = '000000000000';
const FIXTURES = path.join(__dirname, '../fixtures/lambda');

/** A fixture function: `handler` is `file.export` under tests/fixtures/lambda. */
export interface FixtureFunction {
  readonly name: string;
  readonly handler: string;
  readonly timeoutSeconds?: number;
}

export interface SfnEdge {
  readonly url: string;
  /** An unmodified SDK v3 client pointed at the edge with dummy credentials. */
  readonly sfn: SFNClient;
  readonly lambda: LambdaRuntime;
  /** Lambda function logs, one line each. */
  readonly logs: string[];
  /** The ARN a Task uses for a fixture function. */
  functionArn(name: string): string;
  close(): Promise<void>;
}

/** Service options a test may set: a seeded `random` for alias routing, a `metrics` store, a `clock`. */
export type SfnEdgeOptions = Pick<StepFunctionsServiceOptions, 'random' | 'metrics' | 'clock'>;

export async function startSfnEdge(functions: readonly FixtureFunction[] = [], options: SfnEdgeOptions = {}): Promise<SfnEdge> {
  const logs: string[] = [];
  const lambda = createLambdaRuntime({ region: EDGE_REGION, accountId: EDGE_ACCOUNT, log: (line) => logs.push(line) });
  const dynamodb = createEmbeddedDynamoDb();
  // The integrations need the edge URL, known once it listens: the service resolves them on first use.
  const bound: { integrations?: RuntimeTaskIntegrations } = {};
  const stepFunctions = createStepFunctionsService({
    region: EDGE_REGION,
    accountId: EDGE_ACCOUNT,
    ...options,
    integrations: () => {
      if (!bound.integrations) throw new Error('task integrations are not ready');
      return bound.integrations;
    },
  });
  const edge = await startEdgeServer({
    port: 0,
    services: [
      { name: 'stepfunctions', routes: stepFunctionsRoutes(stepFunctions.handler) },
      { name: 'dynamodb', routes: dynamoDbRoutes(() => dynamodb) },
      { name: 'lambda', routes: lambdaRoutes(lambda) },
    ],
  });
  lambda.setEndpoint(edge.url);
  bound.integrations = createTaskIntegrations({ lambda, endpoint: edge.url, region: EDGE_REGION, stepFunctions: stepFunctions.port });
  for (const fn of functions) {
    lambda.register({
      name: fn.name, handler: fn.handler, codeDir: FIXTURES, runtime: 'nodejs22.x', timeoutSeconds: fn.timeoutSeconds ?? 3, memorySize: 128, environment: {},
    });
  }
  const sfn = new SFNClient({ endpoint: edge.url, region: EDGE_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return {
    url: edge.url,
    sfn,
    lambda,
    logs,
    functionArn: (name) => `arn:aws:lambda:${EDGE_REGION}:${EDGE_ACCOUNT}:function:${name}`,
    async close() {
      sfn.destroy();
      await stepFunctions.close();
      await edge.close();
      bound.integrations?.close();
      await lambda.close();
      await dynamodb.close();
    },
  };
}
