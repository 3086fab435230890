/**
 * The value, or a failed test naming `what` when it is missing: for array elements, record entries and regex
 * groups that the test needs before it can assert anything about them.
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, found undefined`);
  return value;
}
