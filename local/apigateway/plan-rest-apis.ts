/**
 * Reads the REST APIs out of a packaged CloudFormation template, the way osls compiles `http` events: a RestApi, a tree
 * of Resources (each a PathPart under a ParentId, the root being the RestApi's RootResourceId), Methods on them (an
 * HttpMethod and an Integration, AWS_PROXY with a Uri naming the function for Lambda proxy), and a Deployment or Stage
 * naming the stage. Pure: intrinsics go through the deploy's resolver, so ids match what `Ref` gives everywhere else.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html
 */
import type { Json } from '../engine/types';
import { resolvedProperties, type IntrinsicResolver } from '../deploy/intrinsics';
import { TemplateError, type CloudFormationTemplate } from '../deploy/template';
import { parseFunctionReference } from '../lambda/function-name';
import type { ApiIntegration, ApiRoute, RestApiPlan, RestApiStage } from './types';

interface ResourceNode {
  readonly restApiId: string;
  readonly parentId: string;
  readonly pathPart: string;
}

type Properties = Record<string, Json>;

/** A Lambda proxy Uri: `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`. */
const LAMBDA_INVOCATION_URI = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

function requireString(properties: Properties, name: string, where: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || value === '') throw new TemplateError(`${where}.${name}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** The function a Lambda proxy Uri invokes; stage variables in it (`${stageVariables.fn}`) are not supported locally. */
export function functionOfIntegrationUri(uri: string, where: string): { functionName: string; functionArn: string } {
  const functionArn = LAMBDA_INVOCATION_URI.exec(uri)?.[1];
  const reference = functionArn ? parseFunctionReference(functionArn) : undefined;
  if (!functionArn || !reference) throw new TemplateError(`${where}: an AWS_PROXY integration must invoke a Lambda function ARN, got ${JSON.stringify(uri)}`);
  return { functionName: reference.name, functionArn };
}

/** `'value'` in a MOCK integration response's ResponseParameters is a literal; anything else is a mapping expression. */
function literalHeaders(parameters: Json | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries((parameters ?? {}) as Record<string, Json>)) {
    const header = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
    if (header && typeof value === 'string' && /^'.*'$/s.test(value)) headers[header] = value.slice(1, -1);
  }
  return headers;
}

function planIntegration(integration: Properties | undefined, where: string): ApiIntegration {
  const type = String(integration?.Type ?? '');
  if (type === 'AWS_PROXY') {
    return { type, ...functionOfIntegrationUri(requireString(integration ?? {}, 'Uri', where), `${where}.Uri`) };
  }
  if (type === 'MOCK') {
    // The default integration response is the one without a SelectionPattern.
    const responses = (integration?.IntegrationResponses ?? []) as Properties[];
    const chosen = responses.find((response) => response.SelectionPattern === undefined || response.SelectionPattern === '') ?? responses[0];
    return { type, statusCode: Number(chosen?.StatusCode ?? 200), headers: literalHeaders(chosen?.ResponseParameters) };
  }
  return { type: 'UNSUPPORTED', integrationType: type || 'none' };
}

function stringRecord(value: Json | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries((value ?? {}) as Record<string, Json>).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]));
}

/** Orders routes as a reader expects: by path, then method. */
function byPathThenMethod(left: ApiRoute, right: ApiRoute): number {
  return left.resourcePath.localeCompare(right.resourcePath) || left.method.localeCompare(right.method);
}

/**
 * Every REST API in the template with its routes and stages. Resources whose Condition is false are left out; an
 * OpenAPI `Body` (not what osls writes) is a TemplateError rather than a silently empty API.
 */
export function planRestApis(template: CloudFormationTemplate, resolver: IntrinsicResolver): RestApiPlan[] {
  const existing = Object.entries(template.Resources).filter(([logicalId]) => resolver.resourceExists(logicalId));
  const ofType = (type: string) => existing.filter(([, resource]) => resource.Type === type);

  const apis = new Map<string, { logicalId: string; name: string; rootId: string; binaryMediaTypes: string[]; stages: Map<string, RestApiStage>; routes: ApiRoute[] }>();
  for (const [logicalId, resource] of ofType('AWS::ApiGateway::RestApi')) {
    const where = `Resources.${logicalId}.Properties`;
    const properties = resolvedProperties(resolver, logicalId, resource);
    if (properties.Body !== undefined || properties.BodyS3Location !== undefined) {
      throw new TemplateError(`${where}: REST APIs defined by an OpenAPI Body are not supported locally; declare http events in serverless.yml`);
    }
    const identity = resolver.identity(logicalId, `Resources.${logicalId}`);
    apis.set(identity.ref, {
      logicalId,
      name: typeof properties.Name === 'string' ? properties.Name : logicalId,
      rootId: String(identity.attributes.RootResourceId),
      binaryMediaTypes: Array.isArray(properties.BinaryMediaTypes) ? properties.BinaryMediaTypes.map(String) : [],
      stages: new Map(),
      routes: [],
    });
  }

  const nodes = new Map<string, ResourceNode>();
  for (const [logicalId, resource] of ofType('AWS::ApiGateway::Resource')) {
    const where = `Resources.${logicalId}.Properties`;
    const properties = resolvedProperties(resolver, logicalId, resource);
    nodes.set(resolver.identity(logicalId, `Resources.${logicalId}`).ref, {
      restApiId: requireString(properties, 'RestApiId', where),
      parentId: requireString(properties, 'ParentId', where),
      pathPart: requireString(properties, 'PathPart', where),
    });
  }
  const pathOf = (resourceId: string, rootId: string, where: string, seen = new Set<string>()): string => {
    if (resourceId === rootId) return '';
    const node = nodes.get(resourceId);
    if (!node || seen.has(resourceId)) throw new TemplateError(`${where}: resource ${resourceId} is not a resource of this REST API`);
    seen.add(resourceId);
    return `${pathOf(node.parentId, rootId, where, seen)}/${node.pathPart}`;
  };

  for (const [logicalId, resource] of ofType('AWS::ApiGateway::Method')) {
    const where = `Resources.${logicalId}.Properties`;
    const properties = resolvedProperties(resolver, logicalId, resource);
    const api = apis.get(requireString(properties, 'RestApiId', where));
    if (!api) throw new TemplateError(`${where}.RestApiId: not a REST API of this stack`);
    const resourceId = requireString(properties, 'ResourceId', where);
    api.routes.push({
      method: requireString(properties, 'HttpMethod', where).toUpperCase(),
      resourcePath: pathOf(resourceId, api.rootId, `${where}.ResourceId`) || '/',
      resourceId,
      integration: planIntegration(properties.Integration as Properties | undefined, `${where}.Integration`),
    });
  }

  // A Deployment with a StageName creates that stage; a Stage resource creates one with its own variables.
  for (const [type, nameKey] of [['AWS::ApiGateway::Deployment', 'StageName'], ['AWS::ApiGateway::Stage', 'StageName']] as const) {
    for (const [logicalId, resource] of ofType(type)) {
      const properties = resolvedProperties(resolver, logicalId, resource);
      const api = apis.get(String(properties.RestApiId));
      const name = properties[nameKey];
      if (!api || typeof name !== 'string' || name === '') continue;
      const described = type === 'AWS::ApiGateway::Deployment' ? (properties.StageDescription as Properties | undefined)?.Variables : properties.Variables;
      const variables = { ...api.stages.get(name)?.variables, ...stringRecord(described) };
      api.stages.set(name, { name, variables });
    }
  }

  return [...apis.entries()].map(([id, api]) => ({
    logicalId: api.logicalId,
    id,
    name: api.name,
    stages: [...api.stages.values()],
    routes: api.routes.sort(byPathThenMethod),
    binaryMediaTypes: api.binaryMediaTypes,
  }));
}
