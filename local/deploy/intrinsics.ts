/**
 * Resolves CloudFormation intrinsic functions locally, as CloudFormation would at stack creation, so that the
 * packaged template's values (function environments, state machine definitions, outputs) can be deployed into
 * the offline runtime. Supported: Ref (resources, parameters, pseudo parameters), Fn::GetAtt, Fn::Sub (both forms),
 * Fn::Join, Fn::Select, Fn::Split, Fn::If with Conditions (Fn::Equals/And/Or/Not, Condition), Fn::FindInMap,
 * Fn::GetAZs, Fn::Base64. Anything else is a TemplateError naming the intrinsic and where it was found.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 */
import type { Json } from '../engine/types';
import { describeResource, type ResourceIdentity } from './resource-identities';
import { TemplateError, type CloudFormationTemplate, type StackContext, type TemplateResource } from './template';

/** `Ref: AWS::NoValue`: removes the property it is the value of. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
type Resolved = Json | typeof NO_VALUE;

export interface IntrinsicResolver {
  /** The value with every intrinsic resolved; undefined when it is `AWS::NoValue`. `where` names it in errors. */
  resolve(value: unknown, where: string): Json | undefined;
  /** Whether a resource or output guarded by this condition exists. */
  condition(name: string): boolean;
  /** Whether the resource exists in this stack (its Condition, if any, holds). */
  resourceExists(logicalId: string): boolean;
  /** What Ref / Fn::GetAtt give for a resource. */
  identity(logicalId: string, where: string): ResourceIdentity;
}

/** A resource's Properties with every intrinsic resolved: {} when it has none. */
export function resolvedProperties(resolver: IntrinsicResolver, logicalId: string, resource: TemplateResource): Record<string, Json> {
  return (resolver.resolve(resource.Properties ?? {}, `Resources.${logicalId}.Properties`) ?? {}) as Record<string, Json>;
}

