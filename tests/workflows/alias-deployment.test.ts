/**
 * A state machine change shipped as CloudFormation ships it: the local deployer publishes a new
 * AWS::StepFunctions::StateMachineVersion and moves the AWS::StepFunctions::StateMachineAlias by its CANARY
 * DeploymentPreference on the runtime clock, watching an AWS::CloudWatch::Alarm on the new version's
 * ExecutionsFailed, read from the runtime's own execution counts. The template is the shape serverless.yml uses.
 */
import {
  DescribeStateMachineAliasCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  type RoutingConfigurationListItem,
} from '@aws-sdk/client-sfn';
import { AlarmRegistry } from '../../local/cloudwatch/alarms';
import { MetricStore } from '../../local/cloudwatch/metrics';
import { AliasDeployer } from '../../local/deploy/alias-deployment';
import { applyDeployPlan } from '../../local/deploy/apply-plan';
import { buildDeployPlan } from '../../local/deploy/plan';
import type { CloudFormationTemplate } from '../../local/deploy/template';
import { seededRandom } from '../../local/stepfunctions/aliases';
import { ManualClock } from '../support/manual-clock';
import { EDGE_ACCOUNT, EDGE_REGION, startSfnEdge, type SfnEdge } from '../support/sfn-edge';
import { defined } from '../support/defined';

jest.setTimeout(30_000);

const ROLE = `arn:aws:iam::${EDGE_ACCOUNT}:role/canary-test`;
const ALARM = 'orders-live-version-failed';

const answering = (value: string) => JSON.stringify({ StartAt: 'Answer', States: { Answer: { Type: 'Pass', Result: value, End: true } } });
const failing = JSON.stringify({ StartAt: 'Break', States: { Break: { Type: 'Fail', Error: 'Regression', Cause: 'the new version is broken' } } });

/** The stack: a machine, its version, a `live` alias moving by a 10 % / 10 min canary, and the alarm that rolls it back. */
function stack(machineName: string, definition: string): CloudFormationTemplate {
  return {
    Resources: {
      Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: machineName, DefinitionString: definition, RoleArn: ROLE } },
      MachineVersion: {
        Type: 'AWS::StepFunctions::StateMachineVersion',
        Properties: { StateMachineArn: { Ref: 'Machine' }, StateMachineRevisionId: { 'Fn::GetAtt': ['Machine', 'StateMachineRevisionId'] } },
      },
      VersionFailedAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: `${machineName}-${ALARM}`, Namespace: 'AWS/States', MetricName: 'ExecutionsFailed', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1,
          Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
          Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'MachineVersion' } }],
        },
      },
      Live: {
        Type: 'AWS::StepFunctions::StateMachineAlias',
        Properties: {
          Name: 'live',
          DeploymentPreference: { Type: 'CANARY', StateMachineVersionArn: { Ref: 'MachineVersion' }, Percentage: 10, Interval: 10, Alarms: [{ Ref: 'VersionFailedAlarm' }] },
        },
      },
    },
    Outputs: { AliasArn: { Value: { Ref: 'Live' } } },
  };
}

