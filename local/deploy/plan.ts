/**
 * Turns a packaged CloudFormation template into a deploy plan for the offline runtime: the functions to register,
 * the DynamoDB tables, SQS queues, S3 buckets and SNS topics with their subscriptions to create, the state machines to create, the REST APIs to serve, the SQS event
 * source mappings to start and the outputs to publish, with
 * every intrinsic resolved (execute-api URLs of the stack's own APIs pointing at the edge). Pure: it reads nothing
 * but its arguments, so it is unit-tested with small in-test templates.
 */
import path from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { withLocalApiUrls } from '../apigateway/local-urls';
import { planRestApis } from '../apigateway/plan-rest-apis';
import { REST_API_RESOURCE_TYPES, type RestApiPlan } from '../apigateway/types';
import type { Json, StateMachineType } from '../engine/types';
import type { FunctionConfig } from '../lambda/types';
import { planBuckets, type BucketPlan } from '../s3/plan-buckets';
import { planTopics, type SubscriptionPlan, type TopicPlan } from '../sns/plan-topics';
import { planEventSourceMappings, planQueues, type EventSourceMappingPlan, type QueuePlan } from '../sqs/plan-queues';
import { createIntrinsicResolver, resolvedProperties, type IntrinsicResolver } from './intrinsics';
import { planVersions, type VersionsPlan } from './plan-versions';
import { TemplateError, type CloudFormationTemplate, type StackContext, type TemplateResource } from './template';

export interface FunctionPlan extends FunctionConfig {
  readonly logicalId: string;
  readonly arn: string;
  /** The function's zip, as `serverless package` wrote it. */
  readonly artifact: string;
}

export interface TablePlan {
  readonly logicalId: string;
  /** The CreateTable request, from the AWS::DynamoDB::Table properties. */
  readonly input: CreateTableCommandInput;
  /** `TimeToLiveSpecification` is a separate UpdateTimeToLive call in the API. */
  readonly timeToLiveAttribute?: string;
}

export interface StateMachinePlan {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly type: StateMachineType;
  /** The ASL as CreateStateMachine takes it: a JSON string, substitutions applied. */
  readonly definition: string;
  readonly roleArn: string;
}

export interface DeployPlan {
  readonly stackName: string;
  readonly functions: readonly FunctionPlan[];
  readonly tables: readonly TablePlan[];
  readonly stateMachines: readonly StateMachinePlan[];
  /** REST APIs from `http` events, routes resolved; absent or empty when the service declares none. */
  readonly restApis?: readonly RestApiPlan[];
  /** SQS queues (AWS::SQS::Queue), attributes resolved; absent or empty when the service declares none. */
  readonly queues?: readonly QueuePlan[];
  /** S3 buckets (AWS::S3::Bucket, but the framework's deployment bucket); absent or empty when the service declares none. */
  readonly buckets?: readonly BucketPlan[];
  /** SNS topics (AWS::SNS::Topic), attributes resolved; absent or empty when the service declares none. */
  readonly topics?: readonly TopicPlan[];
  /** SNS subscriptions, inline on a topic or AWS::SNS::Subscription; absent or empty when the service declares none. */
  readonly subscriptions?: readonly SubscriptionPlan[];
  /** SQS event source mappings (`sqs` events); absent or empty when the service declares none. */
  readonly eventSourceMappings?: readonly EventSourceMappingPlan[];
  /** State machine versions, aliases and the alarms their deployments watch; absent or empty when none are declared. */
  readonly versions?: VersionsPlan;
  /** Output key → value, resolved. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Resources the runtime does not create (IAM roles, log groups, the deployment bucket, ...), for the banner. */
  readonly skipped: readonly { readonly logicalId: string; readonly type: string }[];
}

export interface PlanOptions {
  readonly template: CloudFormationTemplate;
  readonly context: StackContext;
  /** Where the function zips are (the package directory). */
  readonly packageDir: string;
  /** Where each function's code is extracted: `<functionsDir>/<function name>`. */
  readonly functionsDir: string;
  /** Which outputs to publish; all of the template's when omitted. */
  readonly outputKeys?: readonly string[];
}

