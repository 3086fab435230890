/**
 * State machine versions and aliases through the edge, with an unmodified SDK v3 client: publishing, weighted
 * routing (a seeded random source, so the split is reproducible), executions that keep their version, and AWS's
 * validation errors with AWS's messages. https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cd-aliasing-versioning.html
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type DescribeExecutionCommandOutput,
  type RoutingConfigurationListItem,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { seededRandom } from '../../local/stepfunctions/aliases';
import { ManualClock } from '../support/manual-clock';
import { EDGE_ACCOUNT, EDGE_REGION, startSfnEdge, type SfnEdge } from '../support/sfn-edge';
import { defined } from '../support/defined';

jest.setTimeout(30_000);

const ROLE = `arn:aws:iam::${EDGE_ACCOUNT}:role/versions-test`;
/** The seed of the routing tests: fixed, so the split below is the same on every run and every machine. */
const SEED = 20261201;

const answering = (value: string) => JSON.stringify({ StartAt: 'Answer', States: { Answer: { Type: 'Pass', Result: value, End: true } } });
/** Waits a minute of the test's clock, then answers: long enough to change the alias under a running execution. */
const waitingThenAnswering = (value: string) =>
  JSON.stringify({ StartAt: 'Wait a minute', States: { 'Wait a minute': { Type: 'Wait', Seconds: 60, Next: 'Answer' }, Answer: { Type: 'Pass', Result: value, End: true } } });

/** The error a call fails with, captured at once so no rejection is left unhandled. */
const failureOf = (sending: Promise<unknown>): Promise<{ name: string; message: string }> =>
  sending.then(() => ({ name: 'none', message: 'expected the call to fail' }), (error: { name: string; message: string }) => error);

