/**
 * The optimized SQS integration, `arn:aws:states:::sqs:sendMessage[.waitForTaskToken]`: a MessageBody that is not a
 * string is sent as its JSON text; the result is SendMessage's output with the Java SDK's response metadata
 * (`SdkHttpMetadata`, `SdkResponseMetadata`) as Step Functions reports it; failures are `SQS.<Exception>` named after
 * the Java SDK's exception classes (`SQS.QueueDoesNotExistException`), `SQS.AmazonSQSException` for the ones it does
 * not model. https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html
 */
import { StatesError } from '../engine/errors';
import type { TaskRequest } from '../engine/ports';
import { optimizedCause, sdkFailure, unsupportedResource } from './errors';
import { sendWithJavaSdkMetadata } from './java-sdk-metadata';
import { messageInput } from './message-input';
import type { SdkClients } from './sdk-clients';

/** The parameters the optimized sendMessage takes; others are dropped, as Step Functions does. */
const SEND_MESSAGE_PARAMETERS = ['QueueUrl', 'MessageBody', 'DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId'];

/** SQS errors that have their own exception class in the SDK; the rest are AmazonSQSException. */
const MODELLED_ERRORS = new Set([
  'QueueDoesNotExist',
  'InvalidMessageContents',
  'UnsupportedOperation',
  'RequestThrottled',
  'InvalidSecurity',
  'InvalidAddress',
  'KmsAccessDenied',
  'KmsDisabled',
  'KmsInvalidKeyUsage',
  'KmsInvalidState',
  'KmsNotFound',
  'KmsOptInRequired',
  'KmsThrottled',
]);

export async function invokeSqs(clients: SdkClients, request: TaskRequest): Promise<unknown> {
  const { resource } = request;
  if (resource.action !== 'sendMessage' || (resource.pattern !== 'request-response' && resource.pattern !== 'waitForTaskToken')) {
    throw unsupportedResource(resource);
  }
  const found = clients.command('sqs', 'sendMessage');
  if (!found) throw unsupportedResource(resource);
  try {
    return await sendWithJavaSdkMetadata(found.client, new found.Command(messageInput(request.parameters, SEND_MESSAGE_PARAMETERS, 'MessageBody')), request.signal);
  } catch (error) {
    if (request.signal.aborted) throw error;
    throw sqsError(error);
  }
}

/** `SQS.QueueDoesNotExistException` with the Java-style cause naming the query error code. */
function sqsError(error: unknown): StatesError {
  const failure = sdkFailure(error);
  if (failure.statusCode === undefined) return new StatesError('SQS.SdkClientException', failure.message);
  const queryCode = (error as { Code?: unknown })?.Code;
  const code = typeof queryCode === 'string' ? queryCode : failure.name;
  const name = MODELLED_ERRORS.has(failure.name) ? `${failure.name}Exception` : 'AmazonSQSException';
  return new StatesError(`SQS.${name}`, optimizedCause('AmazonSQS', failure, code));
}
