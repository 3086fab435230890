/**
 * Reads state machine versions, aliases and CloudWatch alarms out of a packaged template: the resources a
 * serverless.yml declares under `resources:` to ship a state machine change safely (serverless-step-functions has
 * no support for versions or aliases). Version numbers are tokens until apply-plan publishes them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachineversion.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachinealias.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
 */
import { COMPARISON_OPERATORS, type ComparisonOperator, type MetricAlarm, type TreatMissingData } from '../cloudwatch/alarms';
import type { Json } from '../engine/types';
import type { DeploymentPreference } from './alias-deployment';
import { resolvedProperties, type IntrinsicResolver } from './intrinsics';
import { TemplateError, type CloudFormationTemplate } from './template';

export interface StateMachineVersionPlan {
  readonly logicalId: string;
  /** The unqualified ARN of the machine to publish. */
  readonly stateMachineArn: string;
  readonly description?: string;
}

export interface StateMachineAliasPlan {
  readonly logicalId: string;
  readonly name: string;
  readonly aliasArn: string;
  readonly description?: string;
  /** Exactly one of these, as CloudFormation requires ("mutually exclusive properties"). */
  readonly routingConfiguration?: readonly { readonly stateMachineVersionArn: string; readonly weight: number }[];
  readonly deploymentPreference?: DeploymentPreference;
}

export interface AlarmPlan extends MetricAlarm {
  readonly logicalId: string;
}

export interface VersionsPlan {
  readonly stateMachineVersions: StateMachineVersionPlan[];
  readonly stateMachineAliases: StateMachineAliasPlan[];
  readonly alarms: AlarmPlan[];
}

type Properties = Record<string, Json>;

const optionalString = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

function integerIn(value: Json | undefined, min: number, max: number, where: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new TemplateError(`${where}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return number;
}

function planPreference(logicalId: string, preference: Properties): DeploymentPreference {
  const where = `Resources.${logicalId}.Properties.DeploymentPreference`;
  const type = preference.Type;
  if (type !== 'ALL_AT_ONCE' && type !== 'CANARY' && type !== 'LINEAR') throw new TemplateError(`${where}.Type: expected ALL_AT_ONCE, CANARY or LINEAR, got ${JSON.stringify(type)}`);
  const percentage = integerIn(preference.Percentage, 1, 99, `${where}.Percentage`);
  const interval = integerIn(preference.Interval, 1, 2100, `${where}.Interval`);
  if (type !== 'ALL_AT_ONCE' && (percentage === undefined || interval === undefined)) throw new TemplateError(`${where}: ${type} needs Percentage and Interval`);
  return {
    type,
    stateMachineVersionArn: String(preference.StateMachineVersionArn),
    ...(percentage === undefined ? {} : { percentage }),
    ...(interval === undefined ? {} : { interval }),
    alarms: Array.isArray(preference.Alarms) ? preference.Alarms.map(String) : [],
  };
}

function planAlias(logicalId: string, properties: Properties, aliasArn: string): StateMachineAliasPlan {
  const where = `Resources.${logicalId}.Properties`;
  const routing = properties.RoutingConfiguration;
  const preference = properties.DeploymentPreference;
  if ((routing === undefined) === (preference === undefined)) throw new TemplateError(`${where}: set exactly one of RoutingConfiguration and DeploymentPreference`);
  return {
    logicalId,
    name: aliasArn.split(':').pop() ?? '',
    aliasArn,
    ...(optionalString(properties.Description) === undefined ? {} : { description: optionalString(properties.Description) }),
    ...(Array.isArray(routing)
      ? { routingConfiguration: routing.map((entry) => ({ stateMachineVersionArn: String((entry as Properties).StateMachineVersionArn), weight: Number((entry as Properties).Weight) })) }
      : { deploymentPreference: planPreference(logicalId, preference as Properties) }),
  };
}

/** The one alarm type the runtime evaluates: a static threshold on the Sum of one metric. */
function planAlarm(logicalId: string, properties: Properties, alarmName: string): AlarmPlan {
  const where = `Resources.${logicalId}.Properties`;
  if (properties.Metrics !== undefined || properties.ExtendedStatistic !== undefined || properties.ThresholdMetricId !== undefined) {
    throw new TemplateError(`${where}: only alarms on one metric's Sum are supported locally (no Metrics, ExtendedStatistic or anomaly detection)`);
  }
  if (properties.Statistic !== 'Sum') throw new TemplateError(`${where}.Statistic: only Sum is supported locally, got ${JSON.stringify(properties.Statistic)}`);
  const operator = properties.ComparisonOperator as ComparisonOperator;
  if (!COMPARISON_OPERATORS.includes(operator)) throw new TemplateError(`${where}.ComparisonOperator: ${JSON.stringify(operator)} is not supported locally`);
  const dimensions = Array.isArray(properties.Dimensions) ? properties.Dimensions.map((dimension) => dimension as Properties) : [];
  const datapointsToAlarm = integerIn(properties.DatapointsToAlarm, 1, 1_000_000, `${where}.DatapointsToAlarm`);
  return {
    logicalId,
    alarmName,
    namespace: String(properties.Namespace),
    metricName: String(properties.MetricName),
    dimensions: Object.fromEntries(dimensions.map((dimension) => [String(dimension.Name), String(dimension.Value)])),
    period: integerIn(properties.Period, 1, 86_400, `${where}.Period`) ?? 60,
    evaluationPeriods: integerIn(properties.EvaluationPeriods, 1, 1_000_000, `${where}.EvaluationPeriods`) ?? 1,
    ...(datapointsToAlarm === undefined ? {} : { datapointsToAlarm }),
    threshold: Number(properties.Threshold),
    comparisonOperator: operator,
    treatMissingData: (optionalString(properties.TreatMissingData) ?? 'missing') as TreatMissingData,
  };
}

export function planVersions(template: CloudFormationTemplate, resolver: IntrinsicResolver): VersionsPlan {
  const plan: VersionsPlan = { stateMachineVersions: [], stateMachineAliases: [], alarms: [] };
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!resolver.resourceExists(logicalId)) continue;
    if (resource.Type === 'AWS::StepFunctions::StateMachineVersion') {
      const properties = resolvedProperties(resolver, logicalId, resource);
      const description = optionalString(properties.Description);
      // StateMachineRevisionId is not checked locally: the machine was just created or updated from this template.
      plan.stateMachineVersions.push({ logicalId, stateMachineArn: String(properties.StateMachineArn), ...(description === undefined ? {} : { description }) });
    } else if (resource.Type === 'AWS::StepFunctions::StateMachineAlias') {
      plan.stateMachineAliases.push(planAlias(logicalId, resolvedProperties(resolver, logicalId, resource), resolver.identity(logicalId, `Resources.${logicalId}`).ref));
    } else if (resource.Type === 'AWS::CloudWatch::Alarm') {
      plan.alarms.push(planAlarm(logicalId, resolvedProperties(resolver, logicalId, resource), resolver.identity(logicalId, `Resources.${logicalId}`).ref));
    }
  }
  return plan;
}
