/**
 * The subscription protocols the runtime delivers to, and what a valid endpoint of each looks like. SQS and Lambda
 * endpoints are ARNs; email endpoints are addresses, delivered into the local inbox.
 * https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
 */
import { invalidParameter } from './errors';

export const DELIVERY_PROTOCOLS = ['sqs', 'lambda', 'email', 'email-json'] as const;
export type DeliveryProtocol = (typeof DELIVERY_PROTOCOLS)[number];

const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(?:\.fifo)?$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;
const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** AWS's wording for each protocol's malformed endpoint. */
export function validateEndpoint(protocol: DeliveryProtocol, endpoint: string): void {
  if (protocol === 'sqs' && !QUEUE_ARN.test(endpoint)) throw invalidParameter('SQS endpoint ARN');
  if (protocol === 'lambda' && !FUNCTION_ARN.test(endpoint)) throw invalidParameter('Lambda endpoint ARN');
  if ((protocol === 'email' || protocol === 'email-json') && !EMAIL_ADDRESS.test(endpoint)) throw invalidParameter('Email address');
}
