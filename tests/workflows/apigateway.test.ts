/**
 * serverless.yml `http` events on the offline runtime, end to end: a fixture service packaged by osls, its REST API
 * planned from the compiled template and served on the edge at LocalStack's `/restapis/{id}/{stage}/_user_request_/`
 * path, each call going through a real Lambda worker as a version 1.0 proxy event.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { startRuntime, type Runtime } from '../../local/runtime';
import { defined } from '../support/defined';

/** Packaging (osls + esbuild) plus worker start-up; generous for a shared CI machine. */
const START_TIMEOUT_MS = 150_000;
const SERVICE_DIR = path.resolve(__dirname, '../fixtures/apigateway-service');

describe('REST API (http events) on the offline runtime', () => {
  let runtime: Runtime;
  let workDir: string;
  let apiUrl: string;
  const logs: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'apigateway-'));
    runtime = await startRuntime({ port: 0, serviceDir: SERVICE_DIR, outputsFile: path.join(workDir, 'stack-outputs.json'), log: (line) => logs.push(line) });
    apiUrl = defined(runtime.outputs.ApiUrl, 'the ApiUrl output');
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await runtime?.close();
    rmSync(workDir, { recursive: true, force: true });
    // The package and the extracted bundles are build output; the lint config ignores them only at the project root.
    for (const output of ['.local', '.serverless', '.esbuild']) rmSync(path.join(SERVICE_DIR, output), { recursive: true, force: true });
  });

  it('publishes the ApiUrl output as the local invoke URL of the deployed API', () => {
    // Act
    const written = JSON.parse(readFileSync(path.join(workDir, 'stack-outputs.json'), 'utf8'));
    const api = defined(runtime.plan.restApis?.[0], 'the deployed REST API');

    // Assess
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(written.ApiUrl).toBe(`${runtime.url}/restapis/${api.id}/local/_user_request_`);
    expect(api.routes.map((route) => `${route.method} ${route.resourcePath}`)).toEqual(['GET /boom', 'ANY /files/{proxy+}', 'OPTIONS /orders', 'POST /orders', 'GET /orders/{orderId}']);
  });

  it('passes a GET with a path parameter, a query string and headers to the function as a proxy event', async () => {
    // Act
    const response = await fetch(`${apiUrl}/orders/abc%20123?expand=items&tag=a&tag=b`, { headers: { 'X-Client': 'workflow-test' } });
    const event = (await response.json()) as APIGatewayProxyEvent;

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-echo')).toBe('one, two');
    expect(response.headers.get('x-amzn-requestid')).toBe(event.requestContext.requestId);
    expect(event).toMatchObject({
      resource: '/orders/{orderId}',
      path: '/orders/abc%20123',
      httpMethod: 'GET',
      pathParameters: { orderId: 'abc%20123' },
      queryStringParameters: { expand: 'items', tag: 'b' },
      multiValueQueryStringParameters: { expand: ['items'], tag: ['a', 'b'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: defined(runtime.plan.restApis?.[0], 'the deployed REST API').id,
        stage: 'local',
        resourcePath: '/orders/{orderId}',
        httpMethod: 'GET',
        path: '/local/orders/abc%20123',
        identity: { sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers['X-Client']).toBe('workflow-test');
    expect(event.multiValueHeaders['X-Client']).toEqual(['workflow-test']);
    expect(event.headers).not.toHaveProperty('connection');
  });

  it.each([
    ['DELETE', '/files/a/b/c.txt', 'a/b/c.txt'],
    ['PUT', '/files/report.pdf', 'report.pdf'],
  ])('routes %s %s to the greedy ANY /files/{proxy+}', async (method, requestPath, proxy) => {
    // Act
    const response = await fetch(`${apiUrl}${requestPath}`, { method });
    const event = (await response.json()) as APIGatewayProxyEvent;

    // Assess
    expect(response.status).toBe(200);
    expect({ resource: event.resource, httpMethod: event.httpMethod, pathParameters: event.pathParameters }).toEqual({ resource: '/files/{proxy+}', httpMethod: method, pathParameters: { proxy } });
  });

  it('passes a POSTed JSON body as a string and returns the function\'s status and headers', async () => {
    // Act
    const response = await fetch(`${apiUrl}/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ orderId: 'o-1', items: [{ productId: 'p-1', quantity: 2 }] }) });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/local/orders/o-1');
    expect(await response.json()).toEqual({ received: { orderId: 'o-1', items: [{ productId: 'p-1', quantity: 2 }] }, contentType: 'application/json' });
  });

  it('answers the CORS preflight of a cors: true event from its OPTIONS mock method', async () => {
    // Act
    const response = await fetch(`${apiUrl}/orders`, { method: 'OPTIONS', headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('OPTIONS,POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('Content-Type');
  });

  it.each([
    ['an unknown path', 'GET', '/nothing/here', 403, 'Missing Authentication Token'],
    ['a method the resource does not have', 'DELETE', '/orders', 403, 'Missing Authentication Token'],
    ['a handler that throws', 'GET', '/boom', 502, 'Internal server error'],
  ])('answers %s as API Gateway does', async (_name, method, requestPath, status, message) => {
    // Act
    const response = await fetch(`${apiUrl}${requestPath}`, { method });

    // Assess
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ message });
  });

  it('answers 403 Forbidden for a stage that is not deployed', async () => {
    // Act
    const response = await fetch(apiUrl.replace('/local/', '/prod/') + '/orders/1');

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
  });

  it('rejects a body over API Gateway\'s 10 MB payload quota with 413 without invoking the function', async () => {
    // Act
    const response = await fetch(`${apiUrl}/orders`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Too Long' });
  });
});
