/**
 * State machine aliases: a name that routes each new execution to one version, or splits executions between two
 * versions by weight. https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-alias.html
 * Validation messages are AWS's as LocalStack's AWS-validated snapshots record them (test_sfn_api_aliasing).
 */
import { AwsError } from '../platform/aws-error';
import { aliasArn, parseStateMachineArn } from './arns';

export interface RoutingEntry {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

export interface StateMachineAlias {
  readonly aliasArn: string;
  readonly machineArn: string;
  readonly name: string;
  readonly description?: string;
  readonly routingConfiguration: readonly RoutingEntry[];
  readonly creationDate: number;
  readonly updateDate: number;
}

/** "You can create up to 100 aliases for each state machine." (CreateStateMachineAlias) */
export const MAX_ALIASES_PER_MACHINE = 100;

/**
 * AWS's alias name pattern: 1-80 letters, digits, `_`, `-`, `.`, with at least one non-digit so that an alias ARN
 * never reads as a version ARN. https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html
 */
const ALIAS_NAME_PATTERN = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;
const ALIAS_NAME_PATTERN_TEXT = '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$';

/** AWS's request-validation message shape: `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`. */
const constraint = (value: unknown, at: string, rule: string) =>
  new AwsError('ValidationException', `1 validation error detected: Value '${String(value)}' at '${at}' failed to satisfy constraint: ${rule}`);

export function assertAliasName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw constraint(name ?? 'null', 'name', 'Member must not be null');
  if (name.length > 80) throw constraint(name, 'name', 'Member must have length less than or equal to 80');
  if (!ALIAS_NAME_PATTERN.test(name)) throw constraint(name, 'name', `Member must satisfy regular expression pattern: ${ALIAS_NAME_PATTERN_TEXT}`);
}

export function assertDescription(description: unknown): asserts description is string | undefined {
  if (description === undefined) return;
  if (typeof description !== 'string' || description.length > 256) throw constraint(description, 'description', 'Member must have length less than or equal to 256');
}

/** Answers whether a version ARN names a published version (the registry's lookup). */
export type VersionExists = (versionArn: string) => boolean;

/**
 * Checks a routing configuration in AWS's order (length, distinct ARNs, weights, sum, then what the ARNs name) and
 * returns it with the state machine it belongs to. Every check runs before anything is written, so a refused
 * update leaves the alias exactly as it was.
 */
export function validateRouting(routing: unknown, versionExists: VersionExists): { machineArn: string; routing: RoutingEntry[] } {
  if (!Array.isArray(routing) || routing.length === 0) throw constraint(JSON.stringify(routing ?? null), 'routingConfiguration', 'Member must have length greater than or equal to 1');
  const entries = routing.map((item: unknown) => {
    const { stateMachineVersionArn, weight } = (item ?? {}) as Record<string, unknown>;
    return { stateMachineVersionArn: String(stateMachineVersionArn), weight: weight as number };
  });
  const arns = entries.map((entry) => entry.stateMachineVersionArn);
  const received = `[${arns.join(', ')}]`;
  if (entries.length > 2) {
    const dump = entries.map((entry) => `RoutingConfigurationListItem(stateMachineVersionArn=${entry.stateMachineVersionArn}, weight=${entry.weight})`).join(', ');
    throw constraint(`[${dump}]`, 'routingConfiguration', 'Member must have length less than or equal to 2');
  }
  if (new Set(arns).size < arns.length) throw new AwsError('ValidationException', `Routing configuration must contain distinct state machine version ARNs. Received: ${received}`);
  entries.forEach((entry, index) => {
    if (!Number.isInteger(entry.weight) || entry.weight < 0) {
      throw new AwsError('ValidationException', `Invalid value for parameter routingConfiguration[${index + 1}].weight, value: ${String(entry.weight)}, valid min value: 0`);
    }
    if (entry.weight > 100) throw constraint(entry.weight, `routingConfiguration.${index + 1}.member.weight`, 'Member must have value less than or equal to 100');
  });
  const weights = entries.map((entry) => entry.weight);
  if (weights.reduce((sum, weight) => sum + weight, 0) !== 100) {
    throw new AwsError('ValidationException', `Sum of routing configuration weights must equal 100. Received: ${JSON.stringify(weights)}`);
  }
  // An unqualified ARN, an alias ARN, a malformed ARN and a deleted version all fail alike: not a version ARN.
  const notVersions = new AwsError('ValidationException', `Routing configuration must contain state machine version ARNs. Received: ${received}`);
  const machines = new Set<string>();
  for (const arn of arns) {
    let reference;
    try {
      reference = parseStateMachineArn(arn);
    } catch {
      throw notVersions;
    }
    if (reference.version === undefined || !versionExists(arn)) throw notVersions;
    machines.add(reference.machineArn);
  }
  // "If you specify the ARN of a second version, it must belong to the same state machine as the first version."
  // (RoutingConfigurationListItem). AWS's message for this case is not recorded; this one names the rule.
  const [machineArn, ...others] = machines;
  if (others.length > 0) throw new AwsError('ValidationException', `Routing configuration must contain versions of the same state machine. Received: ${received}`);
  // The length check above refused an empty routing, so at least one version ARN named a machine.
  if (machineArn === undefined) throw new Error('validateRouting: a non-empty routing named no state machine');
  return { machineArn, routing: entries };
}

