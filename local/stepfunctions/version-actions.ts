/**
 * The Step Functions actions for versions and aliases, and the resolution of qualified ARNs that StartExecution,
 * StartSyncExecution, DescribeStateMachine and ListExecutions share. service.ts spreads these actions into its own.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cd-aliasing-versioning.html
 */
import { AwsError } from '../platform/aws-error';
import { AliasRegistry, assertAliasName, assertDescription, pickVersion, validateRouting, type RandomSource, type RoutingEntry } from './aliases';
import { parseStateMachineArn } from './arns';
import { VersionRegistry, type MachineSnapshot } from './versions';

type Body = Record<string, unknown>;

/** The revision a machine has before its first update, as PublishStateMachineVersion's `revisionId` names it. */
export const INITIAL_REVISION = 'INITIAL';

export interface VersionActionsDependencies {
  /** The unqualified state machine, or AWS's StateMachineDoesNotExist. */
  machine(arn: unknown): MachineSnapshot;
  now(): number;
  random: RandomSource;
}

/** What a StartExecution ARN resolved to: the snapshot to run and the version and alias to record. */
export interface ExecutionTarget {
  readonly snapshot: MachineSnapshot;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
}

const seconds = (ms: number) => ms / 1000;

/** ListStateMachineVersions/Aliases paging, validated as AWS does: maxResults ≤ 1000, tokens it issued. */
function strictPage<T>(items: T[], body: Body, key: string): Body {
  const max = body.maxResults ?? 0;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) throw new AwsError('ValidationException', `1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  if (max > 1000) throw new AwsError('ValidationException', `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`);
  let offset = 0;
  if (body.nextToken !== undefined) {
    const token = body.nextToken;
    if (typeof token !== 'string' || token.length > 1024) throw new AwsError('ValidationException', "1 validation error detected: Value at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024");
    const match = /^v1:(\d+)$/.exec(Buffer.from(token, 'base64').toString());
    if (!match) throw new AwsError('InvalidToken', `Invalid Token: '${token}'`);
    offset = Number(match[1]);
  }
  // maxResults 0 means the service default, 100 for these calls.
  const size = max === 0 ? 100 : max;
  const result: Body = { [key]: items.slice(offset, offset + size) };
  if (offset + size < items.length) result.nextToken = Buffer.from(`v1:${offset + size}`).toString('base64');
  return result;
}

export function createVersionActions(deps: VersionActionsDependencies) {
  const versions = new VersionRegistry();
  const aliases = new AliasRegistry();

  const versionExists = (arn: string): boolean => {
    const reference = parseStateMachineArn(arn);
    return reference.version !== undefined && versions.get(reference.machineArn, reference.version) !== undefined;
  };

  /** Publishes the machine's current revision (PublishStateMachineVersion, and Create/Update with `publish`). */
  function publish(machine: MachineSnapshot, description: unknown, revisionId?: unknown) {
    assertDescription(description);
    // "Only publish the state machine version if the current state machine's revision ID matches the specified ID."
    if (revisionId !== undefined && revisionId !== (machine.revisionId ?? INITIAL_REVISION)) {
      throw new AwsError('ConflictException', `Failed to publish the State Machine version for revision ${String(revisionId)}. The current State Machine revision is ${machine.revisionId ?? INITIAL_REVISION}.`);
    }
    return versions.publish(machine, deps.now(), description);
  }

  /**
   * `versionDescription` is only meaningful with `publish`; AWS refuses it otherwise [LS-snap versioning]. Returns
   * the version ARN to add to Create/UpdateStateMachine's answer, if one was published.
   */
  function publishOnRequest(body: Body, machine: () => MachineSnapshot): string | undefined {
    if (body.versionDescription !== undefined && body.publish !== true) {
      throw new AwsError('ValidationException', 'Version description can only be set when publish is true');
    }
    return body.publish === true ? publish(machine(), body.versionDescription).versionArn : undefined;
  }

  /**
   * What a StartExecution ARN runs. Unqualified: the current definition, no association even if a version has the
   * same revision. Version: that version. Alias: a version picked by weight, recorded with the alias.
   * https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
   */
  function resolve(arn: unknown): ExecutionTarget {
    const reference = parseStateMachineArn(arn);
    const machine = deps.machine(reference.machineArn);
    if (reference.version !== undefined) {
      const version = versions.get(machine.arn, reference.version);
      if (!version) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
      return { snapshot: version, stateMachineVersionArn: version.versionArn };
    }
    if (reference.alias !== undefined) {
      const alias = aliases.get(arn as string);
      if (!alias) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
      const chosen = pickVersion(alias.routingConfiguration, deps.random);
      const version = versions.get(machine.arn, parseStateMachineArn(chosen).version as number);
      // An alias never routes to a deleted version: DeleteStateMachineVersion refuses while an alias points at it.
      if (!version) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${chosen}'`);
      return { snapshot: version, stateMachineVersionArn: version.versionArn, stateMachineAliasArn: alias.aliasArn };
    }
    return { snapshot: machine };
  }

  const describeAlias = (arn: string): Body => {
    const alias = aliases.require(arn);
    return {
      stateMachineAliasArn: alias.aliasArn, name: alias.name, description: alias.description, routingConfiguration: alias.routingConfiguration,
      creationDate: seconds(alias.creationDate), updateDate: seconds(alias.updateDate),
    };
  };

  const aliasArnOf = (arn: unknown): string => {
    const reference = parseStateMachineArn(arn);
    if (reference.alias === undefined) throw new AwsError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    return arn as string;
  };

  const actions: Record<string, (body: Body) => Body> = {
    PublishStateMachineVersion(body) {
      const machine = deps.machine(parseUnqualified(body.stateMachineArn));
      const version = publish(machine, body.description, body.revisionId);
      return { stateMachineVersionArn: version.versionArn, creationDate: seconds(version.creationDate) };
    },
    ListStateMachineVersions(body) {
      const machine = deps.machine(parseUnqualified(body.stateMachineArn));
      const items = versions.list(machine.arn).map((version) => ({ stateMachineVersionArn: version.versionArn, creationDate: seconds(version.creationDate) }));
      return strictPage(items, body, 'stateMachineVersions');
    },
    DeleteStateMachineVersion(body) {
      const reference = parseStateMachineArn(body.stateMachineVersionArn);
      if (reference.version === undefined) throw new AwsError('InvalidArn', `Invalid Arn: '${String(body.stateMachineVersionArn)}'`);
      const holders = aliases.routingTo(body.stateMachineVersionArn as string);
      if (holders.length > 0) {
        throw new AwsError('ConflictException', `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${holders.join(', ')}]`);
      }
      // Running executions of the version carry their own snapshot and finish; deleting an absent version succeeds.
      versions.delete(reference.machineArn, reference.version);
      return {};
    },
    CreateStateMachineAlias(body) {
      assertAliasName(body.name);
      assertDescription(body.description);
      const { machineArn, routing } = validateRouting(body.routingConfiguration, versionExists);
      const { alias } = aliases.create({ machineArn, name: body.name, description: body.description, routing, now: deps.now() });
      return { stateMachineAliasArn: alias.aliasArn, creationDate: seconds(alias.creationDate) };
    },
    UpdateStateMachineAlias(body) {
      const arn = aliasArnOf(body.stateMachineAliasArn);
      // "You must specify at least one of the description or routingConfiguration parameters" (UpdateStateMachineAlias);
      // AWS's message for it is not recorded, so this one states the rule.
      if (body.description === undefined && body.routingConfiguration === undefined) {
        throw new AwsError('ValidationException', 'Either the description or the RoutingConfiguration must be specified');
      }
      const alias = aliases.require(arn);
      assertDescription(body.description);
      let routing: RoutingEntry[] | undefined;
      if (body.routingConfiguration !== undefined) {
        const validated = validateRouting(body.routingConfiguration, versionExists);
        if (validated.machineArn !== alias.machineArn) {
          throw new AwsError('ValidationException', `Routing configuration must contain versions of the alias's state machine. Received: [${validated.routing.map((entry) => entry.stateMachineVersionArn).join(', ')}]`);
        }
        routing = validated.routing;
      }
      // Validated in full above, then written in one step: a refused update leaves the alias as it was.
      const updated = aliases.update(arn, { description: body.description, routing, now: deps.now() });
      return { updateDate: seconds(updated.updateDate) };
    },
    DescribeStateMachineAlias(body) {
      return describeAlias(aliasArnOf(body.stateMachineAliasArn));
    },
    ListStateMachineAliases(body) {
      // "If you specify a state machine version ARN, this API returns a list of aliases for that version."
      const reference = parseStateMachineArn(body.stateMachineArn);
      if (reference.alias !== undefined) throw new AwsError('InvalidArn', `Invalid Arn: '${String(body.stateMachineArn)}'`);
      const machine = deps.machine(reference.machineArn);
      const routesToVersion = (routing: readonly RoutingEntry[]) => routing.some((entry) => entry.stateMachineVersionArn === body.stateMachineArn);
      const items = aliases.list(machine.arn)
        .filter((alias) => reference.version === undefined || routesToVersion(alias.routingConfiguration))
        .map((alias) => ({ stateMachineAliasArn: alias.aliasArn, creationDate: seconds(alias.creationDate) }));
      return strictPage(items, body, 'stateMachineAliases');
    },
    DeleteStateMachineAlias(body) {
      // Deleting an alias leaves its versions; a missing alias is ResourceNotFound.
      aliases.require(aliasArnOf(body.stateMachineAliasArn));
      aliases.delete(body.stateMachineAliasArn as string);
      return {};
    },
  };

  /**
   * DescribeStateMachine of a version ARN describes the version: its ARN as `stateMachineArn`, its revision,
   * description and creation date (DescribeStateMachine). Of an alias ARN: AWS documents no answer; this describes
   * the version that takes the larger share of the alias's executions (unverified).
   */
  function describeQualified(arn: unknown): { snapshot: MachineSnapshot; versionArn: string; description?: string; creationDate: number } | undefined {
    const reference = parseStateMachineArn(arn);
    if (reference.version === undefined && reference.alias === undefined) return undefined;
    let versionArnToDescribe = arn as string;
    if (reference.alias !== undefined) {
      const alias = aliases.get(arn as string);
      if (!alias) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
      const [largest] = [...alias.routingConfiguration].sort((a, b) => b.weight - a.weight);
      // validateRouting refuses an empty routing, so a stored alias always names a version.
      if (!largest) throw new Error(`describeQualified: alias ${String(arn)} has an empty routing configuration`);
      versionArnToDescribe = largest.stateMachineVersionArn;
    }
    const number = parseStateMachineArn(versionArnToDescribe).version as number;
    const version = versions.get(reference.machineArn, number);
    if (!version) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
    return { snapshot: version, versionArn: version.versionArn, description: version.description, creationDate: version.creationDate };
  }

  return {
    actions,
    resolve,
    describeQualified,
    publishOnRequest,
    /** DeleteStateMachine: "deletes all the versions and aliases of the state machine". */
    forget(machineArn: string) {
      versions.deleteAll(machineArn);
      aliases.deleteAll(machineArn);
    },
  };
}

/** Calls that take only an unqualified state machine ARN (ListStateMachineVersions, ...) refuse a qualified one. */
function parseUnqualified(arn: unknown): string {
  const reference = parseStateMachineArn(arn);
  if (reference.version !== undefined || reference.alias !== undefined) throw new AwsError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
  return reference.machineArn;
}

export type VersionActions = ReturnType<typeof createVersionActions>;
