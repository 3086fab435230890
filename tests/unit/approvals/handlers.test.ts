import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { approvalLink } from '../../../lib/approvals/signing';
import { APPROVAL_ID, InMemoryApprovalStore, cookiePair, cookieValue, hiddenField, pendingRecord } from './approval-fixtures';

const LOCAL_BASE = 'http://localhost:4566/restapis/abc/local/_user_request_';
const LOCAL_KEY = 'local-development-approval-signing-key-NOT-A-SECRET';
const mockStore = new InMemoryApprovalStore();
jest.mock('../../../lib/approvals/dynamodb-approval-store', () => ({ createDynamoDbApprovalStore: () => mockStore }));
// @middy/core is ESM-only, which Jest's CommonJS runtime cannot load: a pass-through stands in for the middleware
// chain here (the runtime's workflow and e2e suites run the real one).
jest.mock('@middy/core', () => ({
  __esModule: true,
  default: (handler: (...args: unknown[]) => unknown) => Object.assign((...args: unknown[]) => handler(...args), { use() { return this; } }),
}));

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let show: Handler;
let decide: Handler;
let logged: string;

const context = { functionName: 'approvals', awsRequestId: 'req-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:approvals', memoryLimitInMB: '128', functionVersion: '$LATEST', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(method: string, overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent {
  return {
    resource: '/approvals/{approvalId}',
    path: `/approvals/${APPROVAL_ID}`,
    httpMethod: method,
    headers: { Host: 'localhost:4566' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { approvalId: APPROVAL_ID },
    stageVariables: null,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
    body: null,
    isBase64Encoded: false,
    ...overrides,
  };
}

beforeAll(() => {
  Object.assign(process.env, { APPROVALS_TABLE_NAME: 'approvals', APPROVAL_BASE_URL: LOCAL_BASE, APPROVAL_SIGNING_KEY: LOCAL_KEY, POWERTOOLS_LOGGER_LOG_EVENT: 'true', DECISION_OUTBOX_QUEUE_URL: 'http://localhost:4566/000000000000/outbox' });
  delete process.env.APPROVAL_SIGNING_KEY_PARAMETER;
  /* eslint-disable @typescript-eslint/no-require-imports */
  show = require('../../../functions/approvals/show-approval').handler as Handler;
  decide = require('../../../functions/approvals/decide-approval').handler as Handler;
  /* eslint-enable @typescript-eslint/no-require-imports */
});

beforeEach(() => {
  logged = '';
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged += String(chunk);
      return true;
    });
  }
});

afterEach(() => jest.restoreAllMocks());

describe('the approval handlers on the local stage', () => {
  it('serve the page, take the decision with one SendTaskSuccess, and log neither signature, token nor cookie', async () => {
    // Prepare
    mockStore.records.set(APPROVAL_ID, pendingRecord({ expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
    const sent: unknown[] = [];
    jest.spyOn(SFNClient.prototype, 'send').mockImplementation(async (command: unknown) => {
      sent.push(command);
      return {};
    });
    const queued: unknown[] = [];
    jest.spyOn(SQSClient.prototype, 'send').mockImplementation(async (command: unknown) => {
      queued.push(command);
      return {};
    });
    const link = new URL(approvalLink(LOCAL_BASE, APPROVAL_ID, new Date(Date.now() + 3_600_000), Buffer.from(LOCAL_KEY)));

    // Act
    const page = await show(event('GET', { queryStringParameters: Object.fromEntries(link.searchParams) }), context);
    const setCookie = (page.multiValueHeaders?.['Set-Cookie'] as string[])[0];
    const form = new URLSearchParams({ expires: hiddenField(page.body, 'expires') ?? '', signature: hiddenField(page.body, 'signature') ?? '', csrf: hiddenField(page.body, 'csrf') ?? '', decision: 'approve' });
    const decision = await decide(
      event('POST', {
        headers: { Host: 'localhost:4566', 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'null', 'Sec-Fetch-Site': 'same-origin', Cookie: cookiePair(setCookie) },
        body: form.toString(),
      }),
      context,
    );

    // Assess
    expect(page.statusCode).toBe(200);
    expect(setCookie).toBe(`${cookiePair(setCookie)}; Path=/restapis/abc/local/_user_request_/approvals/${APPROVAL_ID}; Max-Age=3600; HttpOnly; SameSite=Strict`);
    expect(decision.statusCode).toBe(200);
    expect(decision.body).toContain('<h1>Order order-42 approved</h1>');
    expect(sent).toHaveLength(1);
    expect(queued).toHaveLength(1);
    expect(mockStore.records.get(APPROVAL_ID)).toEqual(expect.objectContaining({ status: 'APPROVED', deliveryOutcome: 'accepted' }));
    expect(logged).toContain(`"approvalId":"${APPROVAL_ID}"`);
    for (const secret of [link.searchParams.get('signature') ?? '', hiddenField(page.body, 'csrf') ?? '', cookieValue(setCookie), 'TASK-TOKEN-SECRET', LOCAL_KEY]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('answer an unexpected failure with the 500 page', async () => {
    // Prepare
    jest.spyOn(mockStore, 'get').mockRejectedValue(new Error('table unavailable'));
    const link = new URL(approvalLink(LOCAL_BASE, APPROVAL_ID, new Date(Date.now() + 3_600_000), Buffer.from(LOCAL_KEY)));

    // Act
    const page = await show(event('GET', { queryStringParameters: Object.fromEntries(link.searchParams) }), context);

    // Assess
    expect(page.statusCode).toBe(500);
    expect(page.body).toContain('<h1>Something went wrong</h1>');
    expect(logged).toContain('table unavailable');
  });
});
