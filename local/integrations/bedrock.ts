/**
 * The optimized Bedrock integration, `arn:aws:states:::bedrock:invokeModel`: Body (a JSON value, not validated by
 * Step Functions) is sent as the model's JSON input and the result is `{"Body": <the model's response, parsed>}`.
 * Input/Output S3 URIs are not served (the local model answers inline). Failures are `Bedrock.<Exception>`
 * (`Bedrock.ThrottlingException`, `Bedrock.ValidationException`, `Bedrock.ResourceNotFoundException`), the names
 * ASL Retry and Catch rules use for this integration, with the Java-SDK-style cause of the other optimized ones.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html
 */
import { StatesError } from '../engine/errors';
import type { TaskRequest } from '../engine/ports';
import { optimizedCause, sdkFailure, unsupportedResource, withExceptionSuffix } from './errors';
import type { SdkClients } from './sdk-clients';

/** Step Functions' quota for the Body of this integration. */
const MAX_BODY_BYTES = 256 * 1024;

export async function invokeBedrock(clients: SdkClients, request: TaskRequest): Promise<unknown> {
  const { resource } = request;
  if (resource.action !== 'invokeModel' || resource.pattern !== 'request-response') throw unsupportedResource(resource);
  const parameters = (request.parameters ?? {}) as Record<string, unknown>;
  const invalid = (message: string) => new StatesError('States.Runtime', message);
  if (typeof parameters.ModelId !== 'string' || parameters.ModelId === '') throw invalid('bedrock:invokeModel needs a ModelId (a model id, inference profile id or ARN).');
  if (parameters.Input !== undefined || parameters.Output !== undefined) {
    throw invalid('bedrock:invokeModel with Input or Output S3 URIs is not supported by the local runtime; pass Body.');
  }
  if (parameters.Body === undefined) throw invalid('bedrock:invokeModel needs a Body (the model\'s JSON input).');
  const bodyText = typeof parameters.Body === 'string' ? parameters.Body : JSON.stringify(parameters.Body);
  if (Buffer.byteLength(bodyText) > MAX_BODY_BYTES) throw invalid(`bedrock:invokeModel Body is over ${MAX_BODY_BYTES} bytes.`);
  const found = clients.command('bedrockruntime', 'invokeModel');
  if (!found) throw unsupportedResource(resource);
  const input: Record<string, unknown> = {
    modelId: parameters.ModelId,
    body: Buffer.from(bodyText),
    contentType: typeof parameters.ContentType === 'string' ? parameters.ContentType : 'application/json',
    accept: typeof parameters.Accept === 'string' ? parameters.Accept : 'application/json',
  };
  if (typeof parameters.GuardrailIdentifier === 'string') input.guardrailIdentifier = parameters.GuardrailIdentifier;
  if (typeof parameters.GuardrailVersion === 'string') input.guardrailVersion = parameters.GuardrailVersion;
  if (typeof parameters.Trace === 'string') input.trace = parameters.Trace;
  let output: { body?: Uint8Array };
  try {
    output = (await found.client.send(new found.Command(input), { abortSignal: request.signal })) as { body?: Uint8Array };
  } catch (error) {
    if (request.signal.aborted) throw error;
    const failure = sdkFailure(error);
    if (failure.statusCode === undefined) throw new StatesError('Bedrock.SdkClientException', failure.message);
    throw new StatesError(`Bedrock.${withExceptionSuffix(failure.name)}`, optimizedCause('AmazonBedrockRuntime', failure));
  }
  const text = Buffer.from(output.body ?? new Uint8Array()).toString('utf8');
  try {
    return { Body: JSON.parse(text) as unknown };
  } catch {
    // A model answering other than JSON: Step Functions hands the text on as it is.
    return { Body: text };
  }
}
