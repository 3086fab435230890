/**
 * `npm run seed`: loads sample products into the inventory table of a running local stack (`npm start`). It reads
 * the stack outputs `npm start` wrote (`.local/stack-outputs.json`: EdgeEndpoint and InventoryTableName) and writes
 * through the DynamoDB API at the edge, as any client would. Prices are integer cents.
 * Options: `--outputs <file>` to read another outputs file.
 */
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readStackOutputs } from './stack-outputs';

interface SampleProduct {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
  readonly stock: number;
}

/** A small catalogue: everyday items, one scarce item for out-of-stock demos, one expensive enough to need approval. */
export const SAMPLE_PRODUCTS: readonly SampleProduct[] = [
  { productId: 'mug', name: 'Enamel mug', priceCents: 1250, stock: 100 },
  { productId: 'tea', name: 'Loose-leaf tea, 250 g', priceCents: 899, stock: 250 },
  { productId: 'kettle', name: 'Gooseneck kettle', priceCents: 5900, stock: 20 },
  { productId: 'limited-print', name: 'Signed print (limited)', priceCents: 4500, stock: 3 },
  { productId: 'espresso-machine', name: 'Espresso machine', priceCents: 149_900, stock: 5 },
];

/** Writes the products in batches of 25 (BatchWriteItem's limit), retrying unprocessed items. */
export async function seedInventory(client: DynamoDBClient, tableName: string, products: readonly SampleProduct[] = SAMPLE_PRODUCTS): Promise<void> {
  for (let start = 0; start < products.length; start += 25) {
    let requests = products.slice(start, start + 25).map((product) => ({
      PutRequest: {
        Item: { productId: { S: product.productId }, name: { S: product.name }, priceCents: { N: String(product.priceCents) }, stock: { N: String(product.stock) } },
      },
    }));
    for (let round = 0; requests.length > 0; round += 1) {
      if (round === 5) throw new Error('Inventory writes still unprocessed after 5 rounds');
      const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}

async function main(): Promise<void> {
  const { EdgeEndpoint: endpoint, InventoryTableName: tableName } = readStackOutputs(process.argv, { required: ['EdgeEndpoint', 'InventoryTableName'], stack: 'the order stack' });
  const client = new DynamoDBClient({ endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    await seedInventory(client, tableName);
    process.stdout.write(`Seeded ${SAMPLE_PRODUCTS.length} products into ${tableName} at ${endpoint}:\n`);
    for (const product of SAMPLE_PRODUCTS) process.stdout.write(`  ${product.productId.padEnd(18)} ${(product.priceCents / 100).toFixed(2).padStart(9)}  stock ${product.stock}\n`);
  } finally {
    client.destroy();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
