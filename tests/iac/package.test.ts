/**
 * Packages serverless.yml as a deploy would (offline, no AWS credentials) and asserts on the compiled CloudFormation:
 * runtimes, least-privilege per-function roles, state machine definitions wired through the placeholder map, outputs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { packageService, withPackageLock } from '../../local/deploy/package-service';
import { buildDeployPlan } from '../../local/deploy/plan';
import { readServicePackage, type ServicePackage } from '../../local/deploy/service-package';
import type { TemplateResource } from '../../local/deploy/template';
import { readDefinition, substitutions } from '../../statemachines/substitutions';
import { describeFindings, findCfnLint, runCfnLint } from '../support/cfn-lint';
import { defined } from '../support/defined';

const serviceDir = path.resolve(__dirname, '../..');
/** osls + esbuild take a few seconds; a busy CI machine, or a parallel packaging holding the lock, takes longer. */
const PACKAGE_TIMEOUT_MS = 150_000;

/** Services whose actions support no resource-level permission, so `"*"` is the only correct Resource. */
const ACTIONS_WITHOUT_RESOURCES = [/^xray:/, /^cloudwatch:PutMetricData$/];

/** cfn-lint is a Python tool: where it is not installed, its one test says so and is skipped. */
const cfnLint = findCfnLint();
const CFN_LINT_MISSING = 'cfn-lint is not on PATH, so the compiled template is not linted; `pip install cfn-lint` enables this test';
if (!cfnLint) process.stderr.write(`tests/iac: ${CFN_LINT_MISSING}\n`);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

type Conditions = Record<string, unknown>;

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * Resolves the `Fn::If` (over `Fn::Equals` conditions) that serverless.yml uses for stage-dependent settings, as
 * CloudFormation would for the packaged stage; `Ref: AWS::NoValue` becomes undefined. Other intrinsics stay as written.
 */
function resolveConditionals(value: unknown, conditions: Conditions): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveConditionals(item, conditions)).filter((item) => item !== undefined);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if ('Fn::If' in record) {
    const [name, whenTrue, whenFalse] = record['Fn::If'] as [string, unknown, unknown];
    const [left, right] = (conditions[name] as { 'Fn::Equals': [unknown, unknown] })['Fn::Equals'];
    return resolveConditionals(left === right ? whenTrue : whenFalse, conditions);
  }
  if (record.Ref === 'AWS::NoValue') return undefined;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolveConditionals(item, conditions)]).filter(([, item]) => item !== undefined));
}

/** `{ 'Fn::GetAtt': [id, 'Arn'] }` → id, for a role reference. */
function getAttTarget(value: unknown): string | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
}

