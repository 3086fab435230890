/**
 * Step Functions behind the edge (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.*`): the API over the engine, with
 * task integrations bound late to the runtime's Lambda service and edge URL.
 */
import { CLOUDWATCH, type CloudWatchModule } from '../cloudwatch/module';
import { AliasDeployer } from '../deploy/alias-deployment';
import { createTaskIntegrations, type RuntimeTaskIntegrations } from '../integrations';
import { deferredObjectStorage } from '../integrations/map-run-storage';
import type { LambdaModule } from '../lambda/module';
import { startedOrUnavailable } from '../platform/not-started';
import { awsJsonRoute, type JsonServiceHandler } from '../platform/protocols/aws-json';
import type { EmulatedService, ServiceRoute } from '../platform/service';
import { DurableStepFunctionsStore } from './durable-store';
import { createStepFunctionsService, type StepFunctionsService } from './service';

export const STEP_FUNCTIONS = 'stepfunctions';

/** The routes of a Step Functions API (the module's, or a test's own instance). */
export function stepFunctionsRoutes(handler: JsonServiceHandler): ServiceRoute[] {
  return [awsJsonRoute({ target: 'AWSStepFunctions', handler })];
}

export interface StepFunctionsModule extends EmulatedService {
  /** The API and its in-process port, once started. */
  readonly api: StepFunctionsService | undefined;
  /** Runs alias deployments (canary, linear) on the runtime clock, watching CloudWatch alarms; the deploy uses it. */
  readonly aliasDeployer: AliasDeployer;
}

export interface StepFunctionsModuleOptions {
  /** Task TimeoutSeconds overrides keyed `<state machine name>/<state name>` (LOCAL_TASK_TIMEOUTS). */
  readonly taskTimeoutOverrides?: Readonly<Record<string, number>>;
}

export function createStepFunctionsModule(options: StepFunctionsModuleOptions = {}): StepFunctionsModule {
  let api: StepFunctionsService | undefined;
  let integrations: RuntimeTaskIntegrations | undefined;
  let aliasDeployer: AliasDeployer | undefined;
  return {
    name: STEP_FUNCTIONS,
    get api() {
      return api;
    },
    get aliasDeployer() {
      return startedOrUnavailable(aliasDeployer, STEP_FUNCTIONS);
    },
    routes: stepFunctionsRoutes((action, body, signal) => startedOrUnavailable(api, STEP_FUNCTIONS).handler(action, body, signal)),
    start(context) {
      const lambda = context.service<LambdaModule>('lambda').runtime;
      const stateDir = context.stateDirFor(STEP_FUNCTIONS);
      // Execution counts per state machine, version and alias feed the alarms that alias deployments watch.
      const cloudwatch = context.service<CloudWatchModule>(CLOUDWATCH);
      aliasDeployer = new AliasDeployer({ clock: context.clock, alarms: cloudwatch.alarms, log: context.log });
      const service = createStepFunctionsService({
        region: context.region,
        accountId: context.accountId,
        clock: context.clock,
        metrics: cloudwatch.metrics,
        taskTimeoutOverrides: options.taskTimeoutOverrides,
        log: context.log,
        // Durable mode: <state dir>/stepfunctions; what it holds is loaded by api.resume() once the runtime has deployed.
        ...(stateDir === undefined ? {} : { store: new DurableStepFunctionsStore(stateDir, context.log) }),
        // The integrations call this very service (states:startExecution), so they are made once it exists.
        integrations: () => startedOrUnavailable(integrations, STEP_FUNCTIONS),
        // A Distributed Map's ItemReader and ResultWriter reach S3 through the edge, as any client does.
        objectStorage: deferredObjectStorage(() => startedOrUnavailable(integrations, STEP_FUNCTIONS).objectStorage),
      });
      integrations = createTaskIntegrations({ lambda, endpoint: context.endpoint, region: context.region, stepFunctions: service.port });
      api = service;
    },
    async close() {
      await aliasDeployer?.close();
      await api?.close();
      integrations?.close();
    },
  };
}
