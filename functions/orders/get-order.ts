/** `GET /orders/{orderId}`: the order's status and, for REJECTED and FAILED, the reason; 404 for an unknown id. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { orderSettings } from '../../lib/config';
import { jsonResponse } from '../../lib/http/api-response';
import { createDynamoDbOrderStore } from '../../lib/orders/dynamodb-order-store';
import { isOrderId } from '../../lib/orders/order-id';
import { orderView } from '../../lib/orders/order-record';
import { instrumented, tracer } from '../../lib/powertools';

const orders = createDynamoDbOrderStore(orderSettings().ordersTableName, tracer.captureAWSv3Client(new DynamoDBClient({})));

async function getOrder(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const orderId = event.pathParameters?.orderId ?? '';
  // An id the API could never have accepted cannot exist: no table read for it.
  const record = isOrderId(orderId) ? await orders.get(orderId) : undefined;
  if (!record) return jsonResponse(404, { message: `Order ${orderId} not found` });
  return jsonResponse(200, orderView(record));
}

export const handler = instrumented(getOrder);
