import { randomUUID } from 'node:crypto';
import { AwsError } from '../platform/aws-error';
import type { JsonServiceHandler } from '../platform/protocols/aws-json';
import { InvalidDefinitionError } from '../engine/errors';
import { Execution, startExecution } from '../engine/execution';
import { toHistoryEventShape, type RecordedEvent } from '../engine/history';
import type { Clock, TaskIntegrations } from '../engine/ports';
import { PAYLOAD_LIMIT_BYTES } from '../engine/size';
import { TaskTokenError, TaskTokens } from '../engine/task-tokens';
import type { StateMachineDefinition, StateMachineType } from '../engine/types';
import { validateDefinition } from '../engine/validate';
import { jsonDepth, MAX_JSON_DEPTH, parseJsonSafely } from '../platform/safe-json';
import { checkRequest } from './request-shapes';
import type { ExecutionDescription, StepFunctionsPort } from '../integrations/states';
import type { MetricStore } from '../cloudwatch/metrics';
import { systemClock } from '../platform/clock';
import type { RandomSource } from './aliases';
import { assertArn, assertValidName, executionArn, parseStateMachineArn, stateMachineArn } from './arns';
import { recordExecutionClosed, recordExecutionStarted, type ExecutionIdentity } from './execution-metrics';
import { historyPage } from './history-pages';
import { notRedrivableMessage, REDRIVE_REFUSALS, redriveEligibility } from './redrive-eligibility';
import { RedriveTokens } from './redrive-tokens';
import { createVersionActions } from './version-actions';
import type { MachineSnapshot } from './versions';
import type { DurableStepFunctionsStore } from './durable-store';
import type { ObjectStorage } from '../engine/distributed/ports';
import { createMapRuns } from './map-runs';
import type { MapRun } from '../engine/distributed/map-run-record';

interface StateMachine {
  arn: string;
  name: string;
  type: StateMachineType;
  definitionText: string;
  definition: StateMachineDefinition;
  roleArn: string;
  creationDate: number;
  loggingConfiguration: unknown;
  tracingConfiguration: unknown;
  /** Changes with every update; absent until the first (versions.ts). */
  revisionId?: string;
}

export interface StepFunctionsServiceOptions {
  /** Resolved lazily so the integrations can themselves call this service (states:startExecution). */
  integrations?: TaskIntegrations | (() => TaskIntegrations);
  region?: string;
  accountId?: string;
  clock?: Clock;
  /**
   * Task TimeoutSeconds overrides, keyed `<state machine name>/<state name>`, for tests that must see a long callback
   * time out quickly (`LOCAL_TASK_TIMEOUTS` in the runtime).
   */
  taskTimeoutOverrides?: Readonly<Record<string, number>>;
  /** Picks the version of an execution started through a two-version alias; tests fix its seed. Default Math.random. */
  random?: RandomSource;
  /** Where execution counts go (AWS/States ExecutionsSucceeded, ExecutionsFailed, ...), for alarms; none by default. */
  metrics?: MetricStore;
  /**
   * Durable mode: state machines and Standard executions' histories persist here, and what it holds is loaded when
   * the service is created (durable-store.ts); in memory when absent.
   */
  store?: DurableStepFunctionsStore;
  /** Where durable mode reports what it loaded, dropped or lost. */
  log?: (line: string) => void;
  /** S3 for Distributed Map item readers and result writers (an S3 client pointed at the edge in the runtime). */
  objectStorage?: ObjectStorage;
}

type Body = Record<string, unknown>;

