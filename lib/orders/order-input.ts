/**
 * What a client may send to place an order, as one zod schema shared by the API (`POST /orders`) and the workflow's
 * ValidateOrder step: the state machine can be started by anyone allowed `states:StartExecution`, so it re-checks.
 * Prices are deliberately absent: they come from the inventory table, never from the client.
 */
import { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors';
import { ORDER_ID_PATTERN, ORDER_ID_RULE } from './order-id';

/**
 * TransactWriteItems takes at most 100 actions and reserving stock writes one per line
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
 */
export const MAX_ORDER_LINES = 100;
export const MAX_QUANTITY = 1000;

const lineSchema = z.object({
  productId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _ and -'),
  quantity: z.int().min(1).max(MAX_QUANTITY),
});

export const orderInputSchema = z.object({
  orderId: z.string().regex(ORDER_ID_PATTERN, ORDER_ID_RULE),
  customer: z.object({ email: z.email().max(254) }),
  items: z
    .array(lineSchema)
    .min(1)
    .max(MAX_ORDER_LINES)
    // One transaction may not touch the same item twice (DynamoDB refuses it), and two lines for one product are
    // almost always a client bug: ask for one line with the summed quantity.
    .superRefine((items, context) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (typeof item?.productId !== 'string') return;
        if (seen.has(item.productId)) context.addIssue({ code: 'custom', path: [index, 'productId'], message: `duplicate product ${item.productId}: send one line per product` });
        seen.add(item.productId);
      });
    }),
  paymentToken: z.string().min(1).max(255),
});

export type OrderInput = z.infer<typeof orderInputSchema>;
export type OrderLine = OrderInput['items'][number];

/** `['items', 0, 'quantity']` → `items[0].quantity`; the root is `body`. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name === '' ? String(key) : `${name}.${String(key)}`), '');
}

/** Every issue zod found, one per field, so the client can fix them all at once. */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: fieldName(issue.path), message: issue.message }));
}

/** The order as typed data, or a ValidationError listing every invalid field. Unknown fields are dropped. */
export function parseOrderInput(value: unknown): OrderInput {
  const parsed = orderInputSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(issuesOf(parsed.error));
  return parsed.data;
}
