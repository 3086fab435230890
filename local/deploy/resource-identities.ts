/**
 * What `Ref` and `Fn::GetAtt` return for each resource type the project declares, computed the way CloudFormation
 * names things: the name property when the template sets one, else a generated `<stack>-<LogicalId>-<SUFFIX>`.
 * Return values per type: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 */
import { createHash } from 'node:crypto';
import type { Json } from '../engine/types';
import { subscriptionArn } from '../sns/arns';
import type { StackContext, TemplateResource } from './template';

/** A deployed resource as intrinsics see it. */
export interface ResourceIdentity {
  /** What `Ref` returns. */
  readonly ref: string;
  /** What `Fn::GetAtt` returns, by attribute name. */
  readonly attributes: Readonly<Record<string, Json>>;
}

export interface IdentityInput {
  readonly logicalId: string;
  readonly resource: TemplateResource;
  readonly context: StackContext;
  /** The resource's property, resolved; undefined when absent. */
  readonly property: (name: string) => Json | undefined;
}

/**
 * A physical name as CloudFormation generates one when the template sets none: stack name, logical id and a
 * suffix, deterministic here so that restarts keep the same names.
 */
export function generatedName(context: StackContext, logicalId: string, maxLength = 64, lowerCase = false): string {
  const suffix = createHash('sha256').update(`${context.stackName}/${logicalId}`).digest('hex').slice(0, 12).toUpperCase();
  const prefix = `${context.stackName}-${logicalId}`.slice(0, maxLength - suffix.length - 1);
  const name = `${prefix}-${suffix}`;
  return lowerCase ? name.toLowerCase() : name;
}

/**
 * An API Gateway id (RestApi ids are 10 lowercase letters and digits, resource ids 6 or 10), derived from the stack and
 * logical id so that a restart keeps every URL the same.
 */
export function apiGatewayId(context: StackContext, key: string, length = 10): string {
  const digest = createHash('sha256').update(`${context.stackName}/${key}`).digest();
  return [...digest.subarray(0, length)].map((byte) => (byte % 36).toString(36)).join('');
}

function nameOf(input: IdentityInput, property: string, maxLength?: number, lowerCase?: boolean): string {
  const value = input.property(property);
  return typeof value === 'string' ? value : generatedName(input.context, input.logicalId, maxLength, lowerCase);
}

const partition = (context: StackContext): string => context.partition ?? 'aws';
const arn = (context: StackContext, service: string, resource: string, region = context.region, account = context.accountId): string =>
  `arn:${partition(context)}:${service}:${region}:${account}:${resource}`;

type IdentityBuilder = (input: IdentityInput) => ResourceIdentity;

/** Stands for the number a StateMachineVersion gets when it is published: `<machine ARN>:#{LocalVersion.<LogicalId>}`. */
export const versionNumberToken = (logicalId: string): string => `#{LocalVersion.${logicalId}}`;
const VERSION_TOKEN = /#\{LocalVersion\.([A-Za-z0-9]+)\}/g;

/** Replaces version-number tokens in every string of `value` with the numbers published, by logical id. */
export function withVersionNumbers<T>(value: T, published: ReadonlyMap<string, number>): T {
  const text = JSON.stringify(value).replace(VERSION_TOKEN, (token, logicalId: string) => {
    const number = published.get(logicalId);
    return number === undefined ? token : String(number);
  });
  return JSON.parse(text) as T;
}