const sameRouting = (a: readonly RoutingEntry[], b: readonly RoutingEntry[]) =>
  a.length === b.length && a.every((entry, index) => entry.stateMachineVersionArn === b[index]?.stateMachineVersionArn && entry.weight === b[index]?.weight);

export class AliasRegistry {
  private readonly aliases = new Map<string, StateMachineAlias>();

  /**
   * Creates the alias, or returns it when the same request was made before: AWS bases CreateStateMachineAlias's
   * idempotency on the state machine, description, name and routing configuration.
   */
  create(args: { machineArn: string; name: string; description?: string; routing: RoutingEntry[]; now: number }): { alias: StateMachineAlias; created: boolean } {
    const arn = aliasArn(args.machineArn, args.name);
    const existing = this.aliases.get(arn);
    if (existing) {
      if (existing.description === args.description && sameRouting(existing.routingConfiguration, args.routing)) return { alias: existing, created: false };
      throw new AwsError('ConflictException', 'Failed to create alias because an alias with the same name and a different routing configuration already exists.');
    }
    if (this.list(args.machineArn).length >= MAX_ALIASES_PER_MACHINE) {
      throw new AwsError('ServiceQuotaExceededException', `The state machine ${args.machineArn} already has ${MAX_ALIASES_PER_MACHINE} aliases`, 402);
    }
    const alias: StateMachineAlias = {
      aliasArn: arn, machineArn: args.machineArn, name: args.name, routingConfiguration: args.routing, creationDate: args.now, updateDate: args.now,
      ...(args.description === undefined ? {} : { description: args.description }),
    };
    this.aliases.set(arn, alias);
    return { alias, created: true };
  }

  /** Replaces the alias in one step: a reader sees the old alias or the new one, never a mix. */
  update(arn: string, changes: { description?: string; routing?: RoutingEntry[]; now: number }): StateMachineAlias {
    const alias = this.require(arn);
    const updated: StateMachineAlias = {
      ...alias,
      ...(changes.description === undefined ? {} : { description: changes.description }),
      routingConfiguration: changes.routing ?? alias.routingConfiguration,
      updateDate: changes.now,
    };
    this.aliases.set(arn, updated);
    return updated;
  }

  get(arn: string): StateMachineAlias | undefined {
    return this.aliases.get(arn);
  }

  /** "Request references a resource that does not exist." is AWS's message for an unknown alias [LS-snap]. */
  require(arn: string): StateMachineAlias {
    const alias = this.aliases.get(arn);
    if (!alias) throw new AwsError('ResourceNotFound', 'Request references a resource that does not exist.');
    return alias;
  }

  list(machineArn: string): StateMachineAlias[] {
    return [...this.aliases.values()].filter((alias) => alias.machineArn === machineArn);
  }

  /** Names of the aliases that route to this version, for DeleteStateMachineVersion's refusal. */
  routingTo(versionArn: string): string[] {
    return [...this.aliases.values()].filter((alias) => alias.routingConfiguration.some((entry) => entry.stateMachineVersionArn === versionArn)).map((alias) => alias.name);
  }

  delete(arn: string): void {
    this.aliases.delete(arn);
  }

  deleteAll(machineArn: string): void {
    for (const alias of this.list(machineArn)) this.aliases.delete(alias.aliasArn);
  }
}

/** A source of uniform numbers in [0, 1); injected so tests can fix the seed of weighted routing. */
export type RandomSource = () => number;

/**
 * Picks the version an execution started through the alias runs: "Step Functions randomly chooses which version
 * runs a given execution based on the percentage you specify" (CreateStateMachineAlias).
 */
export function pickVersion(routing: readonly RoutingEntry[], random: RandomSource): string {
  const roll = random() * 100;
  let cumulative = 0;
  for (const entry of routing) {
    cumulative += entry.weight;
    if (roll < cumulative) return entry.stateMachineVersionArn;
  }
  // Unreachable for a validated routing (weights sum to 100 and the roll is below 100); kept for type safety.
  const last = routing.at(-1);
  if (!last) throw new Error('pickVersion: an alias with an empty routing configuration');
  return last.stateMachineVersionArn;
}

/** A small seeded generator (mulberry32) for reproducible routing in tests and benchmarks. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
