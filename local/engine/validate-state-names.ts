/**
 * State names, checked across the whole definition at creation:
 * - "A state is referred to by its name, which can be any string, but which must be unique within the scope of the
 *   entire state machine" (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html): a Parallel
 *   branch or Map processor may not reuse a name used anywhere else in the machine;
 * - "State names MUST have length of less than or equal to 80 Unicode characters" (https://states-language.net/spec.html#states-fields).
 */

type JsonObject = Record<string, unknown>;

const MAX_STATE_NAME_LENGTH = 80;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every state-name problem of a definition, as AWS-style diagnostic lines. */
export function stateNameProblems(root: JsonObject): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const pending: Array<{ owner: JsonObject; at: string }> = [{ owner: root, at: '' }];
  // Breadth-first, so that the outer name is the one kept and the nested reuse is the one reported.
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const { owner, at } = next;
    if (!isObject(owner.States)) continue;
    for (const [name, state] of Object.entries(owner.States)) {
      const stateAt = `${at}/States/${name}`;
      // Unicode characters, not UTF-16 units: an emoji is one character.
      if ([...name].length > MAX_STATE_NAME_LENGTH) {
        problems.push(`SCHEMA_VALIDATION_FAILED: The state name '${name}' is longer than ${MAX_STATE_NAME_LENGTH} characters at ${stateAt}`);
      }
      if (seen.has(name)) problems.push(`DUPLICATE_STATE_NAME: Duplicate State name: ${name} at ${stateAt}`);
      seen.add(name);
      if (!isObject(state)) continue;
      if (Array.isArray(state.Branches)) {
        state.Branches.forEach((branch, index) => {
          if (isObject(branch)) pending.push({ owner: branch, at: `${stateAt}/Branches[${index}]` });
        });
      }
      for (const field of ['ItemProcessor', 'Iterator']) {
        const processor = state[field];
        if (isObject(processor)) pending.push({ owner: processor, at: `${stateAt}/${field}` });
      }
    }
  }
  return problems;
}