describe('State machine versions and aliases', () => {
  let edge: SfnEdge;
  let sfn: SFNClient;
  const clock = new ManualClock();
  let machineCount = 0;

  beforeAll(async () => {
    edge = await startSfnEdge([], { random: seededRandom(SEED), clock });
    sfn = edge.sfn;
  });

  afterAll(async () => {
    await edge?.close();
  });

  async function createMachine(definition: string, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
    machineCount += 1;
    return (await sfn.send(new CreateStateMachineCommand({ name: `versions-test-${machineCount}`, roleArn: ROLE, type, definition }))).stateMachineArn!;
  }

  /** A machine with two published versions answering "v1" and "v2". */
  async function machineWithTwoVersions(type: 'STANDARD' | 'EXPRESS' = 'STANDARD') {
    const machineArn = await createMachine(answering('v1'), type);
    const v1 = (await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineArn, description: 'first' }))).stateMachineVersionArn!;
    const v2 = (await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: answering('v2'), publish: true, versionDescription: 'second' }))).stateMachineVersionArn!;
    return { machineArn, v1, v2 };
  }

  async function waitForEnd(executionArn: string): Promise<DescribeExecutionCommandOutput> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${executionArn} is still RUNNING`);
  }

  describe('publishing', () => {
    it('numbers versions from 1, lists them newest first and describes each as its own snapshot', async () => {
      const { machineArn, v1, v2 } = await machineWithTwoVersions();

      const listed = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn }));
      const first = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1 }));
      const second = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v2 }));
      const current = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));

      expect([v1, v2]).toEqual([`${machineArn}:1`, `${machineArn}:2`]);
      expect(listed.stateMachineVersions?.map((version) => version.stateMachineVersionArn)).toEqual([v2, v1]);
      expect(first).toMatchObject({ stateMachineArn: v1, definition: answering('v1'), description: 'first' });
      expect(second).toMatchObject({ stateMachineArn: v2, definition: answering('v2'), description: 'second', revisionId: current.revisionId });
    });

    it('does not publish the same revision twice', async () => {
      const { machineArn, v2 } = await machineWithTwoVersions();

      const again = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineArn }));

      expect(again.stateMachineVersionArn).toBe(v2);
    });

    it('publishes only when revisionId names the current revision', async () => {
      const machineArn = await createMachine(answering('v1'));
      const { revisionId } = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: answering('v2') }));

      const stale = await failureOf(sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineArn, revisionId: 'INITIAL' })));
      const published = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineArn, revisionId }));

      expect(stale).toMatchObject({ name: 'ConflictException', message: `Failed to publish the State Machine version for revision INITIAL. The current State Machine revision is ${revisionId}.` });
      expect(published.stateMachineVersionArn).toBe(`${machineArn}:1`);
    });

    it('refuses a versionDescription without publish, as AWS does', async () => {
      const machineArn = await createMachine(answering('v1'));

      const refused = await failureOf(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: answering('v2'), versionDescription: 'lonely' })));
      const unchanged = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));

      expect(refused).toMatchObject({ name: 'ValidationException', message: 'Version description can only be set when publish is true' });
      expect(unchanged.definition).toBe(answering('v1'));
    });

    it('caps maxResults at 1000 and refuses a token it did not issue', async () => {
      const { machineArn } = await machineWithTwoVersions();

      const tooMany = await failureOf(sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn, maxResults: 1001 })));
      const forged = await failureOf(sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn, nextToken: 'forged' })));
      const firstPage = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn, maxResults: 1 }));
      const secondPage = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn, maxResults: 1, nextToken: firstPage.nextToken }));

      expect(tooMany).toMatchObject({ name: 'ValidationException', message: "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000" });
      expect(forged.name).toBe('InvalidToken');
      expect([...firstPage.stateMachineVersions!, ...secondPage.stateMachineVersions!].map((v) => v.stateMachineVersionArn)).toEqual([`${machineArn}:2`, `${machineArn}:1`]);
      expect(secondPage.nextToken).toBeUndefined();
    });
  });

  describe('aliases', () => {
    it('creates, describes, lists, updates and deletes an alias; the versions stay', async () => {
      const { machineArn, v1, v2 } = await machineWithTwoVersions();

      const { stateMachineAliasArn } = await sfn.send(new CreateStateMachineAliasCommand({ name: 'live', description: 'what customers run', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
      const again = await sfn.send(new CreateStateMachineAliasCommand({ name: 'live', description: 'what customers run', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
      await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v2, weight: 10 }, { stateMachineVersionArn: v1, weight: 90 }] }));
      const described = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));
      const listed = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machineArn }));
      const routingToV2 = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: v2 }));
      await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
      const afterDelete = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machineArn }));
      const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineArn }));

      expect(stateMachineAliasArn).toBe(`${machineArn}:live`);
      expect(again.stateMachineAliasArn).toBe(stateMachineAliasArn);
      expect(described).toMatchObject({ name: 'live', description: 'what customers run', routingConfiguration: [{ stateMachineVersionArn: v2, weight: 10 }, { stateMachineVersionArn: v1, weight: 90 }] });
      expect(listed.stateMachineAliases?.map((alias) => alias.stateMachineAliasArn)).toEqual([stateMachineAliasArn]);
      expect(routingToV2.stateMachineAliases?.map((alias) => alias.stateMachineAliasArn)).toEqual([stateMachineAliasArn]);
      expect(afterDelete.stateMachineAliases).toEqual([]);
      expect(versions.stateMachineVersions).toHaveLength(2);
    });

    it('refuses to create an alias of the same name with another routing', async () => {
      const { v1, v2 } = await machineWithTwoVersions();
      await sfn.send(new CreateStateMachineAliasCommand({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));

      const conflict = await failureOf(sfn.send(new CreateStateMachineAliasCommand({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] })));

      expect(conflict).toMatchObject({ name: 'ConflictException', message: 'Failed to create alias because an alias with the same name and a different routing configuration already exists.' });
    });

    it('refuses to delete a version an alias routes to, naming the alias', async () => {
      const { v1, v2 } = await machineWithTwoVersions();
      await sfn.send(new CreateStateMachineAliasCommand({ name: 'canary', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 80 }, { stateMachineVersionArn: v2, weight: 20 }] }));

      const refused = await failureOf(sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 })));
      const stillThere = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v2 }));

      expect(refused).toMatchObject({ name: 'ConflictException', message: 'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [canary]' });
      expect(stillThere.stateMachineArn).toBe(v2);
    });

    const badRequests: [string, (arns: { machineArn: string; v1: string; v2: string; other: string; deleted: string }) => { name: string; routing: RoutingConfigurationListItem[] }, string, string][] = [
      ['weights that do not sum to 100', ({ v1, v2 }) => ({ name: 'sum', routing: [{ stateMachineVersionArn: v1, weight: 70 }, { stateMachineVersionArn: v2, weight: 29 }] }),
        'ValidationException', 'Sum of routing configuration weights must equal 100. Received: [70,29]'],
      ['three versions', ({ v1, v2, deleted }) => ({ name: 'three', routing: [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v2, weight: 25 }, { stateMachineVersionArn: deleted, weight: 25 }] }),
        'ValidationException', "at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2"],
      ['an all-digit name, which would read as a version', ({ v1 }) => ({ name: '123', routing: [{ stateMachineVersionArn: v1, weight: 100 }] }),
        'ValidationException', "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$"],
      ['a name with a character outside the pattern', ({ v1 }) => ({ name: 'live!', routing: [{ stateMachineVersionArn: v1, weight: 100 }] }),
        'ValidationException', "Value 'live!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern"],
      ['a weight above 100', ({ v1 }) => ({ name: 'heavy', routing: [{ stateMachineVersionArn: v1, weight: 101 }] }),
        'ValidationException', "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100"],
      ['the same version twice', ({ v1 }) => ({ name: 'twice', routing: [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v1, weight: 50 }] }),
        'ValidationException', 'Routing configuration must contain distinct state machine version ARNs.'],
      ['an unqualified state machine ARN', ({ machineArn }) => ({ name: 'bare', routing: [{ stateMachineVersionArn: machineArn, weight: 100 }] }),
        'ValidationException', 'Routing configuration must contain state machine version ARNs. Received: ['],
      ['a deleted version', ({ deleted }) => ({ name: 'gone', routing: [{ stateMachineVersionArn: deleted, weight: 100 }] }),
        'ValidationException', 'Routing configuration must contain state machine version ARNs. Received: ['],
      ['a version of another state machine', ({ v1, other }) => ({ name: 'mixed', routing: [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: other, weight: 50 }] }),
        'ValidationException', 'Routing configuration must contain versions of the same state machine.'],
    ];

    it.each(badRequests)('refuses %s, and an update with it leaves the alias as it was', async (_case, request, code, message) => {
      const { machineArn, v1, v2 } = await machineWithTwoVersions();
      const other = (await machineWithTwoVersions()).v1;
      const deleted = (await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: answering('v3'), publish: true }))).stateMachineVersionArn!;
      await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: deleted }));
      const { name, routing } = request({ machineArn, v1, v2, other, deleted });
      const { stateMachineAliasArn } = await sfn.send(new CreateStateMachineAliasCommand({ name: 'steady', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
      const before = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));

      const created = await failureOf(sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration: routing })));
      const updated = name === '123' || name === 'live!' ? created : await failureOf(sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, description: 'half', routingConfiguration: routing })));
      const after = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));

      expect(created.name).toBe(code);
      expect(created.message).toContain(message);
      expect(updated.name).toBe(code);
      expect([after.description, after.routingConfiguration, after.updateDate]).toEqual([before.description, before.routingConfiguration, before.updateDate]);
    });

    it('answers ResourceNotFound for an alias that does not exist', async () => {
      const { machineArn, v1 } = await machineWithTwoVersions();

      const missing = await failureOf(sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${machineArn}:nobody`, routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] })));

      expect(missing).toMatchObject({ name: 'ResourceNotFound', message: 'Request references a resource that does not exist.' });
    });
  });

  describe('executions through qualified ARNs', () => {
    it('routes 1,000 executions through a 90/10 alias within binomial bounds, and records version and alias on each', async () => {
      const { machineArn, v1, v2 } = await machineWithTwoVersions();
      const { stateMachineAliasArn } = await sfn.send(new CreateStateMachineAliasCommand({ name: 'split', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 90 }, { stateMachineVersionArn: v2, weight: 10 }] }));

      for (let index = 0; index < 1000; index += 1) await sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn, name: `split-${index}` }));
      const onV2 = await sfn.send(new ListExecutionsCommand({ stateMachineArn: v2, maxResults: 1000 }));
      const onV1 = await sfn.send(new ListExecutionsCommand({ stateMachineArn: v1, maxResults: 1000 }));
      const throughAlias = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineAliasArn, maxResults: 1000 }));
      const sample = await waitForEnd(defined(onV2.executions?.[0]?.executionArn, 'an execution on v2'));

      // n = 1000, p = 0.1: mean 100, standard deviation 9.5. The seed is fixed, so the count is the same on every
      // run; ±6 standard deviations (43..157) would also hold for any seed but about one run in 500 million.
      const v2Count = onV2.executions!.length;
      expect(v2Count).toBeGreaterThanOrEqual(43);
      expect(v2Count).toBeLessThanOrEqual(157);
      expect(onV1.executions!.length).toBe(1000 - v2Count);
      expect(throughAlias.executions).toHaveLength(1000);
      expect(onV2.executions!.every((execution) => execution.stateMachineVersionArn === v2 && execution.stateMachineAliasArn === stateMachineAliasArn)).toBe(true);
      expect(sample).toMatchObject({ stateMachineArn: machineArn, stateMachineVersionArn: v2, stateMachineAliasArn, output: '"v2"' });
    });

    it('records only the version for a version ARN and neither for the unqualified ARN, even at the same revision', async () => {
      const { machineArn, v2 } = await machineWithTwoVersions();

      const byVersion = await sfn.send(new StartExecutionCommand({ stateMachineArn: v2 }));
      const unqualified = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn }));
      const describedByVersion = await waitForEnd(byVersion.executionArn!);
      const describedUnqualified = await waitForEnd(unqualified.executionArn!);

      expect(byVersion.executionArn).toMatch(/:execution:versions-test-\d+:[0-9a-f-]{36}$/);
      expect(describedByVersion).toMatchObject({ stateMachineVersionArn: v2, output: '"v2"' });
      expect(describedByVersion.stateMachineAliasArn).toBeUndefined();
      expect(describedUnqualified.stateMachineVersionArn).toBeUndefined();
      expect(describedUnqualified.stateMachineAliasArn).toBeUndefined();
    });

    it('finishes an execution on the version it started on, whatever happens to the alias and the definition meanwhile', async () => {
      const machineArn = await createMachine(waitingThenAnswering('v1'));
      const v1 = (await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineArn }))).stateMachineVersionArn!;
      const { stateMachineAliasArn } = await sfn.send(new CreateStateMachineAliasCommand({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
      const early = await sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn, name: 'started-on-v1' }));

      const v2 = (await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: waitingThenAnswering('v2'), publish: true }))).stateMachineVersionArn!;
      await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));
      await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: waitingThenAnswering('unqualified') }));
      await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }));
      const late = await sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn, name: 'started-on-v2' }));
      await clock.advance(60_000);

      const ranEarly = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: early.executionArn }));
      expect(ranEarly).toMatchObject({ stateMachineArn: machineArn, definition: waitingThenAnswering('v1') });
      expect(await waitForEnd(early.executionArn!)).toMatchObject({ status: 'SUCCEEDED', output: '"v1"', stateMachineVersionArn: v1, stateMachineAliasArn });
      expect(await waitForEnd(late.executionArn!)).toMatchObject({ status: 'SUCCEEDED', output: '"v2"', stateMachineVersionArn: v2, stateMachineAliasArn });
      const [started] = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: late.executionArn }))).events ?? [];
      expect(started?.executionStartedEventDetails).toMatchObject({ stateMachineVersionArn: v2, stateMachineAliasArn });
    });

    it('runs StartSyncExecution through an Express version and alias', async () => {
      const { v1, v2 } = await machineWithTwoVersions('EXPRESS');
      const { stateMachineAliasArn } = await sfn.send(new CreateStateMachineAliasCommand({ name: 'sync', routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));

      // StartSyncExecution's endpoint has a `sync-` host prefix, which a local endpoint cannot take.
      const syncClient = new SFNClient({ endpoint: edge.url, region: EDGE_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, disableHostPrefix: true });

      const byVersion = await syncClient.send(new StartSyncExecutionCommand({ stateMachineArn: v1 }));
      const byAlias = await syncClient.send(new StartSyncExecutionCommand({ stateMachineArn: stateMachineAliasArn }));
      syncClient.destroy();

      expect(byVersion).toMatchObject({ status: 'SUCCEEDED', output: '"v1"' });
      expect(byAlias).toMatchObject({ status: 'SUCCEEDED', output: '"v2"' });
    });

    it.each([
      ['a version that was never published', (machineArn: string) => `${machineArn}:9`],
      ['an alias that does not exist', (machineArn: string) => `${machineArn}:nobody`],
    ])('refuses to start %s', async (_case, arnOf) => {
      const { machineArn } = await machineWithTwoVersions();
      const arn = arnOf(machineArn);

      const refused = await failureOf(sfn.send(new StartExecutionCommand({ stateMachineArn: arn })));

      expect(refused).toMatchObject({ name: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${arn}'` });
    });
  });
});
