/**
 * What CloudFormation does for an AWS::StepFunctions::StateMachineAlias with a DeploymentPreference when the alias
 * moves to a new version: shift traffic (CANARY: Percentage, then the rest after Interval minutes; LINEAR: Percentage
 * more every Interval minutes; ALL_AT_ONCE: everything), watch the Alarms meanwhile, and roll the alias back to the
 * old version if any goes into ALARM. Time is the runtime's clock, so a ten-minute canary runs in a test's instant.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cd-aliasing-versioning.html (gradual deployments)
 */
import { UpdateStateMachineAliasCommand, type RoutingConfigurationListItem, type SFNClient } from '@aws-sdk/client-sfn';
import type { AlarmState } from '../cloudwatch/alarms';
import type { Clock } from '../engine/ports';

export interface DeploymentPreference {
  readonly type: 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR';
  /** The version the alias points to, 100 %, when the deployment completes. */
  readonly stateMachineVersionArn: string;
  /** 1-99: the canary's share, or each linear step. */
  readonly percentage?: number;
  /** 1-2100 minutes between shifts. */
  readonly interval?: number;
  /** Alarm names; one in ALARM rolls the deployment back. */
  readonly alarms?: readonly string[];
}

export interface AliasDeploymentOutcome {
  readonly status: 'SUCCEEDED' | 'ROLLED_BACK' | 'CANCELLED';
  /** The alarm that rolled it back. */
  readonly alarm?: string;
}

export interface AliasDeployerOptions {
  readonly clock: Clock;
  /** The state of an alarm by name at a time; unknown alarms are OK. */
  readonly alarms: { state(alarmName: string, now: number): AlarmState };
  readonly log?: (line: string) => void;
}

/** CloudWatch evaluates an alarm once a minute; the deployment looks at its alarms as often. */
const ALARM_CHECK_MS = 60_000;

/** The weights, in percent, the new version takes at each step before 100. */
export function shiftSteps(preference: DeploymentPreference): number[] {
  if (preference.type === 'ALL_AT_ONCE') return [];
  const percentage = preference.percentage ?? 0;
  if (preference.type === 'CANARY') return [percentage];
  const steps: number[] = [];
  for (let weight = percentage; weight < 100; weight += percentage) steps.push(weight);
  return steps;
}

/** Runs alias deployments in the background on the runtime clock; `close()` cancels the ones still running. */
export class AliasDeployer {
  private readonly running = new Set<Promise<AliasDeploymentOutcome>>();
  /** Every deployment that has ended, oldest first, for the banner, logs and tests. */
  readonly finished: (AliasDeploymentOutcome & { readonly aliasArn: string })[] = [];
  private readonly controller = new AbortController();

  constructor(private readonly options: AliasDeployerOptions) {}

  /** Starts moving the alias from `fromVersionArn` to the preference's version; resolves when it has finished. */
  start(sfn: SFNClient, aliasArn: string, fromVersionArn: string, preference: DeploymentPreference): Promise<AliasDeploymentOutcome> {
    const deployment = this.run(sfn, aliasArn, fromVersionArn, preference)
      .then((outcome) => {
        this.finished.push({ aliasArn, ...outcome });
        return outcome;
      })
      .finally(() => this.running.delete(deployment));
    this.running.add(deployment);
    return deployment;
  }

  /** Every deployment still running (tests wait for them). */
  settled(): Promise<AliasDeploymentOutcome[]> {
    return Promise.all([...this.running]);
  }

  async close(): Promise<void> {
    this.controller.abort(new Error('The runtime shut down'));
    await Promise.allSettled([...this.running]);
  }

  private async run(sfn: SFNClient, aliasArn: string, fromVersionArn: string, preference: DeploymentPreference): Promise<AliasDeploymentOutcome> {
    const { log } = this.options;
    const toVersionArn = preference.stateMachineVersionArn;
    const route = (routingConfiguration: RoutingConfigurationListItem[]) => sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: aliasArn, routingConfiguration }));
    const intervalMs = (preference.interval ?? 0) * 60_000;
    try {
      for (const weight of shiftSteps(preference)) {
        await route([{ stateMachineVersionArn: fromVersionArn, weight: 100 - weight }, { stateMachineVersionArn: toVersionArn, weight }]);
        log?.(`${aliasArn}: ${weight} % to ${toVersionArn} for ${preference.interval} min`);
        const alarm = await this.watch(intervalMs, preference.alarms ?? []);
        if (alarm) {
          // Rolling back routes everything to the old version again; executions already on the new one finish there.
          await route([{ stateMachineVersionArn: fromVersionArn, weight: 100 }]);
          log?.(`${aliasArn}: alarm ${alarm} in ALARM, rolled back to ${fromVersionArn}`);
          return { status: 'ROLLED_BACK', alarm };
        }
      }
      await route([{ stateMachineVersionArn: toVersionArn, weight: 100 }]);
      log?.(`${aliasArn}: 100 % to ${toVersionArn}`);
      return { status: 'SUCCEEDED' };
    } catch (error) {
      if (this.controller.signal.aborted) return { status: 'CANCELLED' };
      throw error;
    }
  }

  /** Waits `ms` of runtime time, checking the alarms every minute; returns the first alarm found in ALARM. */
  private async watch(ms: number, alarms: readonly string[]): Promise<string | undefined> {
    const { clock } = this.options;
    const end = clock.now() + ms;
    while (clock.now() < end) {
      await clock.sleep(Math.min(ALARM_CHECK_MS, end - clock.now()), this.controller.signal);
      const now = clock.now();
      const firing = alarms.find((name) => this.options.alarms.state(name, now) === 'ALARM');
      if (firing) return firing;
    }
    return undefined;
  }
}