const builders: Record<string, IdentityBuilder> = {
  'AWS::DynamoDB::Table': (input) => {
    const name = nameOf(input, 'TableName', 255);
    const tableArn = arn(input.context, 'dynamodb', `table/${name}`);
    // The stream label is a creation timestamp on AWS; a fixed one keeps the ARN stable across restarts.
    return { ref: name, attributes: { Arn: tableArn, StreamArn: `${tableArn}/stream/1970-01-01T00:00:00.000` } };
  },
  'AWS::Lambda::Function': (input) => {
    const name = nameOf(input, 'FunctionName', 64);
    return { ref: name, attributes: { Arn: arn(input.context, 'lambda', `function:${name}`) } };
  },
  'AWS::Lambda::Version': (input) => {
    // The local Lambda runtime publishes no versions: a version reference invokes $LATEST.
    const fn = String(input.property('FunctionName') ?? '');
    const functionArn = fn.startsWith('arn:') ? fn : arn(input.context, 'lambda', `function:${fn}`);
    return { ref: `${functionArn}:$LATEST`, attributes: { Version: '$LATEST', FunctionArn: functionArn } };
  },
  // Ref is the mapping's UUID. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#aws-resource-lambda-eventsourcemapping-return-values
  'AWS::Lambda::EventSourceMapping': (input) => {
    const hex = createHash('sha256').update(`${input.context.stackName}/${input.logicalId}`).digest('hex');
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    return { ref: uuid, attributes: { Id: uuid, EventSourceMappingArn: arn(input.context, 'lambda', `event-source-mapping:${uuid}`) } };
  },
  'AWS::StepFunctions::StateMachine': (input) => {
    const name = nameOf(input, 'StateMachineName', 80);
    const machineArn = arn(input.context, 'states', `stateMachine:${name}`);
    // The revision exists only once the machine does; the local deploy publishes whatever revision is current.
    return { ref: machineArn, attributes: { Arn: machineArn, Name: name, StateMachineRevisionId: `#{LocalRevision.${input.logicalId}}` } };
  },
  // Ref is the version ARN; its number is known only once published, so the plan carries a token apply-plan fills in.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachineversion.html
  'AWS::StepFunctions::StateMachineVersion': (input) => {
    const versionArn = `${String(input.property('StateMachineArn') ?? '')}:${versionNumberToken(input.logicalId)}`;
    return { ref: versionArn, attributes: { Arn: versionArn } };
  },
  // Ref is the alias ARN. The resource names no state machine: the alias belongs to the machine of its versions.
  'AWS::StepFunctions::StateMachineAlias': (input) => {
    const preference = input.property('DeploymentPreference') as { StateMachineVersionArn?: Json } | undefined;
    const routing = input.property('RoutingConfiguration') as { StateMachineVersionArn?: Json }[] | undefined;
    const someVersion = String(preference?.StateMachineVersionArn ?? routing?.[0]?.StateMachineVersionArn ?? '');
    const aliasArn = `${someVersion.split(':').slice(0, 7).join(':')}:${nameOf(input, 'Name', 80)}`;
    return { ref: aliasArn, attributes: { Arn: aliasArn } };
  },
  'AWS::CloudWatch::Alarm': (input) => {
    const name = nameOf(input, 'AlarmName', 255);
    return { ref: name, attributes: { Arn: arn(input.context, 'cloudwatch', `alarm:${name}`) } };
  },
  'AWS::StepFunctions::Activity': (input) => {
    const name = nameOf(input, 'Name', 80);
    const activityArn = arn(input.context, 'states', `activity:${name}`);
    return { ref: activityArn, attributes: { Arn: activityArn, Name: name } };
  },
  'AWS::IAM::Role': (input) => {
    const name = nameOf(input, 'RoleName', 64);
    const path = String(input.property('Path') ?? '/');
    return { ref: name, attributes: { Arn: arn(input.context, 'iam', `role${path}${name}`, ''), RoleId: `AROA${generatedName(input.context, input.logicalId).slice(-12)}` } };
  },
  'AWS::IAM::ManagedPolicy': (input) => {
    const name = nameOf(input, 'ManagedPolicyName', 128);
    const policyArn = arn(input.context, 'iam', `policy/${name}`, '');
    return { ref: policyArn, attributes: { PolicyArn: policyArn } };
  },
  'AWS::Logs::LogGroup': (input) => {
    const name = nameOf(input, 'LogGroupName', 512);
    return { ref: name, attributes: { Arn: arn(input.context, 'logs', `log-group:${name}:*`) } };
  },
  'AWS::S3::Bucket': (input) => {
    const name = nameOf(input, 'BucketName', 63, true);
    const suffix = input.context.urlSuffix ?? 'amazonaws.com';
    return {
      ref: name,
      attributes: {
        Arn: `arn:${partition(input.context)}:s3:::${name}`,
        DomainName: `${name}.s3.${suffix}`,
        RegionalDomainName: `${name}.s3.${input.context.region}.${suffix}`,
      },
    };
  },
  'AWS::SQS::Queue': (input) => {
    const fifo = input.property('FifoQueue') === true || input.property('FifoQueue') === 'true';
    const name = typeof input.property('QueueName') === 'string' ? String(input.property('QueueName')) : `${generatedName(input.context, input.logicalId, fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`;
    const base = input.context.endpoint ?? `https://sqs.${input.context.region}.${input.context.urlSuffix ?? 'amazonaws.com'}`;
    const url = `${base.replace(/\/$/, '')}/${input.context.accountId}/${name}`;
    return { ref: url, attributes: { Arn: arn(input.context, 'sqs', name), QueueName: name, QueueUrl: url } };
  },
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html#aws-resource-apigateway-restapi-return-values
  'AWS::ApiGateway::RestApi': (input) => ({
    ref: apiGatewayId(input.context, input.logicalId),
    attributes: { RestApiId: apiGatewayId(input.context, input.logicalId), RootResourceId: apiGatewayId(input.context, `${input.logicalId}/`) },
  }),
  'AWS::ApiGateway::Resource': (input) => ({ ref: apiGatewayId(input.context, input.logicalId, 6), attributes: { ResourceId: apiGatewayId(input.context, input.logicalId, 6) } }),
  'AWS::ApiGateway::Method': (input) => ({ ref: apiGatewayId(input.context, input.logicalId), attributes: {} }),
  'AWS::ApiGateway::Deployment': (input) => ({ ref: apiGatewayId(input.context, input.logicalId, 6), attributes: { DeploymentId: apiGatewayId(input.context, input.logicalId, 6) } }),
  // Ref of a Stage is the stage name.
  'AWS::ApiGateway::Stage': (input) => ({ ref: String(input.property('StageName') ?? input.logicalId), attributes: {} }),
  // A FIFO topic's generated name ends in `.fifo`, as SNS requires. Ref is the topic ARN.
  'AWS::SNS::Topic': (input) => {
    const fifo = input.property('FifoTopic') === true || input.property('FifoTopic') === 'true';
    const given = input.property('TopicName');
    const name = typeof given === 'string' ? given : `${generatedName(input.context, input.logicalId, fifo ? 251 : 256)}${fifo ? '.fifo' : ''}`;
    const topicArn = arn(input.context, 'sns', name);
    return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
  },
  // Ref is the subscription ARN: the runtime derives it from the topic, protocol and endpoint (local/sns/arns.ts).
  'AWS::SNS::Subscription': (input) => {
    const topic = String(input.property('TopicArn') ?? '');
    const ref = subscriptionArn(topic, String(input.property('Protocol') ?? '').toLowerCase(), String(input.property('Endpoint') ?? ''));
    return { ref, attributes: { Arn: ref } };
  },
};

/** The identity of a resource, or undefined for a type the local runtime does not know. */
export function describeResource(input: IdentityInput): ResourceIdentity | undefined {
  return builders[input.resource.Type]?.(input);
}

/** Resource types whose Ref and GetAtt the local deploy can answer. */
export const knownResourceTypes: readonly string[] = Object.keys(builders);
