/**
 * SNS errors as the query protocol carries them. Each has the Smithy shape name SDK v3 raises (`NotFoundException`)
 * and the query code the XML `<Code>` carries (`NotFound`); AWS's messages start with `Invalid parameter: ` for the
 * whole InvalidParameter family, so code matching on the message keeps working locally.
 * https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html
 */
import { AwsError } from '../platform/aws-error';

function snsError(shape: string, queryCode: string, message: string, statusCode = 400): AwsError {
  return new AwsError(shape, message, statusCode, { queryCode, messageMember: 'message' });
}

/** A topic, subscription or endpoint that is not there: AWS's 404. */
export const notFound = (message: string): AwsError => snsError('NotFoundException', 'NotFound', message, 404);

export const topicNotFound = (): AwsError => notFound('Topic does not exist');

export const subscriptionNotFound = (): AwsError => notFound('Subscription does not exist');

/** `Invalid parameter: <what>`, AWS's wording for every malformed or missing parameter of SNS. */
export const invalidParameter = (what: string): AwsError => snsError('InvalidParameterException', 'InvalidParameter', `Invalid parameter: ${what}`);

/** A message attribute's value that does not fit its data type. */
export const invalidParameterValue = (message: string): AwsError => snsError('InvalidParameterValueException', 'ParameterValueInvalid', message);

export const emptyBatchRequest = (): AwsError => snsError('EmptyBatchRequestException', 'EmptyBatchRequest', "The batch request doesn't contain any entries.");

export const tooManyEntriesInBatchRequest = (): AwsError =>
  snsError('TooManyEntriesInBatchRequestException', 'TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');

export const batchEntryIdsNotDistinct = (): AwsError =>
  snsError('BatchEntryIdsNotDistinctException', 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');

export const invalidBatchEntryId = (): AwsError =>
  snsError('InvalidBatchEntryIdException', 'InvalidBatchEntryId', "The Id of a batch entry in a batch request doesn't abide by the specification.");

export const batchRequestTooLong = (): AwsError =>
  snsError('BatchRequestTooLongException', 'BatchRequestTooLong', 'The length of all the messages put together is more than the limit.');

/** An action SNS has that the local runtime does not serve, or no action at all. */
export const invalidAction = (action: string): AwsError =>
  new AwsError('InvalidAction', action === '' ? 'The request names no Action.' : `The action ${action} is not valid for this endpoint.`, 400);
