/**
 * SQS's query protocol, still sent by the AWS CLI v1, the JS SDK v2 and other older SDKs: form-encoded parameters with
 * flattened lists and maps (`Attribute.1.Name`, `MessageAttribute.1.Value.StringValue`,
 * `SendMessageBatchRequestEntry.2.MessageBody`), answered in XML. Requests are translated into the JSON protocol's
 * shapes, so one service implements both. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
 */
import { escapeXml } from '../platform/protocols/xml';

export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

type Params = ReadonlyMap<string, string>;
type Input = Record<string, unknown>;

/** Integer parameters (the form carries text). */
const INTEGERS = new Set(['MaxNumberOfMessages', 'WaitTimeSeconds', 'VisibilityTimeout', 'DelaySeconds', 'MaxResults']);
/** `Prefix.N` lists of strings, and the JSON member each becomes. */
const STRING_LISTS: Readonly<Record<string, string>> = {
  AttributeName: 'AttributeNames',
  MessageAttributeName: 'MessageAttributeNames',
  MessageSystemAttributeName: 'MessageSystemAttributeNames',
  TagKey: 'TagKeys',
};
/** `Prefix.N.Id ...` lists of entries, and the JSON member each becomes. */
const ENTRY_LISTS = ['SendMessageBatchRequestEntry', 'DeleteMessageBatchRequestEntry', 'ChangeMessageVisibilityBatchRequestEntry'];

/** Groups `Prefix.N.rest` parameters by N (in numeric order), each group a map of `rest` → value. */
function indexed(params: Params, prefix: string): Map<string, string>[] {
  const groups = new Map<number, Map<string, string>>();
  for (const [key, value] of params) {
    const match = new RegExp(`^${prefix}\\.(\\d+)(?:\\.(.+))?$`).exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const group = groups.get(index) ?? new Map<string, string>();
    group.set(match[2] ?? '', value);
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** `Prefix.N.Name` + `Prefix.N.Value` (or Key/Value) pairs as a map. */
function nameValueMap(params: Params, prefix: string, keyField = 'Name', valueField = 'Value'): Record<string, string> | undefined {
  const groups = indexed(params, prefix);
  if (groups.length === 0) return undefined;
  return Object.fromEntries(groups.filter((group) => group.has(keyField)).map((group) => [group.get(keyField) as string, group.get(valueField) ?? '']));
}

/** `MessageAttribute.N.Name` + `.Value.DataType|StringValue|BinaryValue` as the JSON protocol's attribute map. */
function messageAttributes(params: Params, prefix: string): Record<string, Input> | undefined {
  const groups = indexed(params, prefix);
  if (groups.length === 0) return undefined;
  const attributes: Record<string, Input> = {};
  for (const group of groups) {
    const name = group.get('Name');
    if (name === undefined) continue;
    const value: Input = {};
    for (const field of ['DataType', 'StringValue', 'BinaryValue']) {
      const fieldValue = group.get(`Value.${field}`);
      if (fieldValue !== undefined) value[field] = fieldValue;
    }
    attributes[name] = value;
  }
  return attributes;
}

/** The parameters of one request or batch entry, as the JSON protocol would carry them. */
function toInput(params: Params): Input {
  const input: Input = {};
  for (const [key, value] of params) {
    if (key.includes('.') || key === 'Action' || key === 'Version') continue;
    input[key] = INTEGERS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const attributes = nameValueMap(params, 'Attribute');
  if (attributes) input.Attributes = attributes;
  const tags = nameValueMap(params, 'Tag', 'Key', 'Value');
  if (tags) input.tags = input.Tags = tags;
  for (const [prefix, member] of Object.entries(STRING_LISTS)) {
    const values = indexed(params, prefix).map((group) => group.get('') ?? '');
    if (values.length > 0) input[member] = values;
  }
  const userAttributes = messageAttributes(params, 'MessageAttribute');
  if (userAttributes) input.MessageAttributes = userAttributes;
  const systemAttributes = messageAttributes(params, 'MessageSystemAttribute');
  if (systemAttributes) input.MessageSystemAttributes = systemAttributes;
  return input;
}

/**
 * A query request as the JSON shapes: `Action`, and the input (QueueUrl from the request path when the form has
 * none, as older SDKs post to the queue URL itself).
 */
export function parseQueryRequest(params: URLSearchParams, queueUrlFromPath?: string): { action: string; input: Input } {
  const map = new Map<string, string>(params);
  const input = toInput(map);
  for (const prefix of ENTRY_LISTS) {
    const groups = indexed(map, prefix);
    if (groups.length > 0) input.Entries = groups.map((group) => toInput(group));
  }
  if (input.QueueUrl === undefined && queueUrlFromPath) input.QueueUrl = queueUrlFromPath;
  return { action: map.get('Action') ?? '', input };
}


/** Flattened lists: the element each item of a JSON list member becomes. */
const LIST_ELEMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  SendMessageBatch: { Successful: 'SendMessageBatchResultEntry', Failed: 'BatchResultErrorEntry' },
  DeleteMessageBatch: { Successful: 'DeleteMessageBatchResultEntry', Failed: 'BatchResultErrorEntry' },
  ChangeMessageVisibilityBatch: { Successful: 'ChangeMessageVisibilityBatchResultEntry', Failed: 'BatchResultErrorEntry' },
};
const COMMON_LIST_ELEMENTS: Readonly<Record<string, string>> = { QueueUrls: 'QueueUrl', Messages: 'Message' };
/** Flattened maps: the element of each entry and the names of its key and value. */
const MAP_ELEMENTS: Readonly<Record<string, readonly [string, string, string]>> = {
  Attributes: ['Attribute', 'Name', 'Value'],
  Tags: ['Tag', 'Key', 'Value'],
  MessageAttributes: ['MessageAttribute', 'Name', 'Value'],
};

function renderMembers(value: Record<string, unknown>, action: string): string {
  let xml = '';
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || member === null) continue;
    if (Array.isArray(member)) {
      const element = LIST_ELEMENTS[action]?.[key] ?? COMMON_LIST_ELEMENTS[key] ?? key;
      xml += member.map((item) => renderElement(element, item, action)).join('');
    } else if (MAP_ELEMENTS[key] && typeof member === 'object') {
      const [element, keyName, valueName] = MAP_ELEMENTS[key];
      xml += Object.entries(member as Record<string, unknown>)
        .map(([entryKey, entryValue]) => `<${element}><${keyName}>${escapeXml(entryKey)}</${keyName}>${renderElement(valueName, entryValue, action)}</${element}>`)
        .join('');
    } else {
      xml += renderElement(key, member, action);
    }
  }
  return xml;
}

function renderElement(name: string, value: unknown, action: string): string {
  if (value !== null && typeof value === 'object') return `<${name}>${renderMembers(value as Record<string, unknown>, action)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Actions whose response has no Result element. */
const NO_RESULT = new Set(['DeleteQueue', 'PurgeQueue', 'SetQueueAttributes', 'DeleteMessage', 'ChangeMessageVisibility', 'TagQueue', 'UntagQueue']);

/** `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>`. */
export function renderQueryResponse(action: string, output: Record<string, unknown>, requestId: string): string {
  const result = NO_RESULT.has(action) ? '' : `<${action}Result>${renderMembers(output, action)}</${action}Result>`;
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${SQS_XML_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}