/** Lambda's defaults when the template omits them. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

type Planner = (logicalId: string, resource: TemplateResource, resolver: IntrinsicResolver, options: PlanOptions) => FunctionPlan | TablePlan | StateMachinePlan;

function property(resolver: IntrinsicResolver, logicalId: string, resource: TemplateResource, name: string): Json | undefined {
  return resolver.resolve(resource.Properties?.[name], `Resources.${logicalId}.Properties.${name}`);
}

function planFunction(logicalId: string, resource: TemplateResource, resolver: IntrinsicResolver, options: PlanOptions): FunctionPlan {
  const identity = resolver.identity(logicalId, `Resources.${logicalId}`);
  const code = property(resolver, logicalId, resource, 'Code') as Record<string, Json> | undefined;
  const s3Key = code?.S3Key;
  if (typeof s3Key !== 'string') {
    throw new TemplateError(`Resources.${logicalId}.Properties.Code: only packaged code (S3Key of a zip written by serverless package) is supported locally`);
  }
  const variables = (property(resolver, logicalId, resource, 'Environment') as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {};
  const handler = property(resolver, logicalId, resource, 'Handler');
  const runtime = property(resolver, logicalId, resource, 'Runtime');
  if (typeof handler !== 'string' || typeof runtime !== 'string') {
    throw new TemplateError(`Resources.${logicalId}.Properties: Handler and Runtime are required (container images are not supported locally)`);
  }
  return {
    logicalId,
    name: identity.ref,
    arn: String(identity.attributes.Arn),
    handler,
    runtime,
    timeoutSeconds: Number(property(resolver, logicalId, resource, 'Timeout') ?? DEFAULT_TIMEOUT_SECONDS),
    memorySize: Number(property(resolver, logicalId, resource, 'MemorySize') ?? DEFAULT_MEMORY_MB),
    // Lambda environment values are strings; CloudFormation stringifies numbers and booleans.
    environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])),
    artifact: path.join(options.packageDir, path.basename(s3Key)),
    codeDir: path.join(options.functionsDir, identity.ref),
  };
}

/** CloudFormation-only keys that CreateTable does not take. */
const CFN_ONLY_TABLE_KEYS = new Set(['TimeToLiveSpecification', 'PointInTimeRecoverySpecification', 'ContributorInsightsSpecification', 'KinesisStreamSpecification', 'ImportSourceSpecification', 'ResourcePolicy', 'WarmThroughput']);

function withoutContributorInsights(indexes: Json | undefined): Json[] | undefined {
  if (!Array.isArray(indexes)) return undefined;
  return indexes.map((index) => {
    const { ContributorInsightsSpecification: _ignored, ...rest } = index as Record<string, Json>;
    return rest;
  });
}

function planTable(logicalId: string, resource: TemplateResource, resolver: IntrinsicResolver): TablePlan {
  const identity = resolver.identity(logicalId, `Resources.${logicalId}`);
  const properties = resolvedProperties(resolver, logicalId, resource);
  const input: Record<string, Json> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (!CFN_ONLY_TABLE_KEYS.has(key)) input[key] = value;
  }
  input.TableName = identity.ref;
  const gsis = withoutContributorInsights(properties.GlobalSecondaryIndexes);
  if (gsis) input.GlobalSecondaryIndexes = gsis;
  // CloudFormation's StreamSpecification has only StreamViewType; the API also wants StreamEnabled.
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  if (stream?.StreamViewType) input.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.StreamViewType };
  // CloudFormation's SSESpecification says SSEEnabled; the API says Enabled.
  const sse = properties.SSESpecification as Record<string, Json> | undefined;
  if (sse) {
    const { SSEEnabled, ...rest } = sse;
    input.SSESpecification = { ...rest, Enabled: SSEEnabled === true || SSEEnabled === 'true' };
  }
  const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  return {
    logicalId,
    input: input as unknown as CreateTableCommandInput,
    ...(ttl?.Enabled && ttl.AttributeName ? { timeToLiveAttribute: ttl.AttributeName } : {}),
  };
}

/** Applies `DefinitionSubstitutions` to a `Definition` object: `${Key}` → value, as CloudFormation does. */
function substituteDefinition(definition: Json, substitutions: Record<string, Json>): string {
  return JSON.stringify(definition).replace(/\$\{([^}]+)\}/g, (match, key: string) => {
    const value = substitutions[key];
    if (value === undefined) return match;
    return JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value)).slice(1, -1);
  });
}

