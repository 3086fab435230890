/**
 * The one place where ASL placeholders become resource references.
 *
 * The *.asl.json files stay pure JSON (Workflow Studio, asl-validator and the local engine all load them) and name
 * every deploy-time value as a placeholder string such as "${SmokeTableName}". serverless-step-functions has no
 * `definitionSubstitutions`, but it turns any CloudFormation intrinsic found inside `definition` into an `Fn::Sub`
 * parameter of the compiled DefinitionString (see its README, "Intrinsic functions"). So serverless.yml loads each
 * definition through this module (`${file(statemachines/substitutions.js):smoke}`), which swaps each placeholder
 * for the `Ref` / `Fn::GetAtt` below. The local runtime then resolves those same intrinsics from the packaged
 * template, so nothing is wired twice.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** Placeholder name → CloudFormation intrinsic. Logical ids follow osls naming (`<Name>LambdaFunction`). */
const substitutions = {
  SmokeWriteItemFunctionArn: { 'Fn::GetAtt': ['SmokeWriteItemLambdaFunction', 'Arn'] },
  SmokeTableName: { Ref: 'SmokeTable' },
  ValidateOrderFunctionArn: { 'Fn::GetAtt': ['ValidateOrderLambdaFunction', 'Arn'] },
  ProcessPaymentFunctionArn: { 'Fn::GetAtt': ['ProcessPaymentLambdaFunction', 'Arn'] },
  RefundPaymentFunctionArn: { 'Fn::GetAtt': ['RefundPaymentLambdaFunction', 'Arn'] },
  InventoryTableName: { Ref: 'InventoryTable' },
  OrdersTableName: { Ref: 'OrdersTable' },
  // Ref of an AWS::SQS::Queue is its URL, which is what sqs:sendMessage's QueueUrl takes.
  ApprovalQueueUrl: { Ref: 'ApprovalQueue' },
  SummarizeReviewsFunctionArn: { 'Fn::GetAtt': ['SummarizeReviewsLambdaFunction', 'Arn'] },
  ReviewsBucketName: { Ref: 'ReviewsBucket' },
  ReviewFollowUpsTableName: { Ref: 'ReviewFollowUpsTable' },
  // Ref of an AWS::SNS::Topic is its ARN, which is what sns:publish's TopicArn takes.
  ReviewAlertsTopicArn: { Ref: 'ReviewAlertsTopic' },
  // Settings from serverless.yml's custom.reviews, through the ReviewSentiment mapping (CloudFormation's only way to
  // hand a plain value to a definition). They arrive as text, so the ASL assigns them to variables and reads them
  // with $number() (a substituted number would be a string in the deployed definition).
  ReviewModelId: { 'Fn::FindInMap': ['ReviewSentiment', 'Settings', 'ModelId'] },
  ReviewMaxConcurrency: { 'Fn::FindInMap': ['ReviewSentiment', 'Settings', 'MaxConcurrency'] },
  ReviewFollowUpConfidence: { 'Fn::FindInMap': ['ReviewSentiment', 'Settings', 'FollowUpConfidence'] },
  ResizeImageFunctionArn: { 'Fn::GetAtt': ['ResizeImageLambdaFunction', 'Arn'] },
  ImageResultsBucketName: { Ref: 'ImageResultsBucket' },
};

/**
 * Placeholder name → the serverless.yml setting it takes its value from (a `self:` path, resolved by osls when it loads
 * the definition), for values that are configuration rather than resources: they are written once, in serverless.yml.
 */
const settings = {
  ImageMaxConcurrency: 'self:custom.images.maxConcurrency',
  ThumbnailPrefix: 'self:custom.images.thumbnailPrefix',
  ImageResultsPrefix: 'self:custom.images.resultsPrefix',
};

const PLACEHOLDER = /\$\{([A-Za-z0-9]+)\}/g;

/** Swaps placeholders in one string: a whole-string placeholder becomes the intrinsic, an embedded one an Fn::Join. */
function substituteString(text, map, where) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const intrinsic = map[match[1]];
    if (intrinsic === undefined) {
      throw new Error(`Unknown placeholder "\${${match[1]}}" at ${where}: add it to statemachines/substitutions.js`);
    }
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(intrinsic);
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts.length === 1 ? parts[0] : { 'Fn::Join': ['', parts] };
}

/** Returns a copy of `value` with every placeholder replaced; throws on a placeholder the map does not know. */
function substitute(value, map = substitutions, where = '$') {
  if (typeof value === 'string') return substituteString(value, map, where);
  if (Array.isArray(value)) return value.map((item, index) => substitute(item, map, `${where}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, map, `${where}.${key}`)]));
  }
  return value;
}

/** Reads `statemachines/<name>.asl.json` as written, placeholders included (for tests and tools). */
function readDefinition(name) {
  return JSON.parse(fs.readFileSync(path.join(__dirname, `${name}.asl.json`), 'utf8'));
}

/** The definition ready for serverless-step-functions: placeholders replaced by intrinsics (and `values`, if given). */
function loadDefinition(name, values = {}) {
  return substitute(readDefinition(name), { ...substitutions, ...values }, name);
}

/** The settings' values, each resolved through osls's resolveVariable (what a `${file(...)}` function receives). */
async function resolveSettings(resolveVariable) {
  const entries = await Promise.all(Object.entries(settings).map(async ([name, variable]) => [name, await resolveVariable(variable)]));
  return Object.fromEntries(entries);
}

module.exports = {
  substitutions,
  settings,
  substitute,
  readDefinition,
  loadDefinition,
  // One entry per state machine, read by serverless.yml through ${file(...)}; osls calls the function.
  smoke: () => loadDefinition('smoke'),
  orderProcessing: () => loadDefinition('order-processing'),
  reviewSentiment: () => loadDefinition('review-sentiment'),
  imageProcessing: async ({ resolveVariable }) => loadDefinition('image-processing', await resolveSettings(resolveVariable)),
};
