/**
 * JSON from strangers. `JSON.parse` itself copes with any depth, but everything after it that walks the value
 * recursively (`JSON.stringify`, structured clone, the engine's path and template evaluation) overflows the stack
 * somewhere past a few thousand levels, which would surface as a 5xx long after the request was accepted. So depth is
 * measured first, without recursion, and a document nested deeper than MAX_JSON_DEPTH is refused at the door with the
 * caller's own client error.
 *
 * AWS documents no nesting limit for these APIs; 1,000 is the default maximum nesting depth of Jackson's
 * StreamReadConstraints (2.15+), the parser of AWS's Java front ends, and far beyond any real workflow's data.
 */

export const MAX_JSON_DEPTH = 1000;

export type SafeJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/** How deeply arrays and objects nest in a JSON text (brackets inside strings do not count). Linear, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** Parses `text`, refusing malformed JSON and JSON nested deeper than `maxDepth`; never throws. */
export function parseJsonSafely(text: string, maxDepth = MAX_JSON_DEPTH): SafeJson {
  const depth = jsonDepth(text);
  if (depth > maxDepth) return { ok: false, reason: `JSON nested ${depth} levels deep; at most ${maxDepth} are supported` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
