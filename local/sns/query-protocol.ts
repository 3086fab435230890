/**
 * SNS's wire format, the AWS query protocol (what `@aws-sdk/client-sns` v3 still sends): form-encoded parameters with
 * flattened lists (`Tags.member.1.Key`, `PublishBatchRequestEntries.member.2.Message`) and maps
 * (`Attributes.entry.1.key` / `.value`, `MessageAttributes.entry.1.Name` / `.Value.StringValue`), answered in XML with
 * lists as `<member>` and maps as `<entry><key/><value/></entry>`. Requests become plain objects in the API's own
 * member names, so the service below never sees the wire format.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import { escapeXml } from '../platform/protocols/xml';
import { invalidParameter } from './errors';

export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export type Input = Record<string, unknown>;

/** One node of the dotted-key tree: text at a leaf, children below. */
interface Node {
  text?: string;
  readonly children: Map<string, Node>;
}

const newNode = (): Node => ({ children: new Map() });

/** SNS's deepest parameter has 8 parts (`PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType`). */
const MAX_KEY_PARTS = 10;

/** The form's parameters as the request's members: `member` lists as arrays, `entry` maps as objects. */
export function parseQueryParameters(params: URLSearchParams): { action: string; input: Input } {
  const root = newNode();
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const segments = key.split('.');
    if (segments.length > MAX_KEY_PARTS) throw invalidParameter(`${key.slice(0, 100)} is not a parameter of SNS`);
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) {
        child = newNode();
        node.children.set(segment, child);
      }
      node = child;
    }
    node.text = value;
  }
  const input = toValue(root);
  return { action: params.get('Action') ?? '', input: isRecord(input) ? input : {} };
}

function toValue(node: Node): unknown {
  if (node.children.size === 0) return node.text ?? '';
  const members = node.children.get('member');
  if (members && node.children.size === 1) return inIndexOrder(members).map(toValue);
  const entries = node.children.get('entry');
  if (entries && node.children.size === 1) {
    const pairs = inIndexOrder(entries).flatMap((entry) => {
      // Attributes say key/value; MessageAttributes say Name/Value (their value is itself a structure).
      const key = entry.children.get('key') ?? entry.children.get('Name');
      const value = entry.children.get('value') ?? entry.children.get('Value');
      return key?.text === undefined ? [] : [[key.text, value ? toValue(value) : ''] as const];
    });
    return Object.fromEntries(pairs);
  }
  return Object.fromEntries([...node.children].map(([name, child]) => [name, toValue(child)]));
}

/** `member.1`, `member.2`, ... in numeric order (the form may list them in any order). */
function inIndexOrder(node: Node): Node[] {
  return [...node.children]
    .filter(([index]) => /^\d+$/.test(index))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

function isRecord(value: unknown): value is Input {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Output members that are maps (`<entry><key/><value/></entry>`); every other object is a structure. */
const MAP_MEMBERS = new Set(['Attributes']);

function renderMembers(value: Input): string {
  let xml = '';
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined || member === null) continue;
    if (Array.isArray(member)) {
      xml += `<${name}>${member.map((item) => renderElement('member', item)).join('')}</${name}>`;
    } else if (MAP_MEMBERS.has(name) && isRecord(member)) {
      const entries = Object.entries(member).map(([key, entry]) => `<entry><key>${escapeXml(key)}</key>${renderElement('value', entry)}</entry>`);
      xml += `<${name}>${entries.join('')}</${name}>`;
    } else {
      xml += renderElement(name, member);
    }
  }
  return xml;
}

function renderElement(name: string, value: unknown): string {
  if (isRecord(value)) return `<${name}>${renderMembers(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>`, the result left out for actions with no output. */
export function renderQueryResponse(action: string, output: Input | undefined, requestId: string): string {
  const result = output === undefined ? '' : `<${action}Result>${renderMembers(output)}</${action}Result>`;
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${SNS_XML_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}
