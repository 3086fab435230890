/**
 * What `npm start` prints once everything is deployed: the endpoint, what runs on it and how to reach it with the
 * tools people already have (AWS CLI v2 and SDK v3 honour AWS_ENDPOINT_URL:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
 */
import { localApiUrl } from '../apigateway/local-urls';
import type { ApiIntegration } from '../apigateway/types';
import { INBOX_PATH } from '../inbox/inbox-route';
import type { DeployPlan } from './plan';

export interface BannerInput {
  readonly url: string;
  readonly region: string;
  readonly plan: DeployPlan;
  /** Where the outputs were written, if they were. */
  readonly outputsFile?: string;
}

function integrationTarget(integration: ApiIntegration): string {
  if (integration.type === 'AWS_PROXY') return integration.functionName;
  if (integration.type === 'MOCK') return `mock ${integration.statusCode} (CORS preflight)`;
  return `${integration.integrationType} (not supported locally)`;
}

/** One line per method and stage: what to call (LocalStack's path form of the invoke URL) and what answers. */
function apiRouteLines(url: string, plan: DeployPlan): string[] {
  const lines = (plan.restApis ?? []).flatMap((api) =>
    api.stages.flatMap((stage) =>
      api.routes.map((route) => `  ${route.method.padEnd(7)} ${localApiUrl(url, api.id, stage.name, route.resourcePath).padEnd(72)} ${integrationTarget(route.integration)}`),
    ),
  );
  return lines.length === 0 ? [] : [`REST API routes (${lines.length}):`, ...lines];
}

/** One line per queue (name and URL), and the function each event source mapping feeds from it. */
function queueLines(plan: DeployPlan): string[] {
  const queues = plan.queues ?? [];
  if (queues.length === 0) return [];
  const mappings = plan.eventSourceMappings ?? [];
  return [
    `Queues (${queues.length}):`,
    ...queues.map((queue) => {
      const consumers = mappings.filter((mapping) => mapping.eventSourceArn === queue.arn).map((mapping) => mapping.functionName);
      return `  ${queue.name.padEnd(40)} ${queue.url}${consumers.length > 0 ? `  → ${consumers.join(', ')}` : ''}`;
    }),
  ];
}

/** One line per topic (name and ARN), with where its subscriptions deliver. */
function topicLines(plan: DeployPlan): string[] {
  const topics = plan.topics ?? [];
  if (topics.length === 0) return [];
  const subscriptions = plan.subscriptions ?? [];
  return [
    `Topics (${topics.length}):`,
    ...topics.map((topic) => {
      const endpoints = subscriptions.filter((subscription) => subscription.topicArn === topic.arn).map((subscription) => `${subscription.protocol}:${subscription.endpoint.split(':').pop() ?? ''}`);
      return `  ${topic.name.padEnd(40)} ${topic.arn}${endpoints.length > 0 ? `  → ${endpoints.join(', ')}` : ''}`;
    }),
  ];
}

/** The banner, as lines of plain text. */
export function formatBanner({ url, region, plan, outputsFile }: BannerInput): string {
  const lines = [
    `Step Functions runtime ready at ${url}  (stack ${plan.stackName}, region ${region})`,
    '',
    `State machines (${plan.stateMachines.length}):`,
    ...plan.stateMachines.map((machine) => `  ${machine.name.padEnd(40)} ${machine.type.padEnd(8)} ${machine.arn}`),
    `Functions (${plan.functions.length}):`,
    ...plan.functions.map((fn) => `  ${fn.name.padEnd(40)} ${fn.runtime.padEnd(12)} ${fn.handler}`),
    `Tables (${plan.tables.length}):`,
    ...plan.tables.map((table) => `  ${String(table.input.TableName)}`),
    ...queueLines(plan),
    ...topicLines(plan),
    ...((plan.buckets ?? []).length > 0 ? [`Buckets (${plan.buckets?.length}):`, ...(plan.buckets ?? []).map((bucket) => `  ${bucket.name.padEnd(40)} s3://${bucket.name}`)] : []),
    ...apiRouteLines(url, plan),
  ];
  lines.push('', ...(outputsFile ? [`Stack outputs: ${outputsFile}`] : []), `Local inbox (mail sent through SES v2, captured): ${url}${INBOX_PATH}`);
  const example = plan.stateMachines[0];
  lines.push(
    '',
    'Use it with the AWS CLI or any SDK v3 client (any credentials are accepted):',
    `  export AWS_ENDPOINT_URL=${url} AWS_REGION=${region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`,
    example
      ? `  aws stepfunctions start-execution --state-machine-arn ${example.arn} --input '<json>'`
      : '  aws stepfunctions list-state-machines',
    `  aws stepfunctions list-executions --state-machine-arn <arn>   # or: --endpoint-url ${url}`,
    '',
    'Press Ctrl-C to stop.',
  );
  return lines.join('\n');
}
