/**
 * `arn:aws:states:::aws-sdk:<service>:<action>`: any SDK action, called with the Task's parameters as the input and
 * answered with the response minus its metadata.
 * https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
import type { TaskRequest } from '../engine/ports';
import { awsSdkError, unsupportedResource } from './errors';
import type { SdkClients } from './sdk-clients';

/**
 * Services whose API members are camelCase (Step Functions' own API: `stateMachineArn`). In ASL they are still
 * written in PascalCase ("Parameters in Step Functions are expressed in PascalCase, even if the native service API
 * is in camelCase"), so keys are converted on the way in and back on the way out.
 */
const CAMEL_CASE_SERVICES = new Set(['sfn', 'bedrockruntime']);

export async function invokeAwsSdk(clients: SdkClients, request: TaskRequest): Promise<unknown> {
  const { resource } = request;
  if (resource.pattern !== 'request-response' && resource.pattern !== 'waitForTaskToken') throw unsupportedResource(resource);
  const found = clients.command(resource.service, resource.action);
  if (!found) throw unsupportedResource(resource);
  const camel = CAMEL_CASE_SERVICES.has(resource.service);
  const parameters = blobPayload(resource.service, resource.action, request.parameters ?? {});
  const input = camel ? renameKeys(parameters, lowerFirst) : parameters;
  let output: Record<string, unknown>;
  try {
    output = await found.client.send(new found.Command(input), { abortSignal: request.signal });
  } catch (error) {
    if (request.signal.aborted) throw error;
    throw awsSdkError(resource.service, error);
  }
  const plain = toPlainJson(output) as Record<string, unknown>;
  delete plain.$metadata;
  return camel ? renameKeys(plain, upperFirst) : plain;
}

/** `aws-sdk:lambda:invoke` takes its Payload as a JSON value in ASL; the SDK wants the bytes. */
function blobPayload(service: string, action: string, parameters: unknown): unknown {
  if (service !== 'lambda' || action !== 'invoke' || parameters === null || typeof parameters !== 'object') return parameters;
  const { Payload } = parameters as { Payload?: unknown };
  if (Payload === undefined || typeof Payload === 'string') return parameters;
  return { ...parameters, Payload: JSON.stringify(Payload) };
}

const lowerFirst = (key: string) => key.charAt(0).toLowerCase() + key.slice(1);
const upperFirst = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [rename(key), renameKeys(item, rename)]));
}

/**
 * A response as JSON: blobs become UTF-8 text (as Step Functions shows `aws-sdk:lambda:invoke`'s Payload) or base64
 * (DynamoDB's `B` attribute values, as its JSON wire format has them), dates
 * become ISO strings, undefined members disappear.
 */
export function toPlainJson(value: unknown, blobs: 'utf8' | 'base64' = 'utf8'): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString(blobs);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toPlainJson(item, blobs));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return Object.fromEntries(entries.map(([key, item]) => [key, toPlainJson(item, blobs)]));
}
