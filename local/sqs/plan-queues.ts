/**
 * Reads SQS queues and SQS event source mappings out of a packaged CloudFormation template. A queue's properties
 * become CreateQueue attributes (strings, RedrivePolicy as JSON text with its dead-letter queue's ARN resolved); a
 * `sqs` event of serverless.yml compiles to an AWS::Lambda::EventSourceMapping naming the queue ARN and the function.
 * Pure: intrinsics go through the deploy's resolver, so names and ARNs match what `Ref` and `Fn::GetAtt` give.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html
 */
import { resolvedProperties, type IntrinsicResolver } from '../deploy/intrinsics';
import { TemplateError, type CloudFormationTemplate } from '../deploy/template';
import type { Json } from '../engine/types';
import { parseFunctionReference } from '../lambda/function-name';
import type { SqsEventSourceMapping } from './event-source-mappings';
import { attributeText } from './queue-attributes';

export interface QueuePlan {
  readonly logicalId: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  /** CreateQueue's attributes, as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface EventSourceMappingPlan extends SqsEventSourceMapping {
  readonly logicalId: string;
}

/** CloudFormation properties that are CreateQueue attributes of the same name. */
const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'MaximumMessageSize',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
];

/** Lambda's defaults for SQS sources. */
const DEFAULT_BATCH_SIZE = 10;

export function planQueues(template: CloudFormationTemplate, resolver: IntrinsicResolver): QueuePlan[] {
  const queues: QueuePlan[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::SQS::Queue' || !resolver.resourceExists(logicalId)) continue;
    const identity = resolver.identity(logicalId, `Resources.${logicalId}`);
    const properties = resolvedProperties(resolver, logicalId, resource);
    const attributes: Record<string, string> = {};
    for (const name of QUEUE_ATTRIBUTES) {
      if (properties[name] !== undefined && properties[name] !== null) attributes[name] = attributeText(properties[name]);
    }
    const tags = Array.isArray(properties.Tags)
      ? Object.fromEntries((properties.Tags as { Key?: Json; Value?: Json }[]).map((tag) => [String(tag.Key), String(tag.Value ?? '')]))
      : {};
    queues.push({ logicalId, name: String(identity.attributes.QueueName), url: identity.ref, arn: String(identity.attributes.Arn), attributes, tags });
  }
  return queues;
}

/** The mappings whose source is an SQS queue; other sources (streams, Kafka) are left out. */
export function planEventSourceMappings(template: CloudFormationTemplate, resolver: IntrinsicResolver): EventSourceMappingPlan[] {
  const mappings: EventSourceMappingPlan[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping' || !resolver.resourceExists(logicalId)) continue;
    const where = `Resources.${logicalId}.Properties`;
    const properties = resolvedProperties(resolver, logicalId, resource);
    const source = properties.EventSourceArn;
    if (typeof source !== 'string' || !/^arn:[^:]+:sqs:/.test(source)) continue;
    const functionName = typeof properties.FunctionName === 'string' ? parseFunctionReference(properties.FunctionName)?.name : undefined;
    if (!functionName) throw new TemplateError(`${where}.FunctionName: expected a function name or ARN, got ${JSON.stringify(properties.FunctionName)}`);
    const responseTypes = Array.isArray(properties.FunctionResponseTypes) ? properties.FunctionResponseTypes : [];
    mappings.push({
      logicalId,
      uuid: resolver.identity(logicalId, `Resources.${logicalId}`).ref,
      functionName,
      eventSourceArn: source,
      batchSize: Number(properties.BatchSize ?? DEFAULT_BATCH_SIZE),
      maximumBatchingWindowSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
      reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
      enabled: properties.Enabled === undefined ? true : properties.Enabled === true || properties.Enabled === 'true',
    });
  }
  return mappings;
}