function planStateMachine(logicalId: string, resource: TemplateResource, resolver: IntrinsicResolver): StateMachinePlan {
  const identity = resolver.identity(logicalId, `Resources.${logicalId}`);
  const where = `Resources.${logicalId}.Properties`;
  if (resource.Properties?.DefinitionS3Location !== undefined) {
    throw new TemplateError(`${where}.DefinitionS3Location: definitions in S3 are not supported locally; use DefinitionString or Definition`);
  }
  const definitionString = property(resolver, logicalId, resource, 'DefinitionString');
  const definitionObject = property(resolver, logicalId, resource, 'Definition');
  const substitutions = (property(resolver, logicalId, resource, 'DefinitionSubstitutions') ?? {}) as Record<string, Json>;
  let definition: string;
  if (typeof definitionString === 'string') definition = substituteDefinition(JSON.parse(definitionString) as Json, substitutions);
  else if (definitionObject !== undefined) definition = substituteDefinition(definitionObject, substitutions);
  else throw new TemplateError(`${where}: a state machine needs DefinitionString or Definition`);
  const roleArn = property(resolver, logicalId, resource, 'RoleArn');
  if (typeof roleArn !== 'string') throw new TemplateError(`${where}.RoleArn: a state machine needs a role ARN`);
  const type = property(resolver, logicalId, resource, 'StateMachineType') ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS') throw new TemplateError(`${where}.StateMachineType: expected STANDARD or EXPRESS, got ${JSON.stringify(type)}`);
  return {
    logicalId,
    name: String(identity.attributes.Name),
    arn: identity.ref,
    type,
    definition,
    roleArn,
  };
}

const planners: Record<string, Planner> = {
  'AWS::Lambda::Function': planFunction,
  'AWS::DynamoDB::Table': planTable,
  'AWS::StepFunctions::StateMachine': planStateMachine,
};

const hasVersions = (versions: VersionsPlan) => versions.stateMachineVersions.length + versions.stateMachineAliases.length + versions.alarms.length > 0;

/**
 * Builds the plan. Resources whose Condition is false are left out, as CloudFormation does; intrinsics the runtime
 * cannot resolve fail with a TemplateError naming the resource, the property and the intrinsic.
 */
export function buildDeployPlan(options: PlanOptions): DeployPlan {
  const { template, context } = options;
  const resolver = withLocalApiUrls(createIntrinsicResolver(template, context), template, context);
  const functions: FunctionPlan[] = [];
  const tables: TablePlan[] = [];
  const stateMachines: StateMachinePlan[] = [];
  const skipped: { logicalId: string; type: string }[] = [];
  // Queues and SQS event source mappings are planned by local/sqs/plan-queues.ts; other mappings stay skipped.
  const queues = planQueues(template, resolver);
  const eventSourceMappings = planEventSourceMappings(template, resolver);
  // Buckets are planned by local/s3/plan-buckets.ts; the deployment bucket stays skipped.
  const buckets = planBuckets(template, resolver);
  // Topics and subscriptions are planned by local/sns/plan-topics.ts.
  const { topics, subscriptions } = planTopics(template, resolver);
  const versions = planVersions(template, resolver);
  const plannedElsewhere = new Set(
    [...queues, ...eventSourceMappings, ...buckets, ...topics, ...subscriptions, ...versions.stateMachineVersions, ...versions.stateMachineAliases, ...versions.alarms].map((planned) => planned.logicalId),
  );
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!resolver.resourceExists(logicalId) || REST_API_RESOURCE_TYPES.has(resource.Type) || plannedElsewhere.has(logicalId)) continue;
    const planner = planners[resource.Type];
    if (!planner) {
      skipped.push({ logicalId, type: resource.Type });
      continue;
    }
    const planned = planner(logicalId, resource, resolver, options);
    if (resource.Type === 'AWS::Lambda::Function') functions.push(planned as FunctionPlan);
    else if (resource.Type === 'AWS::DynamoDB::Table') tables.push(planned as TablePlan);
    else stateMachines.push(planned as StateMachinePlan);
  }
  const outputs: Record<string, string> = {};
  for (const key of options.outputKeys ?? Object.keys(template.Outputs ?? {})) {
    const output = template.Outputs?.[key];
    if (!output || (output.Condition !== undefined && !resolver.condition(output.Condition))) continue;
    const value = resolver.resolve(output.Value, `Outputs.${key}.Value`);
    if (value !== undefined) outputs[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const restApis = planRestApis(template, resolver);
  return { stackName: context.stackName, functions, tables, stateMachines, restApis, queues, buckets, topics, subscriptions, eventSourceMappings, ...(hasVersions(versions) ? { versions } : {}), outputs, skipped };
}
