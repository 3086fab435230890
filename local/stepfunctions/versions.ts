/**
 * State machine versions: immutable, numbered snapshots of a state machine's definition and configuration.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html
 */
import { AwsError } from '../platform/aws-error';
import type { StateMachineDefinition, StateMachineType } from '../engine/types';
import { versionArn } from './arns';

/** What a version freezes of its state machine: everything an execution needs, plus the revision it was taken at. */
export interface MachineSnapshot {
  readonly arn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly definitionText: string;
  readonly definition: StateMachineDefinition;
  readonly roleArn: string;
  /** Absent until the first update: PublishStateMachineVersion calls that state `INITIAL`. */
  readonly revisionId?: string;
  readonly loggingConfiguration: unknown;
  readonly tracingConfiguration: unknown;
}

export interface StateMachineVersion extends MachineSnapshot {
  /** The version ARN, `<machine ARN>:<number>`. */
  readonly versionArn: string;
  readonly number: number;
  readonly description?: string;
  readonly creationDate: number;
}

/** "You can publish up to 1000 versions of each state machine." (PublishStateMachineVersion) */
export const MAX_VERSIONS_PER_MACHINE = 1000;

interface MachineVersions {
  /** Numbers are never reused, even after a deletion (as MiniStack matched to AWS; not in AWS's docs). */
  lastNumber: number;
  readonly byNumber: Map<number, StateMachineVersion>;
}

export class VersionRegistry {
  private readonly machines = new Map<string, MachineVersions>();

  /**
   * Publishes the machine's current revision. Idempotent as AWS documents it: "doesn't create a duplicate state
   * machine version if it already exists for the current revision" — the latest version is returned instead.
   */
  publish(machine: MachineSnapshot, now: number, description?: string): StateMachineVersion {
    const entry = this.entry(machine.arn);
    const latest = entry.byNumber.get(entry.lastNumber);
    if (latest && (latest.revisionId ?? 'INITIAL') === (machine.revisionId ?? 'INITIAL')) return latest;
    if (entry.byNumber.size >= MAX_VERSIONS_PER_MACHINE) {
      throw new AwsError('ServiceQuotaExceededException', `The state machine ${machine.arn} already has ${MAX_VERSIONS_PER_MACHINE} versions; delete unused versions with DeleteStateMachineVersion`, 402);
    }
    const number = entry.lastNumber + 1;
    const version: StateMachineVersion = { ...machine, versionArn: versionArn(machine.arn, number), number, creationDate: now, ...(description === undefined ? {} : { description }) };
    entry.byNumber.set(number, version);
    entry.lastNumber = number;
    return version;
  }

  get(machineArn: string, number: number): StateMachineVersion | undefined {
    return this.machines.get(machineArn)?.byNumber.get(number);
  }

  /** Newest first, as ListStateMachineVersions orders them. */
  list(machineArn: string): StateMachineVersion[] {
    return [...(this.machines.get(machineArn)?.byNumber.values() ?? [])].sort((a, b) => b.number - a.number);
  }

  delete(machineArn: string, number: number): void {
    this.machines.get(machineArn)?.byNumber.delete(number);
  }

  /** DeleteStateMachine deletes "all versions and aliases" of the machine. */
  deleteAll(machineArn: string): void {
    this.machines.delete(machineArn);
  }

  private entry(machineArn: string): MachineVersions {
    let entry = this.machines.get(machineArn);
    if (!entry) {
      entry = { lastNumber: 0, byNumber: new Map() };
      this.machines.set(machineArn, entry);
    }
    return entry;
  }
}
