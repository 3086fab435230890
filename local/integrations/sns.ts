/**
 * The optimized SNS integration, `arn:aws:states:::sns:publish[.waitForTaskToken]`: a Message that is not a string is
 * sent as its JSON text (so `"Message.$": "$"` publishes the state's input); the result is Publish's output
 * (`MessageId`, and `SequenceNumber` on a FIFO topic) with the Java SDK's response metadata, as Step Functions
 * returns it. Failures are `SNS.<Exception>` after the SDK's exception classes (`SNS.NotFoundException`,
 * `SNS.InvalidParameterException`), `SNS.AmazonSNSException` for codes it does not model.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
 */
import { StatesError } from '../engine/errors';
import type { TaskRequest } from '../engine/ports';
import { optimizedCause, sdkFailure, unsupportedResource } from './errors';
import { sendWithJavaSdkMetadata } from './java-sdk-metadata';
import { messageInput } from './message-input';
import type { SdkClients } from './sdk-clients';

/** The parameters the optimized publish takes; others are dropped, as Step Functions does. */
const PUBLISH_PARAMETERS = ['TopicArn', 'TargetArn', 'PhoneNumber', 'Message', 'Subject', 'MessageAttributes', 'MessageStructure', 'MessageDeduplicationId', 'MessageGroupId'];

export async function invokeSns(clients: SdkClients, request: TaskRequest): Promise<unknown> {
  const { resource } = request;
  if (resource.action !== 'publish' || (resource.pattern !== 'request-response' && resource.pattern !== 'waitForTaskToken')) {
    throw unsupportedResource(resource);
  }
  const found = clients.command('sns', 'publish');
  if (!found) throw unsupportedResource(resource);
  try {
    return await sendWithJavaSdkMetadata(found.client, new found.Command(messageInput(request.parameters, PUBLISH_PARAMETERS, 'Message')), request.signal);
  } catch (error) {
    if (request.signal.aborted) throw error;
    throw snsError(error);
  }
}

/** `SNS.NotFoundException` with the Java-style cause naming the query error code (`Error Code: NotFound`). */
function snsError(error: unknown): StatesError {
  const failure = sdkFailure(error);
  if (failure.statusCode === undefined) return new StatesError('SNS.SdkClientException', failure.message);
  const queryCode = (error as { Code?: unknown })?.Code;
  const code = typeof queryCode === 'string' ? queryCode : failure.name;
  const modelled = failure.name.endsWith('Exception') && failure.name !== 'SNSServiceException';
  return new StatesError(`SNS.${modelled ? failure.name : 'AmazonSNSException'}`, optimizedCause('AmazonSNS', failure, code));
}
