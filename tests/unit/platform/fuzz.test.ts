/**
 * Hostile input never reaches a 5xx. Random requests, the same ones every run (a fixed fast-check seed), go to every
 * action of every service of the runtime: bodies that are not JSON or the wrong JSON type, fields of the wrong type
 * or missing, names past AWS's lengths, JSON nested thousands deep, lone surrogates, unknown actions, wrong content
 * types; for S3, bucket and key names that are invalid or badly percent-encoded, broken aws-chunked frames and
 * checksums, malformed or entity-expanding XML documents, absurd ranges and part numbers. The edge must answer each
 * with a client error (or a success), never a 5xx, and the runtime must still run a normal execution afterwards. Any 5xx is printed with the request that caused it (the edge logs it too).
 *
 * The figures (requests sent, actions covered, 5xx answers) are printed after the run:
 *   npx jest tests/unit/platform/fuzz.test.ts
 */
import fc from 'fast-check';
import { acceleratedClock } from '../../../local/platform/clock';
import { startPlatform, type Platform } from '../../../local/platform/compose';
import { runtimeServices } from '../../../local/runtime';

const SEED = 20261201;
const RUNS = 2500;
const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

interface FuzzRequest {
  readonly service: string;
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const signed = (service: string) => `AWS4-HMAC-SHA256 Credential=AKID/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

/** Every action of every JSON-protocol service, with the fields its input has (so the values reach the action). */
const JSON_ACTIONS: Record<string, { target: string; contentType: string; actions: Record<string, readonly string[]> }> = {
  stepfunctions: {
    target: 'AWSStepFunctions',
    contentType: 'application/x-amz-json-1.0',
    actions: {
      CreateStateMachine: ['name', 'definition', 'roleArn', 'type', 'loggingConfiguration', 'tracingConfiguration', 'tags'],
      UpdateStateMachine: ['stateMachineArn', 'definition', 'roleArn', 'loggingConfiguration', 'tracingConfiguration'],
      DescribeStateMachine: ['stateMachineArn'],
      DescribeStateMachineForExecution: ['executionArn'],
      ListStateMachines: ['maxResults', 'nextToken'],
      DeleteStateMachine: ['stateMachineArn'],
      ValidateStateMachineDefinition: ['definition', 'type'],
      StartExecution: ['stateMachineArn', 'name', 'input'],
      StartSyncExecution: ['stateMachineArn', 'name', 'input'],
      DescribeExecution: ['executionArn'],
      ListExecutions: ['stateMachineArn', 'mapRunArn', 'statusFilter', 'redriveFilter', 'maxResults', 'nextToken'],
      GetExecutionHistory: ['executionArn', 'maxResults', 'nextToken', 'reverseOrder', 'includeExecutionData'],
      StopExecution: ['executionArn', 'error', 'cause'],
      RedriveExecution: ['executionArn', 'clientToken'],
      SendTaskSuccess: ['taskToken', 'output'],
      SendTaskFailure: ['taskToken', 'error', 'cause'],
      SendTaskHeartbeat: ['taskToken'],
      TagResource: ['resourceArn', 'tags'],
      UntagResource: ['resourceArn', 'tagKeys'],
      ListTagsForResource: ['resourceArn'],
      PublishStateMachineVersion: ['stateMachineArn', 'revisionId', 'description'],
      ListStateMachineVersions: ['stateMachineArn', 'maxResults', 'nextToken'],
      DeleteStateMachineVersion: ['stateMachineVersionArn'],
      CreateStateMachineAlias: ['name', 'description', 'routingConfiguration'],
      UpdateStateMachineAlias: ['stateMachineAliasArn', 'description', 'routingConfiguration'],
      DescribeStateMachineAlias: ['stateMachineAliasArn'],
      ListStateMachineAliases: ['stateMachineArn', 'maxResults', 'nextToken'],
      DeleteStateMachineAlias: ['stateMachineAliasArn'],
      ListMapRuns: ['executionArn', 'maxResults', 'nextToken'],
      DescribeMapRun: ['mapRunArn'],
      UpdateMapRun: ['mapRunArn', 'maxConcurrency', 'toleratedFailurePercentage', 'toleratedFailureCount'],
      NoSuchAction: ['name'],
    },
  },
  dynamodb: {
    target: 'DynamoDB_20120810',
    contentType: 'application/x-amz-json-1.0',
    actions: {
      CreateTable: ['TableName', 'AttributeDefinitions', 'KeySchema', 'BillingMode', 'ProvisionedThroughput'],
      DescribeTable: ['TableName'],
      ListTables: ['Limit', 'ExclusiveStartTableName'],
      DeleteTable: ['TableName'],
      PutItem: ['TableName', 'Item', 'ConditionExpression', 'ExpressionAttributeValues', 'ReturnValues'],
      GetItem: ['TableName', 'Key', 'ConsistentRead', 'ProjectionExpression'],
      UpdateItem: ['TableName', 'Key', 'UpdateExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'],
      DeleteItem: ['TableName', 'Key', 'ConditionExpression'],
      Query: ['TableName', 'KeyConditionExpression', 'ExpressionAttributeValues', 'Limit'],
      Scan: ['TableName', 'Limit', 'FilterExpression'],
      BatchGetItem: ['RequestItems'],
      BatchWriteItem: ['RequestItems'],
      TransactWriteItems: ['TransactItems', 'ClientRequestToken'],
      TransactGetItems: ['TransactItems'],
      UpdateTimeToLive: ['TableName', 'TimeToLiveSpecification'],
      DescribeTimeToLive: ['TableName'],
      NoSuchAction: ['TableName'],
    },
  },
  sqs: {
    target: 'AmazonSQS',
    contentType: 'application/x-amz-json-1.0',
    actions: {
      CreateQueue: ['QueueName', 'Attributes', 'tags'],
      GetQueueUrl: ['QueueName', 'QueueOwnerAWSAccountId'],
      ListQueues: ['QueueNamePrefix', 'MaxResults', 'NextToken'],
      DeleteQueue: ['QueueUrl'],
      GetQueueAttributes: ['QueueUrl', 'AttributeNames'],
      SetQueueAttributes: ['QueueUrl', 'Attributes'],
      PurgeQueue: ['QueueUrl'],
      SendMessage: ['QueueUrl', 'MessageBody', 'DelaySeconds', 'MessageAttributes'],
      SendMessageBatch: ['QueueUrl', 'Entries'],
      ReceiveMessage: ['QueueUrl', 'MaxNumberOfMessages', 'WaitTimeSeconds', 'VisibilityTimeout', 'AttributeNames', 'MessageAttributeNames'],
      DeleteMessage: ['QueueUrl', 'ReceiptHandle'],
      DeleteMessageBatch: ['QueueUrl', 'Entries'],
      ChangeMessageVisibility: ['QueueUrl', 'ReceiptHandle', 'VisibilityTimeout'],
      ChangeMessageVisibilityBatch: ['QueueUrl', 'Entries'],
      ListQueueTags: ['QueueUrl'],
      TagQueue: ['QueueUrl', 'Tags'],
      UntagQueue: ['QueueUrl', 'TagKeys'],
      NoSuchAction: ['QueueUrl'],
    },
  },
};

/** The query-protocol actions of SQS (form-encoded, answered in XML). */
const SQS_QUERY_ACTIONS = ['CreateQueue', 'GetQueueUrl', 'ListQueues', 'SendMessage', 'ReceiveMessage', 'DeleteMessage', 'SetQueueAttributes', 'NoSuchAction'];

/** The query-protocol actions of SNS, and the parameters they read (flattened maps and lists included). */
const SNS_QUERY_ACTIONS = [
  'CreateTopic',
  'DeleteTopic',
  'ListTopics',
  'GetTopicAttributes',
  'SetTopicAttributes',
  'Subscribe',
  'Unsubscribe',
  'ListSubscriptions',
  'ListSubscriptionsByTopic',
  'GetSubscriptionAttributes',
  'Publish',
  'PublishBatch',
  'NoSuchAction',
];
const SNS_TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:fuzz`;
const SNS_PARAMETERS = fc.constantFrom(
  'Name',
  'TopicArn',
  'TargetArn',
  'PhoneNumber',
  'Message',
  'Subject',
  'MessageStructure',
  'MessageGroupId',
  'MessageDeduplicationId',
  'Protocol',
  'Endpoint',
  'SubscriptionArn',
  'NextToken',
  'AttributeName',
  'AttributeValue',
  'Attributes.entry.1.key',
  'Attributes.entry.1.value',
  'Attributes.entry.x.key',
  'MessageAttributes.entry.1.Name',
  'MessageAttributes.entry.1.Value.DataType',
  'MessageAttributes.entry.1.Value.StringValue',
  'MessageAttributes.entry.1.Value.BinaryValue',
  'PublishBatchRequestEntries.member.1.Id',
  'PublishBatchRequestEntries.member.1.Message',
  'PublishBatchRequestEntries.member.99999999999.Id',
  'PublishBatchRequestEntries.member',
  'Tags.member.1.Key',
  'a.b.c.d.e.f.g.h.i.j.k.l',
);
const SNS_VALUES = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(SNS_TOPIC_ARN, `${SNS_TOPIC_ARN}-missing`, `${SNS_TOPIC_ARN}:00000000-0000-0000-0000-000000000000`, 'sqs', 'lambda', 'email', 'json', '{"default":"x"}', 'true', 'String', 'Number', '%', 'x'.repeat(300)),
  fc.constantFrom(`arn:aws:sqs:${REGION}:${ACCOUNT}:fuzz`, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fuzz`, 'a@example.com', 'DisplayName', 'RawMessageDelivery', 'FifoTopic'),
);

/** The REST routes: method, path and what they are called. */
const REST_ACTIONS: readonly { service: string; action: string; method: string; path: fc.Arbitrary<string> }[] = [
  { service: 'lambda', action: 'Invoke', method: 'POST', path: fc.constantFrom('fuzz', 'ghost', '%E0%A4%A', 'a'.repeat(200), 'arn:aws:lambda:us-east-1:000000000000:function:x').map((name) => `/2015-03-31/functions/${name}/invocations`) },
  { service: 'lambda', action: 'UnknownLambdaPath', method: 'GET', path: fc.constant('/2015-03-31/functions/') },
  { service: 'ses', action: 'SendEmail', method: 'POST', path: fc.constant('/v2/email/outbound-emails') },
  { service: 'ses', action: 'ListSentEmails', method: 'GET', path: fc.constantFrom('/_aws/ses', '/_aws/ses?id=x', '/_aws/ses?email=%FF') },
  { service: 'ses', action: 'DeleteSentEmails', method: 'DELETE', path: fc.constant('/_aws/ses?id=nothing') },
  { service: 'inbox', action: 'InboxPage', method: 'GET', path: fc.constantFrom('/_runtime/inbox', '/_runtime/inbox/%E0%A4%A', '/_runtime/inbox/x/y', '/_runtime/inbox/ghost') },
  { service: 'bedrock', action: 'InvokeModel', method: 'POST', path: fc.constantFrom('us.anthropic.claude-haiku-4-5-20251001-v1%3A0', 'anthropic.claude-v9', '%E0%A4%A', 'a'.repeat(300)).map((id) => `/model/${id}/invoke`) },
  { service: 'bedrock', action: 'Converse', method: 'POST', path: fc.constantFrom('us.anthropic.claude-haiku-4-5-20251001-v1%3A0', 'global.x', '%FF').map((id) => `/model/${id}/converse`) },
  { service: 'bedrock', action: 'Faults', method: 'POST', path: fc.constant('/_runtime/bedrock/faults') },
  { service: 'apigateway', action: 'UserRequest', method: 'POST', path: fc.constantFrom('/restapis/x/local/_user_request_/orders', '/restapis/%FF/%E0/_user_request_/') },
];

/**
 * S3's operations (REST-XML): the method, whether the path names a key, and the query that picks the operation. Bucket
 * and key are drawn from names that exist ('fuzz', 'fuzz/key'), that do not, and that are not valid at all.
 */
const S3_ACTIONS: readonly { action: string; method: string; object: boolean; query: fc.Arbitrary<string>; copy?: boolean; service?: boolean }[] = (() => {
  const value = fc.oneof(fc.constantFrom('', '0', '1', '-1', '1e3', '10001', '99999999999', 'abc', '%', '%E0%A4%A', 'x'.repeat(300), 'url', 'xml'), fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent));
  const params = (...names: string[]) => fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 }).map((pairs) => pairs.map(([name, text]) => `${name}=${text}`).join('&'));
  const listing = params('prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'encoding-type', 'fetch-owner', 'marker');
  const upload = params('uploadId', 'partNumber', 'max-parts', 'part-number-marker').map((query) => `uploadId=UPLOAD&${query}`);
  return [
    { action: 'ListBuckets', method: 'GET', object: false, service: true, query: params('prefix', 'max-buckets', 'continuation-token') },
    { action: 'CreateBucket', method: 'PUT', object: false, query: fc.constant('') },
    { action: 'HeadBucket', method: 'HEAD', object: false, query: fc.constant('') },
    { action: 'DeleteBucket', method: 'DELETE', object: false, query: fc.constant('') },
    { action: 'GetBucketLocation', method: 'GET', object: false, query: fc.constant('location') },
    { action: 'ListObjectsV2', method: 'GET', object: false, query: listing.map((query) => `list-type=2&${query}`) },
    { action: 'ListObjects', method: 'GET', object: false, query: listing },
    { action: 'DeleteObjects', method: 'POST', object: false, query: fc.constant('delete') },
    { action: 'PutObject', method: 'PUT', object: true, query: fc.constant('') },
    { action: 'GetObject', method: 'GET', object: true, query: params('response-content-type', 'partNumber', 'versionId') },
    { action: 'HeadObject', method: 'HEAD', object: true, query: fc.constant('') },
    { action: 'DeleteObject', method: 'DELETE', object: true, query: fc.constant('') },
    { action: 'CopyObject', method: 'PUT', object: true, query: fc.constant(''), copy: true },
    { action: 'CreateMultipartUpload', method: 'POST', object: true, query: fc.constant('uploads') },
    { action: 'UploadPart', method: 'PUT', object: true, query: upload },
    { action: 'CompleteMultipartUpload', method: 'POST', object: true, query: upload },
    { action: 'AbortMultipartUpload', method: 'DELETE', object: true, query: upload },
    { action: 'ListParts', method: 'GET', object: true, query: upload },
    { action: 'UnsupportedSubresource', method: 'GET', object: false, query: fc.constantFrom('tagging', 'acl', 'versions', 'uploads', 'policy') },
  ];
})();

/** Headers S3 reads, with values that break naive parsers; a third of the requests send none, to reach the operations' own checks. */
const s3Headers = fc.oneof({ weight: 1, arbitrary: fc.constant({} as Record<string, string>) }, { weight: 2, arbitrary: fc.record(
  {
    Range: fc.constantFrom('bytes=0-0', 'bytes=-', 'bytes=99999999999999999999-', 'bytes=abc', 'bytes=-0', 'bytes=0-1,2-3', 'bytes=5-2'),
    'x-amz-copy-source': fc.constantFrom('fuzz/key', '/fuzz/key?versionId=1', '%E0%A4%A', 'nobucket', 'fuzz/', '/', 'missing-bucket/key'),
    'Content-Encoding': fc.constantFrom('aws-chunked', 'gzip,aws-chunked', 'identity'),
    'x-amz-content-sha256': fc.constantFrom('STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'UNSIGNED-PAYLOAD'),
    'x-amz-decoded-content-length': fc.constantFrom('0', '5', '-1', '1e309', 'abc'),
    'x-amz-checksum-crc32': fc.constantFrom('DUoRhQ==', 'AAAAAA==', 'not base64', ''),
    'x-amz-checksum-sha256': fc.constantFrom('', 'AAAA'),
    'x-amz-checksum-algorithm': fc.constantFrom('CRC32', 'crc64nvme', 'MD4', ''),
    'x-amz-checksum-type': fc.constantFrom('COMPOSITE', 'FULL_OBJECT', 'BOTH'),
    'Content-MD5': fc.constantFrom('', 'AAAAAAAAAAAAAAAAAAAAAA==', 'xyz'),
    'If-Match': fc.constantFrom('*', '"x"', ''),
    'If-None-Match': fc.constantFrom('*', '"x"'),
    'If-Modified-Since': fc.constantFrom('yesterday', 'Tue, 01 Dec 2099 00:00:00 GMT'),
    'x-amz-metadata-directive': fc.constantFrom('COPY', 'REPLACE', 'MERGE'),
    'x-amz-meta-big': fc.constantFrom('x', 'x'.repeat(3000)),
    Host: fc.constantFrom('fuzz.s3.localhost.localstack.cloud', 's3.localhost.localstack.cloud', 'localhost'),
  },
  { requiredKeys: [] },
) });

/** S3 request bodies: documents (valid, malformed, entity bombs, deep), aws-chunked frames (valid and broken), bytes. */
const s3Body = fc.oneof(
  fc.constantFrom(
    '<Delete><Object><Key>key</Key></Object><Quiet>true</Quiet></Delete>',
    '<Delete></Delete>',
    `<Delete>${'<Object><Key>k</Key></Object>'.repeat(1001)}</Delete>`,
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part><PartNumber>0</PartNumber></Part></CompleteMultipartUpload>',
    '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
    '<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Delete>&b;</Delete>',
    '<Delete><Object><Key>&#xD800;</Key></Object></Delete>',
    '<Delete',
    '5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n',
    'fffffffffffffff\r\nx',
    '0\r\nbroken trailer\r\n\r\n',
  ),
  fc.integer({ min: 20, max: 3000 }).map((depth) => `<Delete>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Delete>`),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** A JSON value nested `depth` levels deep, written into the body as text (building it would overflow the test). */
class Deep {
  constructor(readonly depth: number) {}
  toJSON(): string {
    return `__DEEP_${this.depth}__`;
  }
}

/** JSON text of a body, with each Deep placeholder replaced by the deep value itself. */
function serialize(value: unknown): string {
  return (JSON.stringify(value) ?? '').replace(/"__DEEP_(\d+)__"/g, (_match, depth: string) => '['.repeat(Number(depth)) + ']'.repeat(Number(depth)));
}

/** Values that break naive code: wrong types, lone surrogates, control characters, long strings, deep nesting. */
const nasty = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, '', ' ', '\ud800', 'a\udfffb', '\u0000', '${x}', '{}', '[]', 'null', '{"a":', 'x'.repeat(81), 'x'.repeat(2049)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1000, max: 6000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 1000, max: 6000 }).map((depth) => new Deep(depth)),
);

/** Values that resolve (ARNs and URLs of what exists), so that requests get past "does not exist". */
function plausible(field: string, known: Known): fc.Arbitrary<unknown> {
  switch (field) {
    case 'stateMachineArn':
    case 'resourceArn':
      return fc.constantFrom(known.machineArn, `${known.machineArn}x`, 'arn:aws:states:us-east-1:000000000000:stateMachine:');
    case 'stateMachineVersionArn':
      return fc.constantFrom(`${known.machineArn}:1`, `${known.machineArn}:0`, `${known.machineArn}:x`);
    case 'stateMachineAliasArn':
      return fc.constantFrom(`${known.machineArn}:live`, `${known.machineArn}:`, `${known.machineArn}:live:1`);
    case 'routingConfiguration':
      return fc.oneof(
        fc.constant([{ stateMachineVersionArn: `${known.machineArn}:1`, weight: 100 }]),
        fc.array(fc.record({ stateMachineVersionArn: fc.constantFrom(`${known.machineArn}:1`, `${known.machineArn}:2`), weight: fc.integer({ min: -10, max: 200 }) }), { maxLength: 3 }),
      );
    case 'executionArn':
      return fc.constantFrom(known.executionArn, known.executionArn.replace(':execution:', ':express:'));
    case 'definition':
      return fc.constantFrom(known.definition, '{"StartAt":"A","States":{}}', '{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1e9,"End":true}}}');
    case 'input':
    case 'output':
      return fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)), fc.integer({ min: 1001, max: 6000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)));
    case 'QueueUrl':
      return fc.constantFrom(known.queueUrl, `${known.queueUrl}-missing`, 'http://elsewhere/1/2');
    case 'TableName':
      return fc.constantFrom('fuzz', 'missing', 'x'.repeat(300));
    default:
      return fc.string({ maxLength: 12 });
  }
}

interface Known {
  /** An open multipart upload of `fuzz/key`. */
  readonly uploadId: string;
  readonly machineArn: string;
  readonly executionArn: string;
  readonly definition: string;
  readonly queueUrl: string;
}

const contentTypes = fc.constantFrom('application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'application/json', 'text/plain', 'application/x-www-form-urlencoded');

/** A body for a JSON action: an object of its fields (plausible or nasty), or something that is not an object at all. */
function jsonBody(fields: readonly string[], known: Known): fc.Arbitrary<string> {
  const field = (name: string) => fc.oneof({ weight: 2, arbitrary: plausible(name, known) }, { weight: 1, arbitrary: nasty });
  const record = fc.record(Object.fromEntries(fields.map((name) => [name, field(name)])), { requiredKeys: [] });
  return fc.oneof(
    { weight: 6, arbitrary: record.map(serialize) },
    { weight: 1, arbitrary: nasty.map((value) => (typeof value === 'string' ? value : serialize(value))) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":1}garbage', '\u00ff\u00fe', '{"input": "\\ud800"}') },
  );
}

function requests(known: Known): fc.Arbitrary<FuzzRequest> {
  const json = Object.entries(JSON_ACTIONS).flatMap(([service, { target, contentType, actions }]) =>
    Object.entries(actions).map(([action, fields]) =>
      fc.record({ body: jsonBody(fields, known), type: fc.oneof({ weight: 4, arbitrary: fc.constant(contentType) }, { weight: 1, arbitrary: contentTypes }) }).map(
        ({ body, type }): FuzzRequest => ({ service, action, method: 'POST', path: '/', headers: { 'X-Amz-Target': `${target}.${action}`, 'Content-Type': type, Authorization: signed(service) }, body }),
      ),
    ),
  );
  const query = SQS_QUERY_ACTIONS.map((action) =>
    fc.record({ queue: fc.constantFrom('', '/000000000000/fuzz', '/000000000000/missing'), params: fc.dictionary(fc.constantFrom('QueueName', 'QueueUrl', 'MessageBody', 'MaxNumberOfMessages', 'WaitTimeSeconds', 'Attribute.1.Name', 'Attribute.1.Value', 'ReceiptHandle', 'DelaySeconds'), fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('fuzz', '21', '-1', '%', 'x'.repeat(300)))) }).map(
      ({ queue, params }): FuzzRequest => ({
        service: 'sqs',
        action: `query:${action}`,
        method: 'POST',
        path: queue || '/',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: signed('sqs') },
        body: new URLSearchParams({ Action: action, ...params }).toString(),
      }),
    ),
  );
  const snsQuery = SNS_QUERY_ACTIONS.map((action) =>
    fc.record({ params: fc.dictionary(SNS_PARAMETERS, SNS_VALUES), get: fc.boolean() }).map(({ params, get }): FuzzRequest => {
      const form = new URLSearchParams({ Action: action, ...params }).toString();
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: signed('sns') };
      return get ? { service: 'sns', action: `query:${action}`, method: 'GET', path: `/?${form}`, headers } : { service: 'sns', action: `query:${action}`, method: 'POST', path: '/', headers, body: form };
    }),
  );
  const rest = REST_ACTIONS.map(({ service, action, method, path }) =>
    fc.record({ path, body: jsonBody(['FromEmailAddress', 'Destination', 'Content', 'payload'], known), type: contentTypes }).map(
      ({ path: target, body, type }): FuzzRequest => ({ service, action, method, path: target, headers: { 'Content-Type': type }, ...(method === 'GET' || method === 'DELETE' ? {} : { body }) }),
    ),
  );
  const s3 = S3_ACTIONS.map(({ action, method, object, query, copy, service }) =>
    fc
      .record({
        bucket: fc.constantFrom('fuzz', 'missing-bucket', 'UPPER', 'a', '%E0%A4%A', 'x'.repeat(70), 'fuzz%2Fslash'),
        key: fc.constantFrom('key', 'dir/key', '%E0%A4%A', '..%2F..', 'a'.repeat(1100), '%00', '%F0%9F%98%80'),
        query,
        headers: s3Headers,
        body: s3Body,
      })
      .map(({ bucket, key, query: search, headers, body }): FuzzRequest => {
        const { Host: host, ...rest } = headers;
        const virtual = host === 'fuzz.s3.localhost.localstack.cloud' && !service;
        const where = service ? '/' : `${virtual ? '' : `/${bucket}`}${object ? `/${key}` : virtual ? '/' : ''}`;
        const path = `${where}${search ? `?${search.replace('UPLOAD', known.uploadId)}` : ''}`;
        const sent: Record<string, string> = { ...rest, Authorization: signed('s3'), ...(host ? { Host: host } : {}) };
        if (!copy) delete sent['x-amz-copy-source'];
        return { service: 's3', action, method, path, headers: sent, ...(method === 'PUT' || method === 'POST' ? { body } : {}) };
      }),
  );
  return fc.oneof(...json, ...query, ...snsQuery, ...rest, ...s3);
}

const OVERSIZED = 17 * 1024 * 1024;

interface Answer {
  readonly status: number;
  readonly body: string;
  /** REST-JSON names the error in this header. */
  readonly errorType?: string;
}

/** The error's name as the wire carries it: REST-JSON's `X-Amzn-ErrorType`, REST-XML's `<Code>`, else the JSON protocols' `__type`. */
function errorCode(answer: Answer): string | undefined {
  if (answer.body.startsWith('<?xml')) return /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];
  return answer.errorType ?? (JSON.parse(answer.body) as { __type?: string }).__type;
}
/** Every action the generator can pick (JSON actions, SQS and SNS query actions, REST routes). */
const ALL_ACTIONS =
  Object.values(JSON_ACTIONS).reduce((count, { actions }) => count + Object.keys(actions).length, 0) +
  SQS_QUERY_ACTIONS.length +
  SNS_QUERY_ACTIONS.length +
  REST_ACTIONS.length +
  S3_ACTIONS.length;

describe('fuzz: hostile input never reaches a 5xx', () => {
  let platform: Platform;
  let known: Known;
  const edgeLog: string[] = [];
  const serverErrors: { request: FuzzRequest; status: number; body: string }[] = [];
  const covered = new Set<string>();
  /** Standard executions the fuzz got started: each must stay describable and readable. */
  const accepted = new Set<string>();
  let sent = 0;
  let fuzzed = 0;

  async function call(request: FuzzRequest, random = false): Promise<Answer> {
    sent++;
    if (random) {
      fuzzed++;
      covered.add(`${request.service}:${request.action}`);
    }
    const response = await fetch(`${platform.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
    const body = await response.text();
    const started = response.status === 200 ? /"executionArn":"([^"]+)"/.exec(body)?.[1] : undefined;
    if (started !== undefined && request.action.startsWith('Start')) accepted.add(started);
    if (response.status >= 500) serverErrors.push({ request: { ...request, body: request.body?.slice(0, 500) }, status: response.status, body: body.slice(0, 500) });
    return { status: response.status, body, errorType: response.headers.get('x-amzn-errortype') ?? undefined };
  }

  async function sfn(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { status, body: text } = await call({ service: 'stepfunctions', action, method: 'POST', path: '/', headers: { 'X-Amz-Target': `AWSStepFunctions.${action}`, 'Content-Type': 'application/x-amz-json-1.0' }, body: JSON.stringify(body) });
    const parsed = JSON.parse(text) as Record<string, unknown>;
    if (status !== 200) throw new Error(`${action} answered ${status}: ${text}`);
    return parsed;
  }

  beforeAll(async () => {
    // A fast clock: long polls (WaitTimeSeconds up to 20) and Wait states end at once.
    platform = await startPlatform({ services: runtimeServices(), port: 0, region: REGION, accountId: ACCOUNT, clock: acceleratedClock(10_000), log: (line) => edgeLog.push(line) });
    const definition = JSON.stringify({ StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } } });
    const machine = await sfn('CreateStateMachine', { name: 'fuzz', definition, roleArn: 'arn:aws:iam::000000000000:role/fuzz' });
    const execution = await sfn('StartExecution', { stateMachineArn: machine.stateMachineArn, name: 'fuzz' });
    const queue = await call({ service: 'sqs', action: 'CreateQueue', method: 'POST', path: '/', headers: { 'X-Amz-Target': 'AmazonSQS.CreateQueue', 'Content-Type': 'application/x-amz-json-1.0' }, body: '{"QueueName":"fuzz"}' });
    const snsForm = { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: signed('sns') };
    await call({ service: 'sns', action: 'CreateTopic', method: 'POST', path: '/', headers: snsForm, body: 'Action=CreateTopic&Name=fuzz' });
    await call({ service: 'sns', action: 'Subscribe', method: 'POST', path: '/', headers: snsForm, body: new URLSearchParams({ Action: 'Subscribe', TopicArn: SNS_TOPIC_ARN, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:fuzz` }).toString() });
    const s3 = { Authorization: signed('s3') };
    await call({ service: 's3', action: 'CreateBucket', method: 'PUT', path: '/fuzz', headers: s3 });
    await call({ service: 's3', action: 'PutObject', method: 'PUT', path: '/fuzz/key', headers: s3, body: 'fuzz' });
    const upload = await call({ service: 's3', action: 'CreateMultipartUpload', method: 'POST', path: '/fuzz/key?uploads', headers: s3 });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(upload.body)?.[1] ?? '';
    known = { uploadId, machineArn: machine.stateMachineArn as string, executionArn: execution.executionArn as string, definition, queueUrl: (JSON.parse(queue.body) as { QueueUrl: string }).QueueUrl };
  });

  afterAll(async () => {
    await platform?.close();
    console.log(
      `fuzz figures: ${fuzzed} random requests (seed ${SEED}) + ${sent - fuzzed} fixed ones sent; ` +
        `${covered.size} of ${ALL_ACTIONS} actions covered (${[...new Set([...covered].map((key) => key.split(':')[0]))].join(', ')}); ` +
        `${serverErrors.length} 5xx answers`,
    );
  });

  it(`answers ${RUNS} random requests to every action of every service without a 5xx`, async () => {
    // Act
    await fc.assert(
      // Every request runs; a 5xx is collected with its request rather than shrunk, so that all of them are shown.
      fc.asyncProperty(requests(known), async (request) => {
        await call(request, true);
      }),
      { seed: SEED, numRuns: RUNS },
    );

    // Assess: every 5xx is shown with its request (its body cut to 500 characters).
    for (const failure of serverErrors) console.log(`5xx: ${JSON.stringify(failure)}`);
    expect(serverErrors.map(({ request, status, body }) => `${request.service} ${request.action}: ${status} ${body.slice(0, 160)}`)).toEqual([]);
  }, 180_000);

  const json = (target: string) => ({ 'X-Amz-Target': target, 'Content-Type': 'application/x-amz-json-1.0' });
  it.each([
    ['Step Functions: a body that is a JSON array', 'stepfunctions', '/', json('AWSStepFunctions.ListStateMachines'), '[1]', 400, 'SerializationException'],
    ['Step Functions: JSON in a text/plain body', 'stepfunctions', '/', { 'X-Amz-Target': 'AWSStepFunctions.ListStateMachines', 'Content-Type': 'text/plain' }, '{}', 200, undefined],
    ['DynamoDB: a body that is not JSON', 'dynamodb', '/', json('DynamoDB_20120810.ListTables'), '{oops', 400, 'com.amazon.coral.service#SerializationException'],
    ['DynamoDB: a table name past 255 characters', 'dynamodb', '/', json('DynamoDB_20120810.DescribeTable'), JSON.stringify({ TableName: 't'.repeat(256) }), 400, 'com.amazon.coral.validate#ValidationException'],
    ['SQS: an unknown action', 'sqs', '/', json('AmazonSQS.LaunchRocket'), '{}', 400, 'com.amazonaws.sqs#InvalidAction'],
    ['SQS: a queue name past 80 characters', 'sqs', '/', json('AmazonSQS.CreateQueue'), JSON.stringify({ QueueName: 'q'.repeat(81) }), 400, 'com.amazonaws.sqs#InvalidParameterValue'],
    ['SQS: a message body with a lone surrogate', 'sqs', '/', json('AmazonSQS.SendMessage'), '{"QueueUrl":"QUEUE","MessageBody":"a\\ud800b"}', 400, 'com.amazonaws.sqs#InvalidMessageContents'],
    ['SNS: an unknown action', 'sns', '/', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: signed('sns') }, 'Action=LaunchRocket', 400, 'InvalidAction'],
    ['SNS: publishing to a topic that is not there', 'sns', '/', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: signed('sns') }, `Action=Publish&Message=m&TopicArn=${SNS_TOPIC_ARN}-missing`, 404, 'NotFound'],
    ['SNS: a parameter nested past any SNS member', 'sns', '/', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: signed('sns') }, `Action=Publish&${'a.'.repeat(5000)}b=1`, 400, 'InvalidParameter'],
    ['SES: a body that is a JSON string', 'ses', '/v2/email/outbound-emails', { 'Content-Type': 'application/json' }, '"mail"', 400, 'BadRequestException'],
    ['Bedrock: InvokeModel with a legacy text-completion body', 'bedrock', '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke', { 'Content-Type': 'application/json' }, '{"prompt":"Human: hi","max_tokens_to_sample":5}', 400, 'ValidationException'],
    ['Bedrock: Converse with an unknown model', 'bedrock', '/model/anthropic.claude-v9/converse', { 'Content-Type': 'application/json' }, '{"messages":[]}', 404, 'ResourceNotFoundException'],
    ['Lambda: an Invoke body that is not JSON', 'lambda', '/2015-03-31/functions/fuzz/invocations', { 'Content-Type': 'text/plain' }, 'hello', 400, 'InvalidRequestContentException'],
    ['S3: DeleteObjects with an entity-expanding DOCTYPE', 's3', '/fuzz?delete', { Authorization: signed('s3') }, '<!DOCTYPE d [<!ENTITY a "aa">]><Delete>&a;</Delete>', 400, 'MalformedXML'],
    ['S3: an aws-chunked body whose frame is broken', 's3', '/fuzz?delete', { Authorization: signed('s3'), 'Content-Encoding': 'aws-chunked' }, 'zz\r\n', 400, 'IncompleteBody'],
    ['S3: a subresource it does not serve', 's3', '/fuzz/key?restore', { Authorization: signed('s3') }, '', 400, 'NotImplemented'],
    ['S3: completing an upload that does not exist', 's3', '/fuzz/key?uploadId=nope', { Authorization: signed('s3') }, '<CompleteMultipartUpload/>', 404, 'NoSuchUpload'],
  ])('answers %s with its client error', async (_label, service, path, headers, body, status, code: string | undefined) => {
    // Prepare: a queue of its own, and the bucket again (the fuzz may have deleted the first ones).
    const queue = await call({ service: 'sqs', action: 'CreateQueue', method: 'POST', path: '/', headers: json('AmazonSQS.CreateQueue'), body: '{"QueueName":"named-cases"}' });
    const queueUrl = (JSON.parse(queue.body) as { QueueUrl: string }).QueueUrl;
    await call({ service: 's3', action: 'CreateBucket', method: 'PUT', path: '/fuzz', headers: { Authorization: signed('s3') }, body: '' });

    // Act
    const response = await call({ service, action: 'named case', method: 'POST', path, headers, body: body.replace('QUEUE', queueUrl) });

    // Assess
    expect(response.status).toBe(status);
    if (code) expect(errorCode(response)).toBe(code);
  });

  it.each([
    ['stepfunctions', { 'X-Amz-Target': 'AWSStepFunctions.StartExecution', 'Content-Type': 'application/x-amz-json-1.0' }, 413],
    ['dynamodb', { 'X-Amz-Target': 'DynamoDB_20120810.PutItem', 'Content-Type': 'application/x-amz-json-1.0' }, 413],
    ['sqs', { 'X-Amz-Target': 'AmazonSQS.SendMessage', 'Content-Type': 'application/x-amz-json-1.0' }, 413],
    ['lambda', { 'Content-Type': 'application/json' }, 413],
    ['sns', { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: signed('sns') }, 413],
  ])('refuses an oversized body to %s with a client error', async (service, headers, status) => {
    // Prepare
    const path = service === 'lambda' ? '/2015-03-31/functions/fuzz/invocations' : '/';

    // Act
    const response = await call({ service, action: 'oversized', method: 'POST', path, headers, body: `{"a":"${'x'.repeat(OVERSIZED)}"}` });

    // Assess
    expect(response.status).toBe(status);
  });

  it('still runs a normal execution afterwards, and every execution it accepted can be described, listed and read', async () => {
    // Prepare: a queue of its own (the fuzz may well have deleted the first one).
    const queue = await call({ service: 'sqs', action: 'CreateQueue', method: 'POST', path: '/', headers: { 'X-Amz-Target': 'AmazonSQS.CreateQueue', 'Content-Type': 'application/x-amz-json-1.0' }, body: '{"QueueName":"after-fuzz"}' });
    const queueUrl = (JSON.parse(queue.body) as { QueueUrl: string }).QueueUrl;
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Send',
      States: {
        Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Arguments: { QueueUrl: queueUrl, MessageBody: '{% $states.input %}' }, Next: 'Done' },
        Done: { Type: 'Pass', Output: { sent: true }, End: true },
      },
    });
    const machine = await sfn('CreateStateMachine', { name: 'after-fuzz', definition, roleArn: 'arn:aws:iam::000000000000:role/fuzz' });

    // Act
    const started = await sfn('StartExecution', { stateMachineArn: machine.stateMachineArn, input: '{"order":1}' });
    let described: Record<string, unknown> = {};
    for (let attempt = 0; attempt < 100 && described.status !== 'SUCCEEDED'; attempt++) {
      described = await sfn('DescribeExecution', { executionArn: started.executionArn });
      if (described.status === 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const standard = [...accepted].filter((arn) => arn.includes(':execution:'));
    const descriptions = await Promise.all(standard.map((executionArn) => sfn('DescribeExecution', { executionArn })));
    const histories = await Promise.all(standard.map((executionArn) => sfn('GetExecutionHistory', { executionArn }).then((history) => (history.events as unknown[]).length)));
    const machines = (await sfn('ListStateMachines', {})).stateMachines as { stateMachineArn: string }[];
    const listings = await Promise.all(machines.map(({ stateMachineArn }) => sfn('ListExecutions', { stateMachineArn })));

    // Assess
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"sent":true}' });
    expect(standard.length).toBeGreaterThan(1);
    expect(descriptions.map((description) => description.executionArn)).toEqual(standard);
    expect(histories.every((count) => count > 0)).toBe(true);
    expect(listings.every((listing) => Array.isArray(listing.executions))).toBe(true);
    expect(edgeLog.filter((line) => line.startsWith('[edge]'))).toEqual([]);
  });
});
