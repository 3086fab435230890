/**
 * Applies a deploy plan to a running runtime through the same APIs a user would call: CreateTable on DynamoDB and
 * CreateStateMachine on Step Functions, both through AWS SDK v3 clients pointed at the edge, the Lambda runtime's
 * register() for functions (their code is on disk already; there is no CreateFunction upload to emulate), the
 * API Gateway service's deploy() for REST APIs (a stage deployment, with no control-plane API to go through),
 * CreateQueue on SQS, CreateBucket on S3, CreateTopic and Subscribe on SNS, and the SQS pollers' start() for event
 * source mappings.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CreateStateMachineCommand, SFNClient, StateMachineAlreadyExists, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RestApiPlan } from '../apigateway/types';
import type { FunctionConfig } from '../lambda/types';
import { createBuckets } from '../s3/create-buckets';
import { createTopics } from '../sns/create-topics';
import { createQueues } from '../sqs/create-queues';
import type { EventSourceMappingPlan } from '../sqs/plan-queues';
import { applyVersions, type VersionTargets } from './apply-versions';
import type { DeployPlan, FunctionPlan, TablePlan } from './plan';

export interface ApplyTargets extends VersionTargets {
  /** The edge URL, e.g. http://127.0.0.1:4566. */
  readonly endpoint: string;
  readonly region: string;
  readonly lambda: { register(fn: FunctionConfig): void };
  /** Serves the plan's REST APIs; without it `http` events are planned but not served. */
  readonly restApis?: { deploy(apis: readonly RestApiPlan[]): void };
  /** Polls the queues of SQS event source mappings; without it `sqs` events are planned but nothing polls. */
  readonly eventSourceMappings?: { start(mappings: readonly EventSourceMappingPlan[]): void };
}

/** The edge accepts any credentials; SDK clients still need some to sign with. */
const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const TABLE_ACTIVE_TIMEOUT_MS = 30_000;

async function waitForActiveTable(client: DynamoDBClient, tableName: string): Promise<void> {
  // The SDK's waitUntilTableExists polls every 20 s at least; dynalite turns a table ACTIVE within milliseconds.
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} is still ${Table?.TableStatus} after ${TABLE_ACTIVE_TIMEOUT_MS} ms`);
    await sleep(25);
  }
}

async function createTable(client: DynamoDBClient, table: TablePlan): Promise<void> {
  const tableName = String(table.input.TableName);
  try {
    await client.send(new CreateTableCommand(table.input));
  } catch (error) {
    // A table kept by a persistent store from an earlier start is fine as it is.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitForActiveTable(client, tableName);
  if (table.timeToLiveAttribute) {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }));
  }
}

function functionConfig(fn: FunctionPlan): FunctionConfig {
  const { name, handler, codeDir, runtime, timeoutSeconds, memorySize, environment } = fn;
  return { name, handler, codeDir, runtime, timeoutSeconds, memorySize, environment };
}

/**
 * Creates the tables, queues, buckets and topics, registers the functions, then creates the state machines (which may
 * name all of them), serves the APIs and starts the event source mappings (which need both their queue and their function).
 */
export async function applyDeployPlan(plan: DeployPlan, targets: ApplyTargets): Promise<void> {
  const clientConfig = { endpoint: targets.endpoint, region: targets.region, credentials: LOCAL_CREDENTIALS };
  const dynamodb = new DynamoDBClient(clientConfig);
  const sfn = new SFNClient(clientConfig);
  const sqs = new SQSClient(clientConfig);
  // Path style: the edge's host is an IP address, which cannot carry a bucket name.
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
  const sns = new SNSClient(clientConfig);
  try {
    await Promise.all(plan.tables.map((table) => createTable(dynamodb, table)));
    await createQueues(sqs, plan.queues ?? []);
    await createBuckets(s3, targets.region, plan.buckets ?? []);
    // After the queues: an SQS subscription's queue should exist before anything is published to it.
    await createTopics(sns, plan.topics ?? [], plan.subscriptions ?? []);
    for (const fn of plan.functions) targets.lambda.register(functionConfig(fn));
    for (const machine of plan.stateMachines) {
      try {
        await sfn.send(new CreateStateMachineCommand({ name: machine.name, definition: machine.definition, roleArn: machine.roleArn, type: machine.type }));
      } catch (error) {
        if (!(error instanceof StateMachineAlreadyExists)) throw error;
        await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machine.arn, definition: machine.definition, roleArn: machine.roleArn }));
      }
    }
    // Versions snapshot the machines just created or updated; aliases and their alarms name the versions.
    if (plan.versions) await applyVersions(sfn, plan.versions, targets, clientConfig);
    targets.restApis?.deploy(plan.restApis ?? []);
    targets.eventSourceMappings?.start(plan.eventSourceMappings ?? []);
  } finally {
    dynamodb.destroy();
    sfn.destroy();
    sqs.destroy();
    s3.destroy();
    sns.destroy();
  }
}
