/**
 * `POST /orders`: parse the body, place the order (lib/orders/place-order), answer 202 with the execution ARN and the
 * status URL, or 400/409/413 with a JSON body. Anything else is a bug and becomes API Gateway's 502/500.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { orderSettings } from '../../lib/config';
import { HttpError, jsonResponse } from '../../lib/http/api-response';
import { readJsonBody } from '../../lib/http/json-body';
import { apiBaseUrl, orderStatusUrl } from '../../lib/http/resource-url';
import { createDynamoDbCatalog } from '../../lib/orders/dynamodb-catalog';
import { createDynamoDbOrderStore } from '../../lib/orders/dynamodb-order-store';
import { OrderConflict, ValidationError } from '../../lib/orders/errors';
import { createStepFunctionsOrderWorkflow } from '../../lib/orders/order-workflow';
import { placeOrder } from '../../lib/orders/place-order';
import { instrumented, logger, metrics, tracer } from '../../lib/powertools';

const settings = orderSettings();
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const dependencies = {
  catalog: createDynamoDbCatalog(settings.inventoryTableName, dynamodb),
  orders: createDynamoDbOrderStore(settings.ordersTableName, dynamodb),
  workflow: createStepFunctionsOrderWorkflow(settings.orderStateMachineArn, tracer.captureAWSv3Client(new SFNClient({}))),
};

async function createOrder(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  try {
    const accepted = await placeOrder(readJsonBody(event), dependencies);
    logger.appendKeys({ orderId: accepted.orderId });
    logger.info('Order accepted');
    metrics.addMetric('OrdersAccepted', MetricUnit.Count, 1);
    return jsonResponse(202, { ...accepted, statusUrl: orderStatusUrl(apiBaseUrl(event, settings.apiUrl), accepted.orderId) });
  } catch (error) {
    if (error instanceof HttpError) return error.toResponse();
    if (error instanceof ValidationError) {
      // Field names and messages only: the body (with its payment token) is never logged.
      logger.info('Order refused', { fields: error.issues.map((issue) => issue.field) });
      return jsonResponse(400, { message: 'Invalid order', errors: error.issues });
    }
    if (error instanceof OrderConflict) return jsonResponse(409, { message: error.message, orderId: error.orderId });
    throw error;
  }
}

export const handler = instrumented(createOrder);
