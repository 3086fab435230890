import { formatBanner } from '../../../local/deploy/banner';
import type { RestApiPlan } from '../../../local/apigateway/types';
import { buildDeployPlan, type DeployPlan, type PlanOptions } from '../../../local/deploy/plan';
import type { CloudFormationTemplate } from '../../../local/deploy/template';
import { defined } from '../../support/defined';

const lambdaUri = (functionLogicalId: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [functionLogicalId, 'Arn'] }, '/invocations']],
});
const invokeUrl = { 'Fn::Join': ['', ['https://', { Ref: 'ApiGatewayRestApi' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/local']] };
const lambdaFunction = (name: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { FunctionName: name, Handler: 'handlers.handler', Runtime: 'nodejs22.x', Code: { S3Bucket: 'b', S3Key: `serverless/app/local/${name}.zip` } },
});

/** The shape osls compiles `http` events into (trimmed from a packaged fixture service). */
const template: CloudFormationTemplate = {
  Resources: {
    EchoLambdaFunction: lambdaFunction('app-local-echo'),
    CreateLambdaFunction: lambdaFunction('app-local-create'),
    EchoLambdaPermissionApiGateway: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { 'Fn::GetAtt': ['EchoLambdaFunction', 'Arn'] } } },
    ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'local-app', EndpointConfiguration: { Types: ['EDGE'] }, Policy: '', BinaryMediaTypes: ['image/png'] } },
    ApiGatewayResourceOrders: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] }, PathPart: 'orders', RestApiId: { Ref: 'ApiGatewayRestApi' } } },
    ApiGatewayResourceOrdersOrderidVar: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { Ref: 'ApiGatewayResourceOrders' }, PathPart: '{orderId}', RestApiId: { Ref: 'ApiGatewayRestApi' } } },
    ApiGatewayMethodOrdersOrderidVarGet: {
      Type: 'AWS::ApiGateway::Method',
      Properties: { HttpMethod: 'GET', ResourceId: { Ref: 'ApiGatewayResourceOrdersOrderidVar' }, RestApiId: { Ref: 'ApiGatewayRestApi' }, Integration: { IntegrationHttpMethod: 'POST', Type: 'AWS_PROXY', Uri: lambdaUri('EchoLambdaFunction') } },
    },
    ApiGatewayMethodOrdersPost: {
      Type: 'AWS::ApiGateway::Method',
      Properties: { HttpMethod: 'POST', ResourceId: { Ref: 'ApiGatewayResourceOrders' }, RestApiId: { Ref: 'ApiGatewayRestApi' }, Integration: { IntegrationHttpMethod: 'POST', Type: 'AWS_PROXY', Uri: lambdaUri('CreateLambdaFunction') } },
    },
    ApiGatewayMethodOrdersOptions: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'OPTIONS',
        ResourceId: { Ref: 'ApiGatewayResourceOrders' },
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        Integration: {
          Type: 'MOCK',
          IntegrationResponses: [
            {
              StatusCode: '200',
              ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'", 'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,POST'", 'method.response.header.X-From-Request': 'method.request.header.X' },
            },
          ],
        },
      },
    },
    ApiGatewayMethodRootGet: {
      Type: 'AWS::ApiGateway::Method',
      Properties: { HttpMethod: 'GET', ResourceId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] }, RestApiId: { Ref: 'ApiGatewayRestApi' }, Integration: { Type: 'HTTP_PROXY', Uri: 'https://example.com' } },
    },
    ApiGatewayDeployment1795529238834: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' }, StageName: 'local', StageDescription: { Variables: { mode: 'test' } } } },
  },
  Outputs: {
    ServiceEndpoint: { Value: invokeUrl },
    ApiUrl: { Value: invokeUrl },
    OrdersUrl: { Value: { 'Fn::Sub': 'https://${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com/local/orders' } },
    OtherApiUrl: { Value: 'https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/prod' },
  },
};

const options = (overrides: Partial<PlanOptions> = {}): PlanOptions => ({
  template,
  context: { stackName: 'app-local', region: 'us-east-1', accountId: '000000000000', endpoint: 'http://127.0.0.1:4566' },
  packageDir: '/pkg',
  functionsDir: '/functions',
  ...overrides,
});

/** The plan's first REST API, failing the test when it has none. */
const firstApi = (plan: DeployPlan): RestApiPlan => defined(plan.restApis?.[0], 'a REST API in the plan');