const UNSUPPORTED = new Set(['Fn::ImportValue', 'Fn::Transform', 'Fn::Cidr', 'Fn::ToJsonString', 'Fn::Length', 'Fn::ForEach', 'Fn::GetStackOutput']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single key of `{ "Fn::X": ... }` or `{ "Ref": ... }`, when `value` is an intrinsic call. */
function intrinsicName(value: Record<string, unknown>): string | undefined {
  const [key, ...others] = Object.keys(value);
  if (key === undefined || others.length > 0) return undefined;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

function stackId(context: StackContext): string {
  return `arn:${context.partition ?? 'aws'}:cloudformation:${context.region}:${context.accountId}:stack/${context.stackName}/00000000-0000-0000-0000-000000000000`;
}

/** Creates a resolver over one template; identities and conditions are computed once and cached. */
export function createIntrinsicResolver(template: CloudFormationTemplate, context: StackContext): IntrinsicResolver {
  const identities = new Map<string, ResourceIdentity>();
  const conditions = new Map<string, boolean>();
  const inProgress = new Set<string>();

  const fail = (where: string, message: string): never => {
    throw new TemplateError(`${where}: ${message}`);
  };

  const pseudo: Record<string, () => Resolved> = {
    'AWS::Region': () => context.region,
    'AWS::AccountId': () => context.accountId,
    'AWS::Partition': () => context.partition ?? 'aws',
    'AWS::StackName': () => context.stackName,
    'AWS::StackId': () => stackId(context),
    'AWS::URLSuffix': () => context.urlSuffix ?? 'amazonaws.com',
    'AWS::NotificationARNs': () => [],
    'AWS::NoValue': () => NO_VALUE,
  };

  function guarded<T>(key: string, where: string, compute: () => T): T {
    if (inProgress.has(key)) fail(where, `circular reference through ${key}`);
    inProgress.add(key);
    try {
      return compute();
    } finally {
      inProgress.delete(key);
    }
  }

  function condition(name: string, where = `Conditions.${name}`): boolean {
    const known = conditions.get(name);
    if (known !== undefined) return known;
    const definition = template.Conditions?.[name];
    if (definition === undefined) fail(where, `Condition "${name}" is not defined in Conditions`);
    const value = guarded(`Conditions.${name}`, where, () => resolveValue(definition, `Conditions.${name}`));
    if (typeof value !== 'boolean') fail(`Conditions.${name}`, `a condition must evaluate to true or false, got ${JSON.stringify(value)}`);
    conditions.set(name, value as boolean);
    return value as boolean;
  }

  function resourceExists(logicalId: string): boolean {
    const resource = template.Resources[logicalId];
    return resource !== undefined && (resource.Condition === undefined || condition(resource.Condition, `Resources.${logicalId}.Condition`));
  }

  function identity(logicalId: string, where: string): ResourceIdentity {
    const known = identities.get(logicalId);
    if (known) return known;
    const resource = template.Resources[logicalId];
    if (!resource) return fail(where, `no resource, parameter or pseudo parameter named "${logicalId}"`);
    if (!resourceExists(logicalId)) fail(where, `resource ${logicalId} is not created (its condition ${resource.Condition} is false)`);
    const computed = guarded(`Resources.${logicalId}`, where, () =>
      describeResource({
        logicalId,
        resource,
        context,
        property: (name) => resolveOptional(resource.Properties?.[name], `Resources.${logicalId}.Properties.${name}`),
      }),
    );
    if (!computed) fail(where, `Ref/Fn::GetAtt of ${logicalId} (${resource.Type}) is not supported by the local runtime`);
    identities.set(logicalId, computed as ResourceIdentity);
    return computed as ResourceIdentity;
  }

  function ref(name: unknown, where: string): Resolved {
    if (typeof name !== 'string') return fail(where, 'Ref takes a logical id string');
    const pseudoValue = pseudo[name];
    if (pseudoValue) return pseudoValue();
    const parameter = template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) fail(where, `parameter ${name} has no Default and the local deploy passes no parameter values`);
      return resolveValue(parameter.Default, `Parameters.${name}.Default`);
    }
    return identity(name, where).ref;
  }

  function getAtt(args: unknown, where: string): Resolved {
    const [logicalId, attribute] = typeof args === 'string' ? [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)] : Array.isArray(args) ? args : [];
    if (typeof logicalId !== 'string' || typeof attribute !== 'string' || !logicalId) return fail(where, 'Fn::GetAtt takes [logicalId, attribute] or "logicalId.attribute"');
    const found = identity(logicalId, where);
    const value = found.attributes[attribute];
    if (value === undefined) {
      // identity() found the resource, so Resources[logicalId] exists here.
      return fail(where, `Fn::GetAtt ${logicalId}.${attribute} is not supported by the local runtime (${template.Resources[logicalId]?.Type} has ${Object.keys(found.attributes).join(', ') || 'no attributes'})`);
    }
    return value;
  }

  function asString(value: Resolved, where: string, what: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return fail(where, `${what} must be a string, got ${value === NO_VALUE ? 'AWS::NoValue' : JSON.stringify(value)}`);
  }

  function asList(value: Resolved, where: string, what: string): Json[] {
    if (Array.isArray(value)) return value;
    return fail(where, `${what} must be a list, got ${JSON.stringify(value)}`);
  }

  function sub(args: unknown, where: string): string {
    const [text, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) && args.length === 2 ? args : [undefined, undefined];
    if (typeof text !== 'string' || !isRecord(variables)) return fail(where, 'Fn::Sub takes a string or [string, { name: value }]');
    const values = new Map<string, Resolved>(Object.entries(variables).map(([name, value]) => [name, resolveValue(value, `${where}.${name}`)]));
    // `${!Literal}` writes `${Literal}`; `${Name}` is a variable, a Ref or (with a dot) a GetAtt.
    return text.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      if (values.has(name)) return asString(values.get(name) as Resolved, where, `Fn::Sub variable ${name}`);
      const value = name.includes('.') && !name.startsWith('AWS::') ? getAtt(name, where) : ref(name, where);
      return asString(value, where, `Fn::Sub value \${${name}}`);
    });
  }

  function call(name: string, args: unknown, where: string): Resolved {
    const at = `${where} (${name})`;
    switch (name) {
      case 'Ref':
        return ref(args, at);
      case 'Condition':
        return typeof args === 'string' ? condition(args, at) : fail(at, 'Condition takes a condition name');
      case 'Fn::GetAtt':
        return getAtt(resolveValue(args, at), at);
      case 'Fn::Sub':
        return sub(args, at);
      case 'Fn::Join': {
        const [delimiter, list] = Array.isArray(args) ? args : [];
        const items = asList(resolveValue(list, at), at, 'Fn::Join list');
        return items.map((item, index) => asString(item, at, `Fn::Join item ${index}`)).join(asString(resolveValue(delimiter, at), at, 'Fn::Join delimiter'));
      }
      case 'Fn::Select': {
        const [index, list] = Array.isArray(args) ? args : [];
        const items = asList(resolveValue(list, at), at, 'Fn::Select list');
        const position = Number(resolveValue(index, at));
        const item = Number.isInteger(position) && position >= 0 ? items[position] : undefined;
        if (item === undefined) return fail(at, `index ${String(index)} is out of range for a list of ${items.length}`);
        return item;
      }
      case 'Fn::Split': {
        const [delimiter, source] = Array.isArray(args) ? args : [];
        return asString(resolveValue(source, at), at, 'Fn::Split source').split(asString(resolveValue(delimiter, at), at, 'Fn::Split delimiter'));
      }
      case 'Fn::If': {
        const [conditionName, whenTrue, whenFalse] = Array.isArray(args) ? args : [];
        if (typeof conditionName !== 'string') return fail(at, 'Fn::If takes [conditionName, valueIfTrue, valueIfFalse]');
        return resolveValue(condition(conditionName, at) ? whenTrue : whenFalse, at);
      }
      case 'Fn::Equals': {
        const [left, right] = Array.isArray(args) ? args : [];
        return JSON.stringify(resolveValue(left, at)) === JSON.stringify(resolveValue(right, at));
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const operands = asList(resolveValue(args, at), at, `${name} operands`);
        if (operands.some((operand) => typeof operand !== 'boolean')) fail(at, `${name} operands must be conditions`);
        return name === 'Fn::And' ? operands.every(Boolean) : operands.some(Boolean);
      }
      case 'Fn::Not': {
        const [operand] = asList(resolveValue(args, at), at, 'Fn::Not operand');
        if (typeof operand !== 'boolean') fail(at, 'Fn::Not takes one condition');
        return !operand;
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = asList(resolveValue(args, at), at, 'Fn::FindInMap arguments').map((part) => asString(part, at, 'Fn::FindInMap key'));
        if (map === undefined || top === undefined || second === undefined) return fail(at, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
        const value = template.Mappings?.[map]?.[top]?.[second];
        if (value === undefined) fail(at, `no Mappings.${map}.${top}.${second}`);
        return resolveValue(value, at);
      }
      case 'Fn::GetAZs': {
        const region = asString(resolveValue(args, at), at, 'Fn::GetAZs region') || context.region;
        return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
      }
      case 'Fn::Base64':
        return Buffer.from(asString(resolveValue(args, at), at, 'Fn::Base64 value')).toString('base64');
      default:
        return fail(where, `${name} is not supported by the local runtime${UNSUPPORTED.has(name) ? '' : ' (unknown intrinsic function)'}`);
    }
  }

  function resolveValue(value: unknown, where: string): Resolved {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) {
      return value.map((item, index) => resolveValue(item, `${where}[${index}]`)).filter((item): item is Json => item !== NO_VALUE);
    }
    if (isRecord(value)) {
      const name = intrinsicName(value);
      if (name) return call(name, value[name], where);
      const result: Record<string, Json> = {};
      for (const [key, item] of Object.entries(value)) {
        const resolved = resolveValue(item, `${where}.${key}`);
        if (resolved !== NO_VALUE) result[key] = resolved;
      }
      return result;
    }
    return fail(where, `unexpected value ${String(value)}`);
  }

  function resolveOptional(value: unknown, where: string): Json | undefined {
    if (value === undefined) return undefined;
    const resolved = resolveValue(value, where);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  return { resolve: resolveOptional, condition: (name) => condition(name), resourceExists, identity };
}
