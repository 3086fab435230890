/**
 * Applies a plan's versions, alarms and aliases as CloudFormation would after the state machines: publish each
 * version, register the alarms (with the new version numbers in their dimensions), then create or move each alias.
 * An alias with a DeploymentPreference that already routes elsewhere moves gradually through the AliasDeployer;
 * a new alias starts at 100 % on its version, as there is nothing to shift from.
 */
import {
  CreateStateMachineAliasCommand,
  DescribeStateMachineAliasCommand,
  PublishStateMachineVersionCommand,
  ResourceNotFound,
  UpdateStateMachineAliasCommand,
  SFNClient,
  type RoutingConfigurationListItem,
  type SFNClientConfig,
} from '@aws-sdk/client-sfn';
import type { MetricAlarm } from '../cloudwatch/alarms';
import type { AliasDeployer } from './alias-deployment';
import type { StateMachineAliasPlan, VersionsPlan } from './plan-versions';
import { withVersionNumbers } from './resource-identities';

export interface VersionTargets {
  /** Runs gradual alias deployments on the runtime clock; without one, an alias moves all at once. */
  readonly aliasDeployer?: AliasDeployer;
  /** Where the stack's alarms go, for the deployments to watch. */
  readonly alarms?: { put(alarm: MetricAlarm): void };
  readonly log?: (line: string) => void;
}

async function currentRouting(sfn: SFNClient, aliasArn: string): Promise<RoutingConfigurationListItem[] | undefined> {
  try {
    return (await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }))).routingConfiguration ?? [];
  } catch (error) {
    if (error instanceof ResourceNotFound) return undefined;
    throw error;
  }
}

async function applyAlias(sfn: SFNClient, alias: StateMachineAliasPlan, targets: VersionTargets, clientConfig: SFNClientConfig): Promise<void> {
  const preference = alias.deploymentPreference;
  const target: RoutingConfigurationListItem[] = alias.routingConfiguration
    ? alias.routingConfiguration.map((entry) => ({ ...entry }))
    : [{ stateMachineVersionArn: preference?.stateMachineVersionArn, weight: 100 }];
  const current = await currentRouting(sfn, alias.aliasArn);
  if (current === undefined) {
    await sfn.send(new CreateStateMachineAliasCommand({ name: alias.name, description: alias.description, routingConfiguration: target }));
    return;
  }
  if (JSON.stringify(current) === JSON.stringify(target)) return;
  // The version to shift away from: the one the alias routes to that is not the new one (the larger, if two).
  const from = [...current].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0)).find((entry) => entry.stateMachineVersionArn !== preference?.stateMachineVersionArn);
  if (preference && preference.type !== 'ALL_AT_ONCE' && from?.stateMachineVersionArn && targets.aliasDeployer) {
    // Like CloudFormation's stack update, the deployment goes on after this call; the runtime serves meanwhile.
    // It outlives the deploy's client, so it gets its own.
    const client = new SFNClient(clientConfig);
    void targets.aliasDeployer.start(client, alias.aliasArn, from.stateMachineVersionArn, preference)
      .catch((error: unknown) => targets.log?.(`${alias.aliasArn}: deployment failed: ${String(error)}`))
      .finally(() => client.destroy());
    return;
  }
  await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: alias.aliasArn, description: alias.description, routingConfiguration: target }));
}

export async function applyVersions(sfn: SFNClient, plan: VersionsPlan, targets: VersionTargets, clientConfig: SFNClientConfig): Promise<void> {
  const published = new Map<string, number>();
  for (const version of plan.stateMachineVersions) {
    const { stateMachineVersionArn } = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: version.stateMachineArn, description: version.description }));
    published.set(version.logicalId, Number(String(stateMachineVersionArn).split(':').pop()));
  }
  for (const alarm of withVersionNumbers(plan.alarms, published)) targets.alarms?.put(alarm);
  for (const alias of withVersionNumbers(plan.stateMachineAliases, published)) await applyAlias(sfn, alias, targets, clientConfig);
}