/**
 * The Step Functions API over the engine, in AWS's shapes and error names, so SDK v3 clients, the AWS CLI and
 * the conformance runner work unmodified. State lives in memory.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
export function createStepFunctionsService(options: StepFunctionsServiceOptions = {}) {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '000000000000';
  const clock = options.clock;
  const tokens = new TaskTokens();
  const machines = new Map<string, StateMachine>();
  const executions = new Map<string, Execution>();
  const executionsByMachine = new Map<string, Execution[]>();
  /** The version and alias each Standard execution was started through, for DescribeExecution and ListExecutions. */
  const identities = new Map<string, ExecutionIdentity>();
  /** The definition each Standard execution runs: a version's, or the machine's as it was at the start. */
  const ranDefinitions = new Map<string, MachineSnapshot>();
  const now = () => (clock ?? systemClock).now();
  const redriveTokens = new RedriveTokens();
  const eligibility = (run: Execution) =>
    redriveEligibility({ status: run.status, startDate: run.startDate, stopDate: run.stopDate, historyEvents: run.history.size }, now());
  const overridesFor = (machineName: string): Record<string, number> | undefined => {
    const prefix = `${machineName}/`;
    const entries = Object.entries(options.taskTimeoutOverrides ?? {}).filter(([key]) => key.startsWith(prefix));
    return entries.length ? Object.fromEntries(entries.map(([key, seconds]) => [key.slice(prefix.length), seconds])) : undefined;
  };
  const integrations = (): TaskIntegrations | undefined =>
    typeof options.integrations === 'function' ? options.integrations() : options.integrations;

  const store = options.store;
  const persistMachines = () => {
    if (!store) return;
    store.saveMachines([...machines.values()].map((sm) => ({
      arn: sm.arn, name: sm.name, type: sm.type, definitionText: sm.definitionText, roleArn: sm.roleArn, creationDate: sm.creationDate,
      loggingConfiguration: sm.loggingConfiguration, tracingConfiguration: sm.tracingConfiguration, ...(sm.revisionId ? { revisionId: sm.revisionId } : {}),
    })));
  };
  if (store) {
    tokens.onChange = ({ kind, token, executionArn, at }) =>
      kind === 'heartbeat' ? store.heartbeat(executionArn, token, at ?? 0) : store.token(executionArn, token, kind === 'open');
  }

  const machine = (arn: unknown): StateMachine => {
    assertArn(arn, ['stateMachine']);
    const found = machines.get(arn);
    if (!found) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return found;
  };

  const execution = (arn: unknown): Execution => {
    assertArn(arn, ['execution', 'express']);
    if (arn.split(':')[5] === 'express') {
      throw new AwsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: express'`);
    }
    const found = executions.get(arn);
    if (!found) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return found;
  };

  function parseDefinition(text: unknown, type: StateMachineType): StateMachineDefinition {
    if (typeof text !== 'string') throw new AwsError('ValidationException', "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
    if (jsonDepth(text) > MAX_JSON_DEPTH) throw new AwsError('InvalidDefinition', `Invalid State Machine Definition: 'the definition is nested deeper than ${MAX_JSON_DEPTH} levels'`);
    try {
      return validateDefinition(text, { type });
    } catch (error) {
      if (error instanceof InvalidDefinitionError) throw new AwsError('InvalidDefinition', error.message);
      throw error;
    }
  }

  function parseInput(input: unknown): unknown {
    if (input === undefined || input === null) return {};
    if (typeof input !== 'string') throw new AwsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input must be a string');
    if (Buffer.byteLength(input) > PAYLOAD_LIMIT_BYTES) {
      throw new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: the input exceeds the maximum size of ${PAYLOAD_LIMIT_BYTES} bytes`);
    }
    // Parsed at the door, depth included: an execution that is accepted can always be described and have its history
    // read (safe-json.ts says why deep JSON is refused rather than carried).
    const parsed = parseJsonSafely(input);
    if (!parsed.ok) throw new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${parsed.reason}'`);
    return parsed.value;
  }

  // Distributed Map runs, and their STANDARD children, which answer DescribeExecution and GetExecutionHistory.
  const mapRuns = createMapRuns({
    onStandardChild: (child) => executions.set(child.executionArn, child),
    assertExecution: (arn) => execution(arn),
  });
  const distributedMapPorts = { mapRuns: mapRuns.host, objectStorage: options.objectStorage };

  const versioning = createVersionActions({ machine, now, random: options.random ?? Math.random });

  function start(body: Body, sync: boolean): Execution {
    // A version ARN runs that version, an alias ARN a version picked by weight; the execution keeps it to the end.
    const target = versioning.resolve(body.stateMachineArn);
    const sm = target.snapshot;
    if (sync && sm.type !== 'EXPRESS') throw new AwsError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
    const name = body.name === undefined ? randomUUID() : body.name;
    assertValidName(name, 'execution');
    const input = parseInput(body.input);
    const arn = executionArn(sm.arn, name, sm.type === 'EXPRESS');
    const existing = executions.get(arn);
    if (existing) {
      // An open execution of that name with the same input is returned as is; anything else is a conflict.
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(input)) return existing;
      throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    if (store && sm.type === 'STANDARD') {
      store.begin({
        executionArn: arn, name, stateMachineArn: sm.arn, machineName: sm.name, definitionText: sm.definitionText, roleArn: sm.roleArn,
        ...(sm.revisionId ? { revisionId: sm.revisionId } : {}),
        ...(target.stateMachineVersionArn ? { stateMachineVersionArn: target.stateMachineVersionArn } : {}),
        ...(target.stateMachineAliasArn ? { stateMachineAliasArn: target.stateMachineAliasArn } : {}),
      });
    }
    const run = startExecution(sm.definition, {
      input, type: sm.type, name, stateMachineArn: sm.arn, executionArn: arn, roleArn: sm.roleArn, region,
      integrations: integrations(), clock, tokens, taskTimeoutOverrides: overridesFor(sm.name),
      startedThrough: { stateMachineVersionArn: target.stateMachineVersionArn, stateMachineAliasArn: target.stateMachineAliasArn },
      ...distributedMapPorts,
      ...(store && sm.type === 'STANDARD' ? { onEvent: (event: RecordedEvent) => store.event(arn, event) } : {}),
    });
    const identity: ExecutionIdentity = { stateMachineArn: sm.arn, stateMachineVersionArn: target.stateMachineVersionArn, stateMachineAliasArn: target.stateMachineAliasArn };
    track(run, identity, { ...sm });
    if (store && sm.type === 'EXPRESS') {
      store.expressStarted(arn);
      void run.done.then(() => store.expressEnded(arn));
    }
    return run;
  }

  /** Registers an execution for Describe/List (Standard only) and its metrics. */
  function track(run: Execution, identity: ExecutionIdentity, ran: MachineSnapshot): void {
    const arn = run.executionArn;
    const metrics = options.metrics;
    if (metrics) {
      recordExecutionStarted(metrics, identity, run.startDate);
      void run.done.then((outcome) => recordExecutionClosed(metrics, identity, outcome.status, run.stopDate ?? now()));
    }
    if (run.type === 'STANDARD') {
      identities.set(arn, identity);
      ranDefinitions.set(arn, ran);
      executions.set(arn, run);
      const list = executionsByMachine.get(identity.stateMachineArn) ?? [];
      list.push(run);
      executionsByMachine.set(identity.stateMachineArn, list);
    }
  }

  /**
   * Durable mode, at creation: the state machines, then every Standard execution rebuilt from its history. Closed
   * ones answer Describe/List/GetExecutionHistory; running ones run on from where their history stopped, their open
   * task tokens valid again.
   */
  function restore(from: DurableStepFunctionsStore): void {
    const log = options.log ?? (() => undefined);
    for (const stored of from.loadMachines()) {
      try {
        machines.set(stored.arn, { ...stored, definition: validateDefinition(stored.definitionText, { type: stored.type }) });
      } catch (error) {
        log(`Step Functions durable state: state machine ${stored.arn} was not loaded: ${(error as Error).message}`);
      }
    }
    from.reportLostExpress();
    let resumed = 0;
    const loaded = from.loadExecutions();
    for (const { header, events, openTokens, lastHeartbeats } of loaded) {
      let definition: StateMachineDefinition;
      try {
        definition = validateDefinition(header.definitionText, { type: 'STANDARD' });
      } catch (error) {
        log(`Step Functions durable state: execution ${header.executionArn} was not loaded: its definition no longer validates (${(error as Error).message}).`);
        continue;
      }
      const arn = header.executionArn;
      for (const token of openTokens) tokens.adopt(token, arn, lastHeartbeats[token]);
      const run = startExecution(definition, {
        type: 'STANDARD', name: header.name, stateMachineArn: header.stateMachineArn, executionArn: arn, roleArn: header.roleArn, region,
        integrations: integrations(), clock, tokens, taskTimeoutOverrides: overridesFor(header.machineName),
        restore: events, onEvent: (event: RecordedEvent) => from.event(arn, event), ...distributedMapPorts,
      });
      if (run.status === 'RUNNING') resumed += 1;
      const identity: ExecutionIdentity = {
        stateMachineArn: header.stateMachineArn, stateMachineVersionArn: header.stateMachineVersionArn, stateMachineAliasArn: header.stateMachineAliasArn,
      };
      track(run, identity, {
        arn: header.stateMachineArn, name: header.machineName, type: 'STANDARD', definitionText: header.definitionText, definition,
        roleArn: header.roleArn, loggingConfiguration: undefined, tracingConfiguration: undefined, ...(header.revisionId ? { revisionId: header.revisionId } : {}),
      });
    }
    // Restored in start order, as ListExecutions (newest first) expects.
    for (const list of executionsByMachine.values()) list.sort((a, b) => a.startDate - b.startDate);
    if (loaded.length > 0) log(`Step Functions durable state: ${loaded.length} executions loaded from ${from.dir}, ${resumed} running again from their history.`);
  }

  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

  /** `stateMachineVersionArn` and `stateMachineAliasArn`, present only when the execution was started through them. */
  const associationOf = (run: Execution): Body => {
    const identity = identities.get(run.executionArn);
    const association: Body = {};
    if (identity?.stateMachineVersionArn) association.stateMachineVersionArn = identity.stateMachineVersionArn;
    if (identity?.stateMachineAliasArn) association.stateMachineAliasArn = identity.stateMachineAliasArn;
    return association;
  };

  function describe(run: Execution): Body {
    const text = JSON.stringify(run.input);
    const described: Body = {
      executionArn: run.executionArn,
      stateMachineArn: run.stateMachineArn,
      name: run.name,
      status: childStatus(run),
      startDate: seconds(run.startDate),
      input: text,
      inputDetails: { included: true },
      ...redriveFields(run),
    };
    const redrive = eligibility(run);
    const child = mapRuns.childOf(run.executionArn);
    // A Map Run's unsuccessful child is redriven by its Map Run (the ResultWriter's records say the same).
    described.redriveStatus = !redrive.redrivable ? 'NOT_REDRIVABLE' : child ? 'REDRIVABLE_BY_MAP_RUN' : 'REDRIVABLE';
    if (!redrive.redrivable) described.redriveStatusReason = redrive.reason;
    if (run.stopDate !== undefined) described.stopDate = seconds(run.stopDate);
    Object.assign(described, associationOf(run));
    if (child) described.mapRunArn = child.mapRunArn;
    const outcome = run.outcome;
    if (outcome?.status === 'SUCCEEDED') {
      described.output = JSON.stringify(outcome.output ?? null);
      described.outputDetails = { included: true };
    }
    if (outcome?.error !== undefined) described.error = outcome.error;
    if (outcome?.cause !== undefined) described.cause = outcome.cause;
    return described;
  }

  /** `redriveCount` (0 until redriven) and `redriveDate` (once redriven), as DescribeExecution and ListExecutions give them. */
  function redriveFields(run: Execution): Body {
    return { redriveCount: run.redriveCount, ...(run.redriveDate === undefined ? {} : { redriveDate: seconds(run.redriveDate) }) };
  }

  /**
   * RedriveExecution: refused with ExecutionNotRedrivable and DescribeExecution's reason unless the execution may
   * be redriven; a clientToken already answered for this execution returns that answer and redrives nothing.
   */
  function redriveExecution(body: Body): Body {
    const arn = body.executionArn;
    const token = body.clientToken;
    // Type and maximum length are checked with the request's shape (request-shapes.ts); AWS's minimum is 1.
    if (token === '') throw new AwsError('ValidationException', "1 validation error detected: Value '' at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 1");
    assertArn(arn, ['execution', 'express']);
    if (arn.split(':')[5] === 'express') throw new AwsError('ExecutionNotRedrivable', notRedrivableMessage(arn, REDRIVE_REFUSALS.express));
    const run = execution(arn);
    if (typeof token === 'string') {
      const answered = redriveTokens.answered(arn, token, now());
      if (answered !== undefined) return { redriveDate: seconds(answered) };
    }
    const redrive = eligibility(run);
    if (!redrive.redrivable) throw new AwsError('ExecutionNotRedrivable', notRedrivableMessage(arn, redrive.reason));
    if (mapRuns.childOf(arn)) throw new AwsError('ExecutionNotRedrivable', notRedrivableMessage(arn, REDRIVE_REFUSALS.mapRunChild));
    run.redrive();
    const redriveDate = run.redriveDate ?? now();
    if (typeof token === 'string') redriveTokens.remember(arn, token, now(), redriveDate);
    const metrics = options.metrics;
    if (metrics) {
      const identity = identities.get(arn) ?? { stateMachineArn: run.stateMachineArn };
      void run.done.then((outcome) => recordExecutionClosed(metrics, identity, outcome.status, run.stopDate ?? now()));
    }
    return { redriveDate: seconds(redriveDate) };
  }

  /**
   * DescribeStateMachineForExecution of a Distributed Map's child: the Map Run's state machine (`<machine>/<label>`),
   * whose definition is the ItemProcessor, with the parent's role, its Map Run and its label.
   */
  function mapRunMachine(child: Execution, mapRun: MapRun): Body {
    const parent = ranDefinitions.get(mapRun.executionArn);
    const name = child.stateMachineArn.slice(child.stateMachineArn.lastIndexOf(':') + 1);
    return {
      stateMachineArn: child.stateMachineArn, name, definition: JSON.stringify(child.definition), roleArn: parent?.roleArn ?? '',
      updateDate: seconds(mapRun.startDate), mapRunArn: mapRun.arn, label: name.slice(name.lastIndexOf('/') + 1),
    };
  }

  /** A Map Run child's status: PENDING_REDRIVE while its Map Run's redrive has yet to reach it. */
  function childStatus(run: Execution): string {
    return mapRuns.pendingRedrive(run) ? 'PENDING_REDRIVE' : run.status;
  }

  /** ListExecutions(mapRunArn): a Map Run's STANDARD children, newest first, with their Map Run and item count. */
  function listMapRunChildren(body: Body): Body {
    if (body.stateMachineArn !== undefined) throw new AwsError('ValidationException', 'Only one of stateMachineArn and mapRunArn can be specified');
    const filter = body.statusFilter as string | undefined;
    // With mapRunArn, redriveFilter picks the children a Map Run redrive has redriven (ListExecutions).
    const redriveFilter = body.redriveFilter as 'REDRIVEN' | 'NOT_REDRIVEN' | undefined;
    const all = mapRuns.children(body.mapRunArn)
      .filter((run) => !filter || childStatus(run) === filter)
      .filter((run) => !redriveFilter || (run.redriveCount > 0) === (redriveFilter === 'REDRIVEN'))
      .slice()
      .reverse()
      .map((run) => ({ executionArn: run.executionArn, stateMachineArn: run.stateMachineArn, name: run.name, status: childStatus(run),
        startDate: seconds(run.startDate), stopDate: seconds(run.stopDate), ...mapRuns.childOf(run.executionArn), ...redriveFields(run) }));
    return page(all, body, 'executions');
  }

  function decide(action: () => void): Body {
    try {
      action();
    } catch (error) {
      if (error instanceof TaskTokenError) throw new AwsError(error.code, error.message);
      throw error;
    }
    return {};
  }

  const actions: Record<string, (body: Body) => Body | Promise<Body>> = {
    CreateStateMachine(body) {
      assertValidName(body.name, 'state machine');
      const type = (body.type as StateMachineType | undefined) ?? 'STANDARD';
      if (type !== 'STANDARD' && type !== 'EXPRESS') throw new AwsError('ValidationException', `Invalid type: '${String(type)}'`);
      const definition = parseDefinition(body.definition, type);
      const arn = stateMachineArn(region, account, body.name);
      const existing = machines.get(arn);
      if (existing) {
        if (existing.definitionText === body.definition && existing.roleArn === body.roleArn && existing.type === type) {
          return { stateMachineArn: arn, creationDate: seconds(existing.creationDate) };
        }
        throw new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      }
      if (body.versionDescription !== undefined && body.publish !== true) {
        throw new AwsError('ValidationException', 'Version description can only be set when publish is true');
      }
      const creationDate = now();
      machines.set(arn, {
        arn, name: body.name, type, definitionText: body.definition as string, definition, roleArn: String(body.roleArn ?? ''),
        creationDate, loggingConfiguration: body.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: body.tracingConfiguration ?? { enabled: false },
      });
      persistMachines();
      const stateMachineVersionArn = versioning.publishOnRequest(body, () => machine(arn));
      return { stateMachineArn: arn, creationDate: seconds(creationDate), ...(stateMachineVersionArn ? { stateMachineVersionArn } : {}) };
    },
    UpdateStateMachine(body) {
      const sm = machine(body.stateMachineArn);
      // https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html: an update must change
      // at least one of these, or AWS answers MissingRequiredParameter.
      const updates = ['definition', 'roleArn', 'loggingConfiguration', 'tracingConfiguration', 'encryptionConfiguration'];
      if (!updates.some((field) => body[field] !== undefined)) {
        throw new AwsError('MissingRequiredParameter', 'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified');
      }
      if (body.versionDescription !== undefined && body.publish !== true) {
        throw new AwsError('ValidationException', 'Version description can only be set when publish is true');
      }
      // Parsed before anything is assigned, so an invalid definition leaves the machine untouched.
      const definition = body.definition === undefined ? undefined : parseDefinition(body.definition, sm.type);
      const differs = (value: unknown, current: unknown) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current);
      const changed = differs(body.definition, sm.definitionText) || differs(body.roleArn, sm.roleArn)
        || differs(body.loggingConfiguration, sm.loggingConfiguration) || differs(body.tracingConfiguration, sm.tracingConfiguration);
      if (definition !== undefined) {
        sm.definition = definition;
        sm.definitionText = body.definition as string;
      }
      if (body.roleArn !== undefined) sm.roleArn = String(body.roleArn);
      if (body.loggingConfiguration !== undefined) sm.loggingConfiguration = body.loggingConfiguration;
      if (body.tracingConfiguration !== undefined) sm.tracingConfiguration = body.tracingConfiguration;
      // An update that changes something makes a new revision, which a version snapshots (UpdateStateMachine returns
      // revisionId); re-applying the same definition does not, so a redeploy without changes publishes no version.
      if (changed) sm.revisionId = randomUUID();
      persistMachines();
      const stateMachineVersionArn = versioning.publishOnRequest(body, () => sm);
      return { updateDate: seconds(now()), revisionId: sm.revisionId, ...(stateMachineVersionArn ? { stateMachineVersionArn } : {}) };
    },
    DescribeStateMachine(body) {
      const version = versioning.describeQualified(body.stateMachineArn);
      if (version) {
        const v = version.snapshot;
        return {
          stateMachineArn: version.versionArn, name: v.name, status: 'ACTIVE', definition: v.definitionText, roleArn: v.roleArn, type: v.type,
          creationDate: seconds(version.creationDate), loggingConfiguration: v.loggingConfiguration, tracingConfiguration: v.tracingConfiguration,
          revisionId: v.revisionId, description: version.description,
        };
      }
      const sm = machine(body.stateMachineArn);
      return {
        stateMachineArn: sm.arn, name: sm.name, status: 'ACTIVE', definition: sm.definitionText, roleArn: sm.roleArn, type: sm.type,
        creationDate: seconds(sm.creationDate), loggingConfiguration: sm.loggingConfiguration, tracingConfiguration: sm.tracingConfiguration,
        revisionId: sm.revisionId,
      };
    },
    DescribeStateMachineForExecution(body) {
      // The definition the execution runs, which a later update of the machine or of its alias does not change.
      const run = execution(body.executionArn);
      const mapRun = mapRuns.runOf(run.executionArn);
      if (mapRun) return mapRunMachine(run, mapRun);
      const sm = machine(run.stateMachineArn);
      const ran = ranDefinitions.get(run.executionArn) ?? sm;
      return {
        stateMachineArn: sm.arn, name: sm.name, definition: ran.definitionText, roleArn: ran.roleArn, updateDate: seconds(sm.creationDate),
        ...(ran.revisionId ? { revisionId: ran.revisionId } : {}),
      };
    },
    ListStateMachines(body) {
      const all = [...machines.values()].map((sm) => ({ stateMachineArn: sm.arn, name: sm.name, type: sm.type, creationDate: seconds(sm.creationDate) }));
      return page(all, body, 'stateMachines');
    },
    DeleteStateMachine(body) {
      assertArn(body.stateMachineArn, ['stateMachine']);
      machines.delete(body.stateMachineArn);
      persistMachines();
      versioning.forget(body.stateMachineArn);
      return {};
    },
    ValidateStateMachineDefinition(body) {
      try {
        parseDefinition(body.definition, (body.type as StateMachineType | undefined) ?? 'STANDARD');
        return { result: 'OK', diagnostics: [], truncated: false };
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        return { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: error.message }], truncated: false };
      }
    },
    StartExecution(body) {
      const run = start(body, false);
      return { executionArn: run.executionArn, startDate: seconds(run.startDate) };
    },
    async StartSyncExecution(body) {
      const run = start(body, true);
      await run.done;
      const described = describe(run);
      delete described.redriveCount;
      delete described.redriveDate;
      delete described.redriveStatus;
      delete described.redriveStatusReason;
      return { ...described, billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, (run.stopDate ?? 0) - run.startDate) } };
    },
    DescribeExecution(body) {
      return describe(execution(body.executionArn));
    },
    ListExecutions(body) {
      if (body.mapRunArn !== undefined) return listMapRunChildren(body);
      // A version or alias ARN lists the executions started through it (ListExecutions).
      const reference = parseStateMachineArn(body.stateMachineArn);
      const sm = machine(reference.machineArn);
      const qualified = reference.machineArn === body.stateMachineArn ? undefined : (body.stateMachineArn as string);
      const filter = body.statusFilter as string | undefined;
      if (filter === 'PENDING_REDRIVE') throw new AwsError('ValidationException', 'The statusFilter PENDING_REDRIVE is only valid with a mapRunArn');
      const redriveFilter = body.redriveFilter as 'REDRIVEN' | 'NOT_REDRIVEN' | undefined;
      const startedThrough = (run: Execution) => {
        const identity = identities.get(run.executionArn);
        return identity?.stateMachineVersionArn === qualified || identity?.stateMachineAliasArn === qualified;
      };
      const all = (executionsByMachine.get(sm.arn) ?? [])
        .filter((run) => !filter || run.status === filter)
        .filter((run) => !redriveFilter || (run.redriveCount > 0) === (redriveFilter === 'REDRIVEN'))
        .filter((run) => qualified === undefined || startedThrough(run))
        .slice()
        .reverse()
        .map((run) => ({ executionArn: run.executionArn, stateMachineArn: run.stateMachineArn, name: run.name, status: run.status,
          startDate: seconds(run.startDate), stopDate: seconds(run.stopDate), ...associationOf(run), ...redriveFields(run) }));
      return page(all, body, 'executions');
    },
    GetExecutionHistory(body) {
      const run = execution(body.executionArn);
      const shape = body.includeExecutionData === false ? (event: RecordedEvent) => withoutData(toHistoryEventShape(event)) : toHistoryEventShape;
      return historyPage(run.executionArn, run.history.events, body, shape);
    },
    RedriveExecution: redriveExecution,
    StopExecution(body) {
      const run = execution(body.executionArn);
      run.stop(body.error as string | undefined, body.cause as string | undefined);
      return { stopDate: seconds(now()) };
    },
    SendTaskSuccess(body) {
      if (Buffer.byteLength(String(body.output)) > PAYLOAD_LIMIT_BYTES) throw new AwsError('InvalidOutput', 'Invalid Output: the output exceeds the maximum size');
      const parsed = parseJsonSafely(String(body.output));
      if (!parsed.ok) throw new AwsError('InvalidOutput', `Invalid Output: the output must be valid JSON (${parsed.reason})`);
      const output = parsed.value;
      return decide(() => tokens.succeed(String(body.taskToken), output));
    },
    SendTaskFailure(body) {
      return decide(() => tokens.fail(String(body.taskToken), body.error as string | undefined, body.cause as string | undefined));
    },
    SendTaskHeartbeat(body) {
      return decide(() => tokens.heartbeat(String(body.taskToken)));
    },
    ...versioning.actions,
    ...mapRuns.actions,
    TagResource: () => ({}),
    UntagResource: () => ({}),
    ListTagsForResource: () => ({ tags: [] }),
  };

  const handler: JsonServiceHandler = async (action, body) => {
    const run = actions[action];
    if (!run) throw new AwsError('UnknownOperationException', `Unknown operation: ${action}`);
    return run(checkRequest(action, body));
  };

  /** For the `states:startExecution` integration: start a child and wait for it as `.sync` does. */
  const port: StepFunctionsPort = {
    async startExecution(args: { stateMachineArn: string; input?: unknown; name?: string }) {
      const input = args.input === undefined ? undefined : typeof args.input === 'string' ? args.input : JSON.stringify(args.input);
      const run = start({ stateMachineArn: args.stateMachineArn, input, name: args.name }, false);
      return { executionArn: run.executionArn, startDate: new Date(run.startDate) };
    },
    async awaitExecution(arn: string, signal: AbortSignal): Promise<ExecutionDescription> {
      const run = execution(arn);
      await new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        void run.done.then(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
      const d = describe(run);
      return {
        executionArn: run.executionArn, stateMachineArn: run.stateMachineArn, name: run.name, status: run.status,
        startDate: new Date(run.startDate), stopDate: run.stopDate === undefined ? undefined : new Date(run.stopDate),
        input: d.input as string, output: d.output as string | undefined, error: d.error as string | undefined, cause: d.cause as string | undefined,
      };
    },
  };

  let resumed = false;
  return {
    handler,
    port,
    tokens,
    /**
     * Durable mode: loads what the store holds and runs on the executions that were running. Called once the runtime
     * has deployed (a resumed Task may invoke a function at once); does nothing in memory mode or a second time.
     */
    resume(): void {
      if (!store || resumed) return;
      resumed = true;
      restore(store);
    },
    /**
     * Stops every running execution, so a shutdown leaves no timer behind. In durable mode the logs are flushed and
     * detached first: a shutdown is not an abort, and the executions run on at the next start.
     */
    async close(): Promise<void> {
      if (store) {
        for (const run of executions.values()) run.history.onAdd = undefined;
        tokens.onChange = undefined;
        store.close();
      }
      for (const run of executions.values()) run.stop('States.Aborted', 'The runtime shut down');
      await Promise.all([...executions.values()].map((run) => run.done));
    },
  };
}

export type StepFunctionsService = ReturnType<typeof createStepFunctionsService>;

/** `maxResults`/`nextToken` paging over an in-memory list; the token is the next offset. */
function page<T>(items: T[], body: Body, key: string): Body {
  const max = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : 1000;
  const offset = typeof body.nextToken === 'string' ? Number(Buffer.from(body.nextToken, 'base64').toString()) || 0 : 0;
  const slice = items.slice(offset, offset + max);
  const result: Body = { [key]: slice };
  if (offset + max < items.length) result.nextToken = Buffer.from(String(offset + max)).toString('base64');
  return result;
}

function withoutData(event: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const details = { ...(value as Record<string, unknown>) };
      for (const field of ['input', 'output', 'parameters']) delete details[field];
      copy[key] = details;
    }
  }
  return copy;
}