describe('REST APIs in the deploy plan', () => {
  it('flattens the resource tree and methods into routes with their functions and stages', () => {
    // Act
    const [api, ...others] = buildDeployPlan(options()).restApis ?? [];

    // Assess
    expect(others).toEqual([]);
    expect(api).toMatchObject({ logicalId: 'ApiGatewayRestApi', name: 'local-app', stages: [{ name: 'local', variables: { mode: 'test' } }], binaryMediaTypes: ['image/png'] });
    expect(api?.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api?.routes.map(({ method, resourcePath, integration }) => ({ method, resourcePath, integration }))).toEqual([
      { method: 'GET', resourcePath: '/', integration: { type: 'UNSUPPORTED', integrationType: 'HTTP_PROXY' } },
      { method: 'OPTIONS', resourcePath: '/orders', integration: { type: 'MOCK', statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'OPTIONS,POST' } } },
      { method: 'POST', resourcePath: '/orders', integration: { type: 'AWS_PROXY', functionName: 'app-local-create', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:app-local-create' } },
      { method: 'GET', resourcePath: '/orders/{orderId}', integration: { type: 'AWS_PROXY', functionName: 'app-local-echo', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:app-local-echo' } },
    ]);
  });

  it('keeps the same API id across plans, so local URLs survive a restart', () => {
    // Act
    const first = firstApi(buildDeployPlan(options())).id;
    const second = firstApi(buildDeployPlan(options())).id;

    // Assess
    expect(first).toBe(second);
  });

  it.each([
    ['ServiceEndpoint', ''],
    ['ApiUrl', ''],
    ['OrdersUrl', '/orders'],
  ])('resolves the %s output to the local invoke URL', (key, suffix) => {
    // Act
    const plan = buildDeployPlan(options());

    // Assess
    expect(plan.outputs[key]).toBe(`http://127.0.0.1:4566/restapis/${firstApi(plan).id}/local/_user_request_${suffix}`);
  });

  it('leaves URLs of APIs the stack does not own, and every URL when no edge endpoint is known, as on AWS', () => {
    // Act
    const local = buildDeployPlan(options());
    const withoutEndpoint = buildDeployPlan(options({ context: { stackName: 'app-local', region: 'us-east-1', accountId: '000000000000' } }));

    // Assess
    expect(local.outputs.OtherApiUrl).toBe('https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/prod');
    expect(withoutEndpoint.outputs.ApiUrl).toBe(`https://${firstApi(withoutEndpoint).id}.execute-api.us-east-1.amazonaws.com/local`);
  });

  it('does not list the API Gateway resources among those it skips', () => {
    // Act
    const plan = buildDeployPlan(options());

    // Assess
    expect(plan.skipped).toEqual([{ logicalId: 'EchoLambdaPermissionApiGateway', type: 'AWS::Lambda::Permission' }]);
  });

  it.each<[string, CloudFormationTemplate['Resources'], RegExp]>([
    [
      'an OpenAPI body',
      { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { openapi: '3.0.1' } } } },
      /Resources\.Api\.Properties: REST APIs defined by an OpenAPI Body are not supported locally/,
    ],
    [
      'a proxy integration that does not invoke a function',
      {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
        M: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'GET', RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, Integration: { Type: 'AWS_PROXY', Uri: 'https://example.com' } } },
      },
      /Resources\.M\.Properties\.Integration\.Uri: an AWS_PROXY integration must invoke a Lambda function ARN/,
    ],
    [
      'a method on a resource of another API',
      {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
        M: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'GET', RestApiId: { Ref: 'Api' }, ResourceId: 'elsewhere', Integration: { Type: 'MOCK' } } },
      },
      /Resources\.M\.Properties\.ResourceId: resource elsewhere is not a resource of this REST API/,
    ],
  ])('rejects %s with a TemplateError naming the resource', (_name, resources, message) => {
    // Act
    const act = () => buildDeployPlan(options({ template: { Resources: resources } }));

    // Assess
    expect(act).toThrow(expect.objectContaining({ name: 'TemplateError', message: expect.stringMatching(message) }));
  });

  it('lists every route with its local URL and target in the banner', () => {
    // Prepare
    const plan = buildDeployPlan(options());
    const base = `http://127.0.0.1:4566/restapis/${firstApi(plan).id}/local/_user_request_`;

    // Act
    const banner = formatBanner({ url: 'http://127.0.0.1:4566', region: 'us-east-1', plan });

    // Assess
    expect(banner).toContain('REST API routes (4):');
    expect(banner).toMatch(new RegExp(`  GET {5}${base.replace(/[.]/g, '\\.')}/orders/\\{orderId\\} +app-local-echo`));
    expect(banner).toMatch(/ {2}OPTIONS \S+\/orders +mock 200 \(CORS preflight\)/);
    expect(banner).toMatch(/ {2}GET {5}\S+_user_request_ +HTTP_PROXY \(not supported locally\)/);
  });
});
