/**
 * The ProductCatalog adapter for the inventory table: one BatchGetItem per 100 ids (the API's limit), strongly
 * consistent so that a product added a moment ago is found, unprocessed keys asked again as the API asks callers to
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogUnavailable } from './errors';
import type { Product, ProductCatalog } from './pricing';

const BATCH_LIMIT = 100;
const MAX_ROUNDS = 8;

/** A row as stored, checked: a price or stock that is not an integer is a data error, never silently rounded. */
export function productFromItem(item: Record<string, unknown>): Product {
  const { productId, name, priceCents, stock } = item;
  if (typeof productId !== 'string' || !Number.isSafeInteger(priceCents) || (priceCents as number) < 0 || !Number.isSafeInteger(stock)) {
    throw new Error(`Inventory item ${JSON.stringify(productId)} is malformed: priceCents and stock must be integers`);
  }
  return { productId, name: typeof name === 'string' ? name : productId, priceCents: priceCents as number, stock: stock as number };
}

export function createDynamoDbCatalog(tableName: string, client: DynamoDBClient = new DynamoDBClient({})): ProductCatalog {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    async findProducts(productIds) {
      const found = new Map<string, Product>();
      const unique = [...new Set(productIds)];
      for (let start = 0; start < unique.length; start += BATCH_LIMIT) {
        let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_LIMIT).map((productId) => ({ productId }));
        for (let round = 0; keys.length > 0; round += 1) {
          if (round === MAX_ROUNDS) throw new CatalogUnavailable(`Inventory reads still unprocessed after ${MAX_ROUNDS} rounds`);
          const answer = await documents.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
          for (const item of answer.Responses?.[tableName] ?? []) {
            const product = productFromItem(item);
            found.set(product.productId, product);
          }
          keys = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
          if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
        }
      }
      return found;
    },
  };
}