describe('serverless package --stage dev', () => {
  let servicePackage: ServicePackage;
  let workDir: string;
  const resources = (type: string): [string, TemplateResource][] => Object.entries(servicePackage.template.Resources).filter(([, resource]) => resource.Type === type);
  const resource = (logicalId: string): TemplateResource => defined(servicePackage.template.Resources[logicalId], `the resource ${logicalId}`);
  /** A resource's properties with the stage's conditions applied (serverless.yml sets some per stage with Fn::If). */
  const propertiesOf = (logicalId: string): Record<string, unknown> =>
    resolveConditionals(resource(logicalId).Properties ?? {}, (servicePackage.template.Conditions ?? {}) as Conditions) as Record<string, unknown>;
  /** The plan the offline runtime makes of the package, with the outputs serverless.yml declares. */
  const localPlan = () =>
    buildDeployPlan({
      template: servicePackage.template,
      context: { stackName: servicePackage.stackName, region: 'us-east-1', accountId: '000000000000' },
      packageDir: servicePackage.directory,
      functionsDir: workDir,
      outputKeys: servicePackage.declaredOutputs,
    });
  const statements = (roleId: string): Statement[] =>
    ((propertiesOf(roleId).Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((policy) => policy.PolicyDocument.Statement);

  beforeAll(async () => {
    // Prepare: no credentials, no AWS config file, no profile: packaging must not need them.
    workDir = mkdtempSync(path.join(tmpdir(), 'iac-package-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(key)));
    env.HOME = workDir;
    env.AWS_CONFIG_FILE = path.join(workDir, 'none');
    env.AWS_SHARED_CREDENTIALS_FILE = path.join(workDir, 'none');
    const packageDir = path.join(workDir, 'package');

    // Act
    await withPackageLock(serviceDir, () => packageService({ serviceDir, stage: 'dev', region: 'us-east-1', packageDir, env }));
    servicePackage = readServicePackage(packageDir);
  }, PACKAGE_TIMEOUT_MS);

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('names the stack <service>-dev', () => {
    // Assess
    expect(servicePackage.stackName).toBe('sfn-reference-dev');
    expect(servicePackage.stage).toBe('dev');
  });

  it('runs every function on nodejs22.x or newer', () => {
    // Act
    const runtimes = resources('AWS::Lambda::Function').map(([id, fn]): [string, string] => [id, String(fn.Properties?.Runtime)]);

    // Assess
    expect(runtimes.length).toBeGreaterThan(0);
    for (const [id, runtime] of runtimes) {
      expect([id, Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? 0) >= 22]).toEqual([id, true]);
    }
  });

  it('bundles each function into its own zip, leaving the AWS SDK v3 to the Lambda runtime', () => {
    // Prepare
    const functions = buildDeployPlan({ template: servicePackage.template, context: { stackName: servicePackage.stackName, region: 'us-east-1', accountId: '000000000000' }, packageDir: servicePackage.directory, functionsDir: workDir }).functions;

    // Act
    const bundles = functions.map((fn) => {
      const entry = `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.js`;
      const source = new AdmZip(fn.artifact).readAsText(entry);
      return { name: fn.name, hasEntry: source.length > 0, bundlesSdk: /^\/\/ node_modules\/@aws-sdk\//m.test(source), sourceMap: new AdmZip(fn.artifact).getEntry(`${entry}.map`) !== null };
    });

    // Assess
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) expect(bundle).toEqual({ name: bundle.name, hasEntry: true, bundlesSdk: false, sourceMap: true });
  });

  it('gives every function its own role, used by no other function', () => {
    // Act
    const roles = resources('AWS::Lambda::Function').map(([, fn]) => getAttTarget(fn.Properties?.Role));

    // Assess
    expect(roles.every((role) => role !== undefined && servicePackage.template.Resources[role]?.Type === 'AWS::IAM::Role')).toBe(true);
    expect(new Set(roles).size).toBe(roles.length);
    expect(servicePackage.template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('grants no wildcard action and no "*" resource where the service supports resource ARNs', () => {
    // Prepare
    const roleIds = resources('AWS::IAM::Role').map(([id]) => id);

    // Act
    const offending = roleIds.flatMap((roleId) =>
      statements(roleId).flatMap((statement) =>
        asArray(statement.Action)
          .filter((action) => action.includes('*') || (asArray(statement.Resource).includes('*') && !ACTIONS_WITHOUT_RESOURCES.some((pattern) => pattern.test(action))))
          .map((action) => `${roleId}: ${action}`),
      ),
    );

    // Assess
    expect(roleIds.length).toBeGreaterThan(0);
    expect(offending).toEqual([]);
  });

  it('lets the smoke function write its table and its own logs, nothing more', () => {
    // Act
    const granted = statements('SmokeWriteItemRole').map((statement) => ({ actions: asArray(statement.Action), resource: statement.Resource }));

    // Assess
    expect(granted).toEqual([
      { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/sfn-reference-dev-smokeWriteItem:*' } },
      { actions: ['dynamodb:PutItem'], resource: { 'Fn::GetAtt': ['SmokeTable', 'Arn'] } },
      { actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resource: '*' },
    ]);
  });

  it('lets the smoke state machine invoke its function and read its table, nothing more', () => {
    // Prepare
    const roleId = getAttTarget(resource('SmokeStateMachine').Properties?.RoleArn) ?? '';

    // Act
    const granted = statements(roleId).map((statement) => ({ actions: asArray(statement.Action), resources: asArray(statement.Resource) }));

    // Assess
    expect(granted).toEqual([
      {
        actions: ['lambda:InvokeFunction'],
        resources: [{ 'Fn::GetAtt': ['SmokeWriteItemLambdaFunction', 'Arn'] }, { 'Fn::Sub': ['${functionArn}:*', { functionArn: { 'Fn::GetAtt': ['SmokeWriteItemLambdaFunction', 'Arn'] } }] }],
      },
      { actions: ['dynamodb:GetItem'], resources: [{ 'Fn::GetAtt': ['SmokeTable', 'Arn'] }] },
    ]);
  });

  it('references the smoke function by Fn::GetAtt and the table by Ref from the ASL placeholders', () => {
    // Prepare
    const [text, parameters] = (resource('SmokeStateMachine').Properties?.DefinitionString as { 'Fn::Sub': [string, Record<string, unknown>] })['Fn::Sub'];
    const definition = JSON.parse(text);
    const parameterOf = (value: string) => parameters[/^\$\{(\w+)\}$/.exec(value)?.[1] ?? ''];

    // Act
    const functionName = parameterOf(definition.States['Write the item'].Parameters.FunctionName);
    const tableName = parameterOf(definition.States['Read the item back'].Parameters.TableName);

    // Assess
    expect(resource('SmokeStateMachine').Properties?.StateMachineType).toBe('STANDARD');
    expect(functionName).toEqual({ 'Fn::GetAtt': ['SmokeWriteItemLambdaFunction', 'Arn'] });
    expect(tableName).toEqual({ Ref: 'SmokeTable' });
  });

  it('leaves no placeholder unsubstituted in any state machine', () => {
    // Act
    const leftovers = resources('AWS::StepFunctions::StateMachine').flatMap(([id, machine]) => {
      const definition = machine.Properties?.DefinitionString as string | { 'Fn::Sub': [string, Record<string, unknown>] | string };
      const sub = typeof definition === 'string' ? definition : definition['Fn::Sub'];
      const [text, parameters]: [string, Record<string, unknown>] = typeof sub === 'string' ? [sub, {}] : sub;
      return [...text.matchAll(/\$\{([^}]+)\}/g)].map(([, name = '']) => name).filter((name) => !(name in parameters) && !name.startsWith('AWS::')).map((name) => `${id}: \${${name}}`);
    });

    // Assess
    expect(resources('AWS::StepFunctions::StateMachine').length).toBeGreaterThan(0);
    expect(leftovers).toEqual([]);
  });

  it('maps every placeholder to a resource, or a mapping entry, the template declares', () => {
    // Act
    const mappings = ((servicePackage.template as { Mappings?: Record<string, Record<string, Record<string, unknown>>> }).Mappings ?? {});
    const targets = Object.entries(substitutions).map(([name, intrinsic]) => {
      const inMap = intrinsic['Fn::FindInMap'];
      if (Array.isArray(inMap)) return [name, mappings[String(inMap[0])]?.[String(inMap[1])]?.[String(inMap[2])] !== undefined];
      const logicalId = 'Ref' in intrinsic ? String(intrinsic.Ref) : getAttTarget(intrinsic);
      return [name, logicalId !== undefined && logicalId in servicePackage.template.Resources];
    });

    // Assess
    expect(targets.every(([, declared]) => declared)).toBe(true);
    expect(JSON.stringify(readDefinition('smoke'))).toContain('${SmokeWriteItemFunctionArn}');
  });

  it('declares the state machine ARN and the table name as outputs', () => {
    // Assess
    expect(servicePackage.declaredOutputs).toEqual(expect.arrayContaining(['SmokeStateMachineArn', 'SmokeTableName']));
    expect(servicePackage.template.Outputs?.SmokeStateMachineArn?.Value).toEqual({ Ref: 'SmokeStateMachine' });
    expect(servicePackage.template.Outputs?.SmokeTableName?.Value).toEqual({ Ref: 'SmokeTable' });
  });

  it('resolves locally into a plan with the outputs serverless.yml declares', () => {
    // Act
    const plan = localPlan();

    // Assess
    expect(plan.outputs).toEqual({
      SmokeStateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sfn-reference-dev-smoke',
      SmokeTableName: 'sfn-reference-dev-smoke',
      ApiUrl: expect.stringMatching(/^https:\/\/[a-z0-9]+\.execute-api\.us-east-1\.amazonaws\.com\/dev$/),
      OrderStateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sfn-reference-dev-order-processing',
      OrderStateMachineAliasArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sfn-reference-dev-order-processing:live',
      InventoryTableName: 'sfn-reference-dev-inventory',
      OrdersTableName: 'sfn-reference-dev-orders',
      PaymentsTableName: 'sfn-reference-dev-payments',
      ApprovalsTableName: 'sfn-reference-dev-approvals',
      ApprovalQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/sfn-reference-dev-approvals',
      ReviewsBucketName: 'sfn-reference-dev-reviews-000000000000-us-east-1',
      SentimentStateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sfn-reference-dev-review-sentiment',
      ReviewFollowUpsTableName: 'sfn-reference-dev-review-follow-ups',
      ReviewAlertsTopicArn: 'arn:aws:sns:us-east-1:000000000000:sfn-reference-dev-review-alerts',
      ReviewAlertsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/sfn-reference-dev-review-alerts',
      ImageBucketName: expect.stringMatching(/^sfn-reference-dev-imagebucket-[a-z0-9]+$/),
      ImageResultsBucketName: expect.stringMatching(/^sfn-reference-dev-imageresultsbucket-[a-z0-9]+$/),
      ImageStateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sfn-reference-dev-image-processing',
    });
    expect(JSON.parse(defined(plan.stateMachines[0], 'the first state machine').definition).States['Write the item'].Parameters.FunctionName).toBe('arn:aws:lambda:us-east-1:000000000000:function:sfn-reference-dev-smokeWriteItem');
  });

  const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
  const logs = (fn: string) => ({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/sfn-reference-dev-${fn}:*` } });
  const xray = { actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resource: '*' };

  it.each([
    ['CreateOrderRole', 'createOrder', [
      { actions: ['dynamodb:BatchGetItem'], resource: getAtt('InventoryTable') },
      { actions: ['dynamodb:PutItem', 'dynamodb:GetItem'], resource: getAtt('OrdersTable') },
      { actions: ['states:StartExecution'], resource: { Ref: 'OrderStateMachineAlias' } },
    ]],
    ['GetOrderRole', 'getOrder', [{ actions: ['dynamodb:GetItem'], resource: getAtt('OrdersTable') }]],
    ['ValidateOrderRole', 'validateOrder', [{ actions: ['dynamodb:BatchGetItem'], resource: getAtt('InventoryTable') }]],
    ['ProcessPaymentRole', 'processPayment', [
      { actions: ['dynamodb:PutItem', 'dynamodb:GetItem'], resource: getAtt('PaymentsTable') },
      { actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], resource: getAtt('IdempotencyTable') },
    ]],
    ['RefundPaymentRole', 'refundPayment', [{ actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], resource: getAtt('PaymentsTable') }]],
    ['DeliverDecisionRole', 'deliverDecision', [
      { actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], resource: getAtt('DecisionOutboxQueue') },
      { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resource: getAtt('ApprovalsTable') },
      { actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resource: { Ref: 'OrderProcessingStateMachine' } },
    ]],
  ])('lets %s reach its own tables and logs, nothing more', (roleId, fn, own) => {
    // Act
    const granted = statements(roleId).map((statement) => ({ actions: asArray(statement.Action), resource: statement.Resource }));

    // Assess
    expect(granted).toEqual([logs(fn), ...own, xray]);
  });

  it('lets the order state machine invoke its three functions, write inventory and orders, send from its sender only, and queue approval requests', () => {
    // Prepare
    const roleId = getAttTarget(resource('OrderProcessingStateMachine').Properties?.RoleArn) ?? '';

    // Act
    const granted = statements(roleId).map((statement) => ({ actions: asArray(statement.Action), resources: asArray(statement.Resource) }));

    // Assess
    expect(roleId).toBe('OrderProcessingStateMachineRole');
    expect(granted).toEqual([
      {
        actions: ['lambda:InvokeFunction'],
        resources: [
          getAtt('ValidateOrderLambdaFunction'),
          { 'Fn::Join': ['', [getAtt('ValidateOrderLambdaFunction'), ':*']] },
          getAtt('ProcessPaymentLambdaFunction'),
          { 'Fn::Join': ['', [getAtt('ProcessPaymentLambdaFunction'), ':*']] },
          getAtt('RefundPaymentLambdaFunction'),
          { 'Fn::Join': ['', [getAtt('RefundPaymentLambdaFunction'), ':*']] },
        ],
      },
      { actions: ['dynamodb:UpdateItem'], resources: [getAtt('InventoryTable'), getAtt('OrdersTable')] },
      {
        actions: ['ses:SendEmail'],
        resources: [
          { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/orders@example.com' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com' },
        ],
      },
      { actions: ['sqs:SendMessage'], resources: [getAtt('ApprovalQueue')] },
    ]);
  });

  const objectsUnder = (bucketId: string, prefix: string) => ({ 'Fn::Join': ['', [getAtt(bucketId), `/${prefix}*`]] });
  const imageMachine = (kind: string, suffix = '') => ({ 'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:${kind}:sfn-reference-dev-image-processing${suffix}` });

  it('lets resizeImage read uploads and its thumbnails, write only thumbnails, and tell a missing thumbnail from a forbidden one', () => {
    // Act
    const granted = statements('ResizeImageRole').map((statement) => ({ actions: asArray(statement.Action), resource: statement.Resource }));

    // Assess
    expect(granted).toEqual([
      logs('resizeImage'),
      { actions: ['s3:GetObject'], resource: [objectsUnder('ImageBucket', 'uploads/'), objectsUnder('ImageBucket', 'thumbnails/')] },
      { actions: ['s3:PutObject'], resource: objectsUnder('ImageBucket', 'thumbnails/') },
      { actions: ['s3:ListBucket'], resource: getAtt('ImageBucket') },
      xray,
    ]);
  });

  it('lets the image state machine list uploads only, write results only, invoke resizeImage and run its own children and Map Runs', () => {
    // Prepare
    const roleId = getAttTarget(resource('ImageProcessingStateMachine').Properties?.RoleArn) ?? '';

    // Act
    const granted = statements(roleId).map((statement) => ({ actions: asArray(statement.Action), resources: asArray(statement.Resource), condition: statement.Condition }));

    // Assess
    expect(roleId).toBe('ImageProcessingStateMachineRole');
    expect(granted).toEqual([
      { actions: ['lambda:InvokeFunction'], resources: [getAtt('ResizeImageLambdaFunction'), { 'Fn::Join': ['', [getAtt('ResizeImageLambdaFunction'), ':*']] }], condition: undefined },
      { actions: ['s3:ListBucket'], resources: [getAtt('ImageBucket')], condition: { StringLike: { 's3:prefix': ['uploads/*'] } } },
      { actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], resources: [objectsUnder('ImageResultsBucket', 'image-processing/')], condition: undefined },
      { actions: ['states:StartExecution'], resources: [imageMachine('stateMachine')], condition: undefined },
      { actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [imageMachine('execution', '/*')], condition: undefined },
      { actions: ['states:DescribeMapRun'], resources: [imageMachine('mapRun', '/*')], condition: undefined },
      { actions: ['states:RedriveExecution'], resources: [imageMachine('execution', '/ImageProcessing:*')], condition: undefined },
    ]);
  });

  it('wires the image pipeline: resizeImage by Fn::GetAtt, the results bucket by Ref, settings from custom.images', () => {
    // Prepare
    const [text, parameters] = (resource('ImageProcessingStateMachine').Properties?.DefinitionString as { 'Fn::Sub': [string, Record<string, unknown>] })['Fn::Sub'];
    const definition = JSON.parse(text);
    const map = definition.States['Resize every image'];
    const parameterOf = (value: string) => parameters[/^\$\{(\w+)\}$/.exec(value)?.[1] ?? ''];
    const environment = (propertiesOf('ResizeImageLambdaFunction').Environment as { Variables: Record<string, unknown> }).Variables;

    // Act
    const wiring = {
      functionName: parameterOf(map.ItemProcessor.States['Resize the image'].Arguments.FunctionName),
      resultsBucket: parameterOf(map.ResultWriter.Arguments.Bucket),
      resultsPrefix: map.ResultWriter.Arguments.Prefix,
      maxConcurrency: map.MaxConcurrency,
      tolerated: map.ToleratedFailurePercentage,
      label: map.Label,
      processor: map.ItemProcessor.ProcessorConfig,
      batcher: map.ItemBatcher,
      thumbnailPrefix: definition.States['Bucket and prefix given?'].Choices[0].Assign.thumbnailPrefix,
    };

    // Assess
    expect(wiring).toEqual({
      functionName: getAtt('ResizeImageLambdaFunction'),
      resultsBucket: { Ref: 'ImageResultsBucket' },
      resultsPrefix: 'image-processing',
      maxConcurrency: 20,
      tolerated: 5,
      label: 'ImageProcessing',
      processor: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
      batcher: undefined,
      thumbnailPrefix: 'thumbnails/',
    });
    expect(environment).toMatchObject({ THUMBNAIL_WIDTHS: '320,1024', THUMBNAIL_PREFIX: 'thumbnails/', MAX_INPUT_BYTES: '26214400', MAX_INPUT_PIXELS: '40000000' });
    expect(servicePackage.template.Outputs?.ImageBucketName?.Value).toEqual({ Ref: 'ImageBucket' });
    expect(servicePackage.template.Outputs?.ImageStateMachineArn?.Value).toEqual({ Ref: 'ImageProcessingStateMachine' });
  });

  it('publishes the order workflow as a version behind a `live` alias that a canary moves and an alarm on the new version rolls back', () => {
    // Act
    const version = servicePackage.template.Resources.OrderStateMachineVersion as TemplateResource & { DeletionPolicy?: string; UpdateReplacePolicy?: string };
    const alias = resource('OrderStateMachineAlias');
    const alarm = resource('OrderVersionFailedAlarm');
    const environment = (propertiesOf('CreateOrderLambdaFunction').Environment as { Variables: Record<string, unknown> }).Variables;

    // Assess
    expect(version).toEqual({
      Type: 'AWS::StepFunctions::StateMachineVersion',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        StateMachineArn: { Ref: 'OrderProcessingStateMachine' },
        StateMachineRevisionId: { 'Fn::GetAtt': ['OrderProcessingStateMachine', 'StateMachineRevisionId'] },
        Description: 'The order workflow as deployed to dev',
      },
    });
    expect(alias.Type).toBe('AWS::StepFunctions::StateMachineAlias');
    expect(alias.Properties).toMatchObject({
      Name: 'live',
      DeploymentPreference: { Type: 'CANARY', StateMachineVersionArn: { Ref: 'OrderStateMachineVersion' }, Percentage: 10, Interval: 10, Alarms: [{ Ref: 'OrderVersionFailedAlarm' }] },
    });
    expect(alias.Properties?.RoutingConfiguration).toBeUndefined();
    expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/States', MetricName: 'ExecutionsFailed', Statistic: 'Sum', ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'OrderStateMachineVersion' } }],
    });
    expect(environment.ORDER_STATE_MACHINE_ARN).toEqual({ Ref: 'OrderStateMachineAlias' });
    expect(servicePackage.template.Outputs?.OrderStateMachineAliasArn?.Value).toEqual({ Ref: 'OrderStateMachineAlias' });
  });

  it('lets nothing start an order execution except through the alias', () => {
    // Act
    const starters = resources('AWS::IAM::Role').flatMap(([roleId]) =>
      statements(roleId).filter((statement) => asArray(statement.Action).some((action) => action === 'states:StartExecution' || action === 'states:*')).map((statement) => ({ roleId, resource: statement.Resource })));

    // Assess: besides the alias, only the review and image machines start executions: their own Distributed Map children.
    expect(starters).toEqual([
      { roleId: 'CreateOrderRole', resource: { Ref: 'OrderStateMachineAlias' } },
      { roleId: 'ReviewSentimentStateMachineRole', resource: { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:sfn-reference-dev-review-sentiment' } },
      { roleId: 'ImageProcessingStateMachineRole', resource: imageMachine('stateMachine') },
    ]);
  });

  it('plans the version, the alias and its alarm for the offline runtime, the alarm watching the version it publishes', () => {
    // Act
    const plan = localPlan();
    const machineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:sfn-reference-dev-order-processing';

    // Assess
    expect(plan.versions?.stateMachineVersions).toEqual([{ logicalId: 'OrderStateMachineVersion', stateMachineArn: machineArn, description: 'The order workflow as deployed to dev' }]);
    expect(plan.versions?.stateMachineAliases).toEqual([expect.objectContaining({
      name: 'live', aliasArn: `${machineArn}:live`,
      deploymentPreference: { type: 'CANARY', stateMachineVersionArn: `${machineArn}:#{LocalVersion.OrderStateMachineVersion}`, percentage: 10, interval: 10, alarms: ['sfn-reference-dev-order-version-failed'] },
    })]);
    expect(plan.versions?.alarms).toEqual([expect.objectContaining({
      alarmName: 'sfn-reference-dev-order-version-failed', metricName: 'ExecutionsFailed', dimensions: { StateMachineArn: `${machineArn}:#{LocalVersion.OrderStateMachineVersion}` },
    })]);
    expect(plan.functions.find((fn) => fn.logicalId === 'CreateOrderLambdaFunction')?.environment.ORDER_STATE_MACHINE_ARN).toBe(`${machineArn}:live`);
  });

  it('declares the order tables with the keys the code uses and a TTL on the idempotency table', () => {
    // Act
    const tables = Object.fromEntries(
      ['InventoryTable', 'OrdersTable', 'PaymentsTable', 'IdempotencyTable', 'ApprovalsTable'].map((id) => {
        const properties = resource(id).Properties ?? {};
        return [id, { key: properties.KeySchema, ttl: properties.TimeToLiveSpecification }];
      }),
    );

    // Assess
    expect(tables).toEqual({
      InventoryTable: { key: [{ AttributeName: 'productId', KeyType: 'HASH' }], ttl: undefined },
      OrdersTable: { key: [{ AttributeName: 'orderId', KeyType: 'HASH' }], ttl: undefined },
      PaymentsTable: { key: [{ AttributeName: 'chargeId', KeyType: 'HASH' }], ttl: undefined },
      IdempotencyTable: { key: [{ AttributeName: 'id', KeyType: 'HASH' }], ttl: { AttributeName: 'expiration', Enabled: true } },
      ApprovalsTable: { key: [{ AttributeName: 'approvalId', KeyType: 'HASH' }], ttl: { AttributeName: 'expiresAtEpoch', Enabled: true } },
    });
  });

  const signingKeyParameterArn = { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/sfn-reference/dev/approval-signing-key' };
  const readSigningKey = [
    { actions: ['ssm:GetParameter'], resource: signingKeyParameterArn, condition: undefined },
    {
      actions: ['kms:Decrypt'],
      resource: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' },
      condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' }, 'kms:EncryptionContext:PARAMETER_ARN': signingKeyParameterArn } },
    },
  ];
  const withCondition = ({ actions, resource }: { actions: string[]; resource: unknown }): { actions: string[]; resource: unknown; condition: unknown } => ({ actions, resource, condition: undefined });

  it.each([
    ['RequestApprovalRole', 'requestApproval', [
      { actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], resource: getAtt('ApprovalQueue') },
      { actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], resource: getAtt('ApprovalsTable') },
      {
        actions: ['ses:SendEmail'],
        resource: [
          { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/approvals@example.com' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com' },
        ],
      },
    ]],
    ['ShowApprovalRole', 'showApproval', [{ actions: ['dynamodb:GetItem'], resource: getAtt('ApprovalsTable') }]],
    ['DecideApprovalRole', 'decideApproval', [
      { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resource: getAtt('ApprovalsTable') },
      { actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resource: { Ref: 'OrderProcessingStateMachine' } },
      { actions: ['sqs:SendMessage'], resource: getAtt('DecisionOutboxQueue') },
    ]],
  ])('lets %s reach its own resources, and read the signing key only through SSM and only on AWS stages', (roleId, fn, own) => {
    // Act
    const granted = statements(roleId).map((statement) => ({ actions: asArray(statement.Action), resource: statement.Resource, condition: statement.Condition }));

    // Assess
    expect(granted).toEqual([logs(fn), ...own, xray].map(withCondition).concat(readSigningKey));
  });

  it.each([
    ['the SSM parameter on stage dev', 'dev', { APPROVAL_SIGNING_KEY_PARAMETER: '/sfn-reference/dev/approval-signing-key' }, ['APPROVAL_SIGNING_KEY']],
    ['the development key, and no SSM access, on stage local', 'local', { APPROVAL_SIGNING_KEY: 'local-development-approval-signing-key-NOT-A-SECRET' }, ['APPROVAL_SIGNING_KEY_PARAMETER']],
  ])('gives the approval functions %s', (_label, stage, present, absent) => {
    // Prepare: the template's one condition, evaluated for `stage` as CloudFormation would.
    const conditions = { IsLocalStage: { 'Fn::Equals': [stage, 'local'] } };

    // Act
    const environments = ['RequestApprovalLambdaFunction', 'ShowApprovalLambdaFunction', 'DecideApprovalLambdaFunction'].map((id) => {
      const properties = resolveConditionals(resource(id).Properties, conditions) as { Environment: { Variables: Record<string, unknown> } };
      return properties.Environment.Variables;
    });
    const signingKeyPolicies = ['RequestApprovalRole', 'ShowApprovalRole', 'DecideApprovalRole'].map(
      (id) => ((resolveConditionals(resource(id).Properties, conditions) as { Policies: { PolicyName: string }[] }).Policies).filter((policy) => policy.PolicyName === 'read-approval-signing-key').length,
    );

    // Assess
    expect(servicePackage.template.Conditions).toEqual({ IsLocalStage: { 'Fn::Equals': ['dev', 'local'] } });
    for (const variables of environments) {
      expect(variables).toEqual(expect.objectContaining({ ...present, APPROVALS_TABLE_NAME: { Ref: 'ApprovalsTable' }, APPROVAL_BASE_URL: expect.objectContaining({ 'Fn::Join': expect.any(Array) }) }));
      for (const name of absent) expect(Object.keys(variables)).not.toContain(name);
    }
    expect(signingKeyPolicies).toEqual(stage === 'local' ? [0, 0, 0] : [1, 1, 1]);
  });

  it('feeds the approval queue to requestApproval in batches of at most 10 with partial failures, and dead-letters a message after 3 receives', () => {
    // Prepare
    const [, mapping] = resources('AWS::Lambda::EventSourceMapping').find(([, resource]) => getAttTarget(resource.Properties?.EventSourceArn) === 'ApprovalQueue') ?? [];
    const queue = resource('ApprovalQueue').Properties ?? {};
    const consumerTimeout = Number(resource('RequestApprovalLambdaFunction').Properties?.Timeout);

    // Act
    const settings = {
      functionName: getAttTarget(mapping?.Properties?.FunctionName),
      batchSize: Number(mapping?.Properties?.BatchSize),
      responseTypes: mapping?.Properties?.FunctionResponseTypes,
      deadLetterQueue: getAttTarget((queue.RedrivePolicy as { deadLetterTargetArn?: unknown }).deadLetterTargetArn),
      maxReceiveCount: (queue.RedrivePolicy as { maxReceiveCount?: unknown }).maxReceiveCount,
      encrypted: [queue.SqsManagedSseEnabled, resource('ApprovalDeadLetterQueue').Properties?.SqsManagedSseEnabled],
    };

    // Assess
    expect(settings).toEqual({
      functionName: 'RequestApprovalLambdaFunction',
      batchSize: expect.any(Number),
      responseTypes: ['ReportBatchItemFailures'],
      deadLetterQueue: 'ApprovalDeadLetterQueue',
      maxReceiveCount: 3,
      encrypted: [true, true],
    });
    expect(settings.batchSize).toBeLessThanOrEqual(10);
    // Lambda's advice for SQS sources: a visibility timeout of at least six times the function's timeout.
    expect(Number(queue.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * consumerTimeout);
  });

  it.each([
    ['GET', 'ShowApprovalLambdaFunction'],
    ['POST', 'DecideApprovalLambdaFunction'],
  ])('routes %s /approvals/{approvalId} to %s', (method, functionId) => {
    // Act
    const route = resources('AWS::ApiGateway::Method').find(([id, resource]) => id.startsWith('ApiGatewayMethodApprovalsApprovalidVar') && resource.Properties?.HttpMethod === method);
    const uri = JSON.stringify((route?.[1].Properties?.Integration as { Uri?: unknown } | undefined)?.Uri);

    // Assess
    expect(uri).toContain(JSON.stringify(getAtt(functionId)));
  });

  it('declares the approvals table and the approval queue as outputs', () => {
    // Assess
    expect(servicePackage.template.Outputs?.ApprovalsTableName?.Value).toEqual({ Ref: 'ApprovalsTable' });
    expect(servicePackage.template.Outputs?.ApprovalQueueUrl?.Value).toEqual({ Ref: 'ApprovalQueue' });
  });

  describe('review sentiment', () => {
    const model = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
    const foundationModel = 'anthropic.claude-haiku-4-5-20251001-v1:0';
    const profileArn = { 'Fn::Sub': `arn:\${AWS::Partition}:bedrock:\${AWS::Region}:\${AWS::AccountId}:inference-profile/${model}` };
    const bucketPath = (folder: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ReviewsBucket', 'Arn'] }, `/${folder}/*`]] });
    /** Every statement of every role in the template that grants an action of `service`, with its role. */
    const grantsOf = (service: string) =>
      resources('AWS::IAM::Role').flatMap(([roleId]) => statements(roleId).filter((statement) => asArray(statement.Action).some((action) => action.startsWith(`${service}:`))).map((statement) => ({ roleId, statement })));

    it('lets only the review state machine call Bedrock, and only the configured model through its inference profile', () => {
      // Act
      const bedrock = grantsOf('bedrock');

      // Assess: the profile in the stack's region, and the foundation model in each region the US profile routes to,
      // usable only through that profile.
      expect(getAttTarget(resource('ReviewSentimentStateMachine').Properties?.RoleArn)).toBe('ReviewSentimentStateMachineRole');
      expect(bedrock).toEqual([
        { roleId: 'ReviewSentimentStateMachineRole', statement: { Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: profileArn } },
        {
          roleId: 'ReviewSentimentStateMachineRole',
          statement: {
            Effect: 'Allow',
            Action: ['bedrock:InvokeModel'],
            Resource: ['us-east-1', 'us-east-2', 'us-west-2'].map((region) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:bedrock:${region}::foundation-model/${foundationModel}` })),
            Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
          },
        },
      ]);
      // The definition invokes that same model: its ModelId is the mapping's, which names the profile.
      expect((servicePackage.template as { Mappings?: unknown }).Mappings).toMatchObject({ ReviewSentiment: { Settings: { ModelId: model } } });
      expect(JSON.stringify(resource('ReviewSentimentStateMachine').Properties?.DefinitionString)).toContain(JSON.stringify({ 'Fn::FindInMap': ['ReviewSentiment', 'Settings', 'ModelId'] }));
    });

    it('lets only the review state machine publish, and only to the alerts topic, whose queue takes messages from that topic alone', () => {
      // Act
      const sns = grantsOf('sns');
      const queuePolicy = propertiesOf('ReviewAlertsQueuePolicy').PolicyDocument as { Statement: (Statement & { Principal: unknown })[] };

      // Assess
      expect(sns).toEqual([{ roleId: 'ReviewSentimentStateMachineRole', statement: { Effect: 'Allow', Action: ['sns:Publish'], Resource: { Ref: 'ReviewAlertsTopic' } } }]);
      expect(propertiesOf('ReviewAlertsSubscription')).toEqual({ TopicArn: { Ref: 'ReviewAlertsTopic' }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['ReviewAlertsQueue', 'Arn'] } });
      expect(queuePolicy.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: { 'Fn::GetAtt': ['ReviewAlertsQueue', 'Arn'] },
          Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'ReviewAlertsTopic' } } },
        },
      ]);
    });

    it('lets the review state machine read reviews, write Map Run files, put follow-ups, run its summary and its own children, nothing more', () => {
      // Act
      const granted = statements('ReviewSentimentStateMachineRole')
        .filter((statement) => !asArray(statement.Action).some((action) => /^(bedrock|sns):/.test(action)))
        .map((statement) => ({ actions: asArray(statement.Action), resources: asArray(statement.Resource as unknown) }));

      // Assess
      const machine = 'sfn-reference-dev-review-sentiment';
      expect(granted).toEqual([
        { actions: ['dynamodb:PutItem'], resources: [{ 'Fn::GetAtt': ['ReviewFollowUpsTable', 'Arn'] }] },
        {
          actions: ['lambda:InvokeFunction'],
          resources: [{ 'Fn::GetAtt': ['SummarizeReviewsLambdaFunction', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['SummarizeReviewsLambdaFunction', 'Arn'] }, ':*']] }],
        },
        { actions: ['s3:GetObject'], resources: [bucketPath('reviews')] },
        { actions: ['s3:ListBucket'], resources: [{ 'Fn::GetAtt': ['ReviewsBucket', 'Arn'] }] },
        { actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], resources: [bucketPath('map-runs')] },
        { actions: ['states:StartExecution'], resources: [{ 'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${machine}` }] },
        { actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [{ 'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${machine}/*` }] },
      ]);
    });

    it('lets the summary function read Map Run files and write summaries, nothing more', () => {
      // Act
      const granted = statements('SummarizeReviewsRole').map((statement) => ({ actions: asArray(statement.Action), resources: asArray(statement.Resource as unknown) }));

      // Assess
      expect(granted.slice(1, -1)).toEqual([
        { actions: ['s3:GetObject'], resources: [bucketPath('map-runs')] },
        { actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [bucketPath('summaries')] },
      ]);
      expect(granted[0]?.actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(granted.at(-1)?.actions).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
    });

    it('declares the reviews bucket and the state machine as outputs', () => {
      expect(servicePackage.template.Outputs?.ReviewsBucketName?.Value).toEqual({ Ref: 'ReviewsBucket' });
      expect(servicePackage.template.Outputs?.SentimentStateMachineArn?.Value).toEqual({ Ref: 'ReviewSentimentStateMachine' });
    });
  });

  (cfnLint ? it : it.skip)(cfnLint ? 'passes cfn-lint with no error or warning beyond the ones .cfnlintrc explains' : `passes cfn-lint (skipped: ${CFN_LINT_MISSING})`, () => {
    // Act
    const findings = runCfnLint(cfnLint as string, path.join(servicePackage.directory, 'cloudformation-template-update-stack.json'));

    // Assess
    expect(describeFindings(findings)).toEqual([]);
  });
});