describe('Canary deployment of a state machine alias', () => {
  let edge: SfnEdge;
  const clock = new ManualClock();
  const metrics = new MetricStore();
  const alarms = new AlarmRegistry(metrics);
  const deployer = new AliasDeployer({ clock, alarms });

  beforeAll(async () => {
    edge = await startSfnEdge([], { clock, metrics, random: seededRandom(7) });
  });

  afterAll(async () => {
    await deployer.close();
    await edge?.close();
  });

  async function deploy(machineName: string, definition: string): Promise<string> {
    const plan = buildDeployPlan({ template: stack(machineName, definition), context: { stackName: 'canary', region: EDGE_REGION, accountId: EDGE_ACCOUNT }, packageDir: '/nonexistent', functionsDir: '/nonexistent' });
    await applyDeployPlan(plan, { endpoint: edge.url, region: EDGE_REGION, lambda: { register: () => undefined }, aliasDeployer: deployer, alarms });
    return defined(plan.outputs.AliasArn, 'the AliasArn output');
  }

  const routingOf = async (aliasArn: string) => (await edge.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }))).routingConfiguration;

  /** The deployment talks to the edge over HTTP: wait for what it does to become visible. */
  async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the deployment did not get there');
  }

  const routesTo = (expected: RoutingConfigurationListItem[]) => (routing: RoutingConfigurationListItem[] | undefined) => JSON.stringify(routing) === JSON.stringify(expected);

  /** Lets runtime time pass a minute at a time, each once the deployment waits on the clock again. */
  async function minutesPass(count: number): Promise<void> {
    for (let minute = 0; minute < count; minute += 1) {
      await until(() => clock.pendingCount, (pending) => pending > 0);
      await clock.advance(60_000);
    }
  }

  async function startThrough(aliasArn: string, count: number, prefix: string): Promise<void> {
    for (let index = 0; index < count; index += 1) await edge.sfn.send(new StartExecutionCommand({ stateMachineArn: aliasArn, name: `${prefix}-${index}` }));
  }

  const executionsOf = async (versionArn: string) => (await edge.sfn.send(new ListExecutionsCommand({ stateMachineArn: versionArn, maxResults: 1000 }))).executions ?? [];

  it('rolls a failing canary back when its alarm fires, and sends no new execution to the failed version afterwards', async () => {
    const aliasArn = await deploy('orders-rollback', answering('v1'));
    const machineArn = aliasArn.replace(/:live$/, '');
    const [v1, v2] = [`${machineArn}:1`, `${machineArn}:2`];
    expect(await routingOf(aliasArn)).toEqual([{ stateMachineVersionArn: v1, weight: 100 }]);

    await deploy('orders-rollback', failing);
    await until(() => routingOf(aliasArn), routesTo([{ stateMachineVersionArn: v1, weight: 90 }, { stateMachineVersionArn: v2, weight: 10 }]));
    await startThrough(aliasArn, 200, 'during');
    const failedOnV2 = await until(() => executionsOf(v2), (executions) => executions.length > 0 && executions.every((execution) => execution.status === 'FAILED'));
    await minutesPass(1);
    const rolledBack = await until(() => routingOf(aliasArn), routesTo([{ stateMachineVersionArn: v1, weight: 100 }]));
    await deployer.settled();
    await startThrough(aliasArn, 100, 'after');
    const onV2Afterwards = await executionsOf(v2);
    const onV1 = await executionsOf(v1);

    expect(failedOnV2.length).toBeGreaterThan(0);
    expect(rolledBack).toEqual([{ stateMachineVersionArn: v1, weight: 100 }]);
    expect(deployer.finished.filter((deployment) => deployment.aliasArn === aliasArn)).toEqual([{ aliasArn, status: 'ROLLED_BACK', alarm: `orders-rollback-${ALARM}` }]);
    expect(alarms.state(`orders-rollback-${ALARM}`, clock.now())).toBe('ALARM');
    expect(onV2Afterwards.map((execution) => execution.name)).toEqual(failedOnV2.map((execution) => execution.name));
    expect(onV1.filter((execution) => execution.name?.startsWith('after-'))).toHaveLength(100);
  });

  it('completes a good canary to 100 % after its interval', async () => {
    const aliasArn = await deploy('orders-good', answering('v1'));
    const machineArn = aliasArn.replace(/:live$/, '');
    const [v1, v2] = [`${machineArn}:1`, `${machineArn}:2`];

    const finished = new Promise<void>((resolve) => {
      void until(() => routingOf(aliasArn), routesTo([{ stateMachineVersionArn: v1, weight: 90 }, { stateMachineVersionArn: v2, weight: 10 }])).then(() => resolve());
    });
    await deploy('orders-good', answering('v2'));
    await finished;
    await startThrough(aliasArn, 100, 'during');
    const duringCanary = await until(() => executionsOf(v2), (executions) => executions.every((execution) => execution.status === 'SUCCEEDED'));
    await minutesPass(9);
    const stillCanary = await routingOf(aliasArn);
    await minutesPass(1);
    const complete = await until(() => routingOf(aliasArn), routesTo([{ stateMachineVersionArn: v2, weight: 100 }]));
    await deployer.settled();
    await startThrough(aliasArn, 20, 'after');
    const afterOnV2 = (await executionsOf(v2)).filter((execution) => execution.name?.startsWith('after-'));

    expect(duringCanary.length).toBeGreaterThan(0);
    expect(duringCanary.length).toBeLessThan(40);
    expect(stillCanary).toEqual([{ stateMachineVersionArn: v1, weight: 90 }, { stateMachineVersionArn: v2, weight: 10 }]);
    expect(complete).toEqual([{ stateMachineVersionArn: v2, weight: 100 }]);
    expect(afterOnV2).toHaveLength(20);
    expect(deployer.finished.filter((deployment) => deployment.aliasArn === aliasArn)).toEqual([{ aliasArn, status: 'SUCCEEDED' }]);
    expect(alarms.state(`orders-good-${ALARM}`, clock.now())).toBe('OK');
  });

  it('publishes no version and moves no alias when the definition did not change', async () => {
    const aliasArn = await deploy('orders-unchanged', answering('v1'));

    await deploy('orders-unchanged', answering('v1'));

    expect(await routingOf(aliasArn)).toEqual([{ stateMachineVersionArn: `${aliasArn.replace(/:live$/, '')}:1`, weight: 100 }]);
    expect(clock.pendingCount).toBe(0);
  });
});
