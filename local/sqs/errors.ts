/**
 * SQS errors as both of its wire protocols carry them. Each error has two names: the Smithy shape name that the JSON
 * protocol puts in `__type` (`com.amazonaws.sqs#QueueDoesNotExist`) and the query-protocol code that the XML
 * `<Error><Code>` and the JSON protocol's `x-amzn-query-error` header carry
 * (`AWS.SimpleQueueService.NonExistentQueue`). SDK v3 names its exception after the first, older SDKs and the CLI
 * after the second. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html
 */
import { AwsError, type Fault } from '../platform/aws-error';

/** An SQS error: the Smithy shape name (`QueueDoesNotExist`), or the query code itself for errors the model does not name. */
function sqsError(code: string, message: string, statusCode = 400, queryCode: string = code, fault: Fault = 'Sender'): AwsError {
  return new AwsError(code, message, statusCode, { queryCode, fault });
}

/** The message AWS gives for every action on a queue that is not there (the JSON protocol's wording). */
export const queueDoesNotExist = (): AwsError =>
  sqsError('QueueDoesNotExist', 'The specified queue does not exist.', 400, 'AWS.SimpleQueueService.NonExistentQueue');

export const queueNameExists = (name: string, attribute: string): AwsError =>
  sqsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${attribute}`, 400, 'QueueAlreadyExists');

export const invalidAttributeName = (name: string): AwsError => sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);

export const invalidAttributeValue = (name: string, reason?: string): AwsError =>
  sqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`);

/** A parameter out of range: not a modelled shape, so SDK v3 raises a generic SQSServiceException of this name. */
export const invalidParameterValue = (message: string): AwsError => sqsError('InvalidParameterValue', message);

export const missingParameter = (name: string): AwsError => sqsError('MissingParameter', `The request must contain the parameter ${name}.`);

export const receiptHandleIsInvalid = (handle: string): AwsError =>
  sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404);

export const messageNotInflight = (handle: string): AwsError =>
  sqsError(
    'MessageNotInflight',
    `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    400,
    'AWS.SimpleQueueService.MessageNotInflight',
  );

export const invalidMessageContents = (): AwsError => sqsError('InvalidMessageContents', 'Invalid characters found.');

export const emptyBatchRequest = (entryType: string): AwsError =>
  sqsError('EmptyBatchRequest', `There should be at least one ${entryType} in the request.`, 400, 'AWS.SimpleQueueService.EmptyBatchRequest');

export const tooManyEntriesInBatchRequest = (count: number): AwsError =>
  sqsError(
    'TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
    400,
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  );

export const batchEntryIdsNotDistinct = (id: string): AwsError =>
  sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 400, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct');

export const invalidBatchEntryId = (): AwsError =>
  sqsError(
    'InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    400,
    'AWS.SimpleQueueService.InvalidBatchEntryId',
  );

/** An action the service does not know: the JSON protocol's generic code. */
export const invalidAction = (action: string): AwsError =>
  sqsError('InvalidAction', `The action ${action} is not valid for this endpoint.`, 400);
