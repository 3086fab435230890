/**
 * S3's REST-XML documents, both ways: a writer for the responses (ListBucketResult, CopyObjectResult, ...) and a small
 * reader for the three request bodies S3 takes as XML (CreateBucketConfiguration, Delete, CompleteMultipartUpload).
 * The reader knows elements, text and the five predefined entities plus character references, and nothing else: a
 * DOCTYPE is refused, so no entity can expand (the "billion laughs" attack never starts), and depth is capped.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html
 */
import { AwsError } from '../platform/aws-error';
import { escapeXml } from '../platform/protocols/xml';

export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A value the writer turns into XML: text, a number, a boolean, a date (ISO 8601 with milliseconds, as S3 writes it), nested elements, or a list of elements of the same name. */
export type XmlValue = string | number | boolean | Date | undefined | XmlElements | readonly XmlElements[];
export interface XmlElements {
  readonly [name: string]: XmlValue;
}

function writeValue(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item: XmlElements) => writeValue(name, item)).join('');
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') return `<${name}>${writeElements(value as XmlElements)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function writeElements(elements: XmlElements): string {
  return Object.entries(elements).map(([name, value]) => writeValue(name, value)).join('');
}

/** A whole response document: the XML declaration and one root element in S3's namespace. Undefined members are left out. */
export function xmlDocument(root: string, elements: XmlElements): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_XML_NAMESPACE}">${writeElements(elements)}</${root}>`;
}

/** An element of a request document: its local name (namespace prefix dropped), its children and its text. */
export interface XmlNode {
  readonly name: string;
  readonly children: XmlNode[];
  text: string;
}

/** Deeper than any document S3 accepts (Delete is three levels). */
const MAX_DEPTH = 16;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw malformed();
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (!(code >= 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) throw malformed();
      return String.fromCodePoint(code);
    }
    const named = ENTITIES[entity];
    if (named === undefined) throw malformed();
    return named;
  });
}

/** S3's answer to any document it cannot read. https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html */
export function malformed(): AwsError {
  return new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
}

/** Reads a request document into its root element; MalformedXML for anything that is not well-formed. */
export function readXml(text: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|([^<]+)/gy;
  let match: RegExpExecArray | null;
  while (token.lastIndex < text.length && (match = token.exec(text)) !== null) {
    const [whole, cdata, closing, name, , selfClosing, chars] = match;
    const top = stack[stack.length - 1];
    if (chars !== undefined) {
      if (top) top.text += decodeText(chars);
      else if (chars.trim() !== '') throw malformed();
    } else if (cdata !== undefined) {
      if (!top) throw malformed();
      top.text += cdata;
    } else if (name !== undefined) {
      const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
      if (closing) {
        if (!top || top.name !== local) throw malformed();
        stack.pop();
      } else {
        if (root && stack.length === 0) throw malformed();
        const node: XmlNode = { name: local, children: [], text: '' };
        if (top) top.children.push(node);
        else root = node;
        if (!selfClosing) stack.push(node);
        if (stack.length > MAX_DEPTH) throw malformed();
      }
    } else if (whole === '<') {
      // A DOCTYPE, a stray '<' or a tag that does not parse.
      throw malformed();
    }
  }
  if (!root || stack.length > 0 || token.lastIndex < text.length) throw malformed();
  return root;
}

/** The children of a node with this name. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => child.name === name);
}

/** The text of the first child with this name, if any. */
export function childText(node: XmlNode, name: string): string | undefined {
  return node.children.find((child) => child.name === name)?.text;
}
