/**
 * `GET /approvals/{approvalId}?expires&signature`: the approval page (lib/approvals/show-approval). Read only:
 * a mail scanner that opens the link changes nothing. Logs the approval id and the status, never the link's
 * signature, the CSRF token or the cookie (logEvent is forced off, whatever POWERTOOLS_LOGGER_LOG_EVENT says).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDynamoDbApprovalStore } from '../../lib/approvals/dynamodb-approval-store';
import { approvalHttpRequest, approvalSite } from '../../lib/approvals/http-request';
import { problemResponse } from '../../lib/approvals/pages/problem-pages';
import { showApproval } from '../../lib/approvals/show-approval';
import { loadSigningKey } from '../../lib/approvals/signing-key';
import { approvalSettings } from '../../lib/config';
import { instrumented, logger, tracer } from '../../lib/powertools';

const settings = approvalSettings();
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
const store = createDynamoDbApprovalStore(documents, settings.approvalsTableName);
const site = approvalSite(settings.approvalBaseUrl);

async function showApprovalPage(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const request = approvalHttpRequest(event);
  logger.appendKeys({ approvalId: request.approvalId });
  try {
    const response = await showApproval(request, { store, site, signingKey: await loadSigningKey() });
    logger.info('Approval page served', { statusCode: response.statusCode });
    return response;
  } catch (error) {
    logger.error('Approval page failed', error as Error);
    return problemResponse('unavailable');
  }
}

export const handler = instrumented(showApprovalPage, { logEvent: false });
