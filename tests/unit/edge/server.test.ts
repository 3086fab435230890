import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dynamoDbRoutes } from '../../../local/dynamodb/module';
import { startEdgeServer, type EdgeServer } from '../../../local/edge/server';
import { lambdaRoutes } from '../../../local/lambda/invoke-route';
import type { LambdaInvoker } from '../../../local/lambda/types';
import { AwsError } from '../../../local/platform/aws-error';
import type { JsonServiceHandler } from '../../../local/platform/protocols/aws-json';
import type { EmulatedService } from '../../../local/platform/service';
import { stepFunctionsRoutes } from '../../../local/stepfunctions/module';

const calls: Array<{ action: string; body: Record<string, unknown> }> = [];

/** A stand-in Step Functions service: the edge's job is the protocol, not the engine. */
const stepFunctions: JsonServiceHandler = async (action, body) => {
  calls.push({ action, body });
  if (action === 'StartExecution') {
    return { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e1', startDate: new Date(1_700_000_000_500) };
  }
  if (action === 'DescribeExecution') throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(body.executionArn)}'`);
  throw new Error('engine exploded');
};

const lambda: LambdaInvoker = {
  invoke: async (name) => {
    if (name !== 'known') throw new AwsError('ResourceNotFoundException', `Function not found: ${name}`, 404);
    return { statusCode: 200, payload: '{"ok":true}', executedVersion: '$LATEST' };
  },
};

const dynamodbRequests: string[] = [];
const dynamodb = {
  handle(req: IncomingMessage, res: ServerResponse) {
    dynamodbRequests.push(String(req.headers['x-amz-target']));
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' }).end('{"TableNames":[]}');
  },
};

/** A service claiming requests by the SigV4 scope only, listed first: target and path routes still win. */
const sqs: EmulatedService = {
  name: 'sqs',
  routes: [
    {
      match: { scope: 'sqs' },
      handle: (req, res) => {
        req.resume();
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<ok/>');
      },
    },
  ],
};
const failures: string[] = [];

describe('edge server', () => {
  let edge: EdgeServer;
  let sfn: SFNClient;

  beforeAll(async () => {
    const services: EmulatedService[] = [
      sqs,
      { name: 'stepfunctions', routes: stepFunctionsRoutes(stepFunctions) },
      { name: 'dynamodb', routes: dynamoDbRoutes(() => dynamodb) },
      { name: 'lambda', routes: lambdaRoutes(lambda) },
    ];
    edge = await startEdgeServer({ port: 0, services, logFailure: (line) => failures.push(line) });
    sfn = new SFNClient({ endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  });

  afterAll(async () => {
    sfn.destroy();
    await edge.close();
  });

  const post = (path: string, headers: Record<string, string>, body: string) =>
    fetch(`${edge.url}${path}`, { method: 'POST', headers, body });

  it('routes AWSStepFunctions targets to the JSON handler and encodes dates as epoch seconds for SDK clients', async () => {
    // Act
    const output = await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m', input: '{}' }));

    // Assess
    expect(output.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:m:e1');
    expect(output.startDate).toEqual(new Date(1_700_000_000_500));
    expect(calls.at(-1)).toEqual({ action: 'StartExecution', body: { stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m', input: '{}' } });
  });

  it('turns an AwsError into the exception SDK clients raise', async () => {
    // Act
    const attempt = sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:x' }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ExecutionDoesNotExist', message: "Execution Does Not Exist: 'arn:x'", $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    ['a handler crash', { 'X-Amz-Target': 'AWSStepFunctions.ListExecutions' }, '{}', 500, 'InternalFailure', 'engine exploded'],
    ['a body that is not JSON', { 'X-Amz-Target': 'AWSStepFunctions.StartExecution' }, '{oops', 400, 'SerializationException', expect.stringContaining('Could not parse the request')],
    ['an unknown target', { 'X-Amz-Target': 'AmazonSNS.Publish' }, '{}', 400, 'UnknownOperationException', 'No service handles the target AmazonSNS.Publish'],
  ])('answers %s with an AWS-shaped JSON error', async (_label, headers, body, status, type, message) => {
    // Act
    const response = await post('/', { 'Content-Type': 'application/x-amz-json-1.0', ...headers }, body);

    // Assess
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ __type: type, message });
  });

  it('answers an unknown path with 404', async () => {
    // Act
    const response = await fetch(`${edge.url}/nothing/here`);

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ __type: 'UnknownOperationException', message: 'No service handles GET /nothing/here' });
  });

  it('hands DynamoDB targets to the embedded DynamoDB untouched', async () => {
    // Act
    const response = await post('/', { 'X-Amz-Target': 'DynamoDB_20120810.ListTables', 'Content-Type': 'application/x-amz-json-1.0' }, '{}');

    // Assess
    expect(await response.json()).toEqual({ TableNames: [] });
    expect(dynamodbRequests).toEqual(['DynamoDB_20120810.ListTables']);
  });

  it.each([
    ['a known function', 'known', 200, { ok: true }, { 'x-amz-executed-version': '$LATEST' }],
    ['an unknown function', 'ghost', 404, { Type: 'User', message: 'Function not found: ghost', Message: 'Function not found: ghost' }, { 'x-amzn-errortype': 'ResourceNotFoundException' }],
  ])('serves Lambda Invoke for %s', async (_label, name, status, body, headers) => {
    // Act
    const response = await post(`/2015-03-31/functions/${name}/invocations`, {}, '{}');

    // Assess
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
    for (const [key, value] of Object.entries(headers)) expect(response.headers.get(key)).toBe(value);
  });

  it('refuses an Invoke body that is not JSON as Lambda does', async () => {
    // Act
    const response = await post('/2015-03-31/functions/known/invocations', {}, 'not json');

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
  });

  it('logs a 5xx with the request that caused it', async () => {
    // Act
    await post('/', { 'X-Amz-Target': 'AWSStepFunctions.ListExecutions', 'Content-Type': 'application/x-amz-json-1.0' }, '{"maxResults":1}');
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(failures.at(-1)).toBe(
      '[edge] stepfunctions answered 500 to POST / X-Amz-Target: AWSStepFunctions.ListExecutions Content-Type: application/x-amz-json-1.0 body (16 bytes): "{\\"maxResults\\":1}"',
    );
  });

  it('gives a target route precedence over a scope route listed before it', async () => {
    // Act: signed for sqs (the first service claims that scope), but targeting Step Functions.
    const response = await post('/', {
      'X-Amz-Target': 'AWSStepFunctions.StartExecution',
      'Content-Type': 'application/x-amz-json-1.0',
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x',
    }, '{}');

    // Assess
    expect(await response.json()).toEqual({ executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e1', startDate: 1_700_000_000.5 });
  });

  it('lets a route claim requests by their signing service', async () => {
    // Act
    const response = await post('/', { Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x' }, 'Action=ListQueues');

    // Assess
    expect(await response.text()).toBe('<ok/>');
  });

  it('reports every service on the health endpoint', async () => {
    // Act
    const response = await fetch(`${edge.url}/_runtime/health`);

    // Assess
    expect(await response.json()).toEqual({
      status: 'running',
      services: { sqs: 'running', stepfunctions: 'running', dynamodb: 'running', lambda: 'running' },
    });
  });
});
