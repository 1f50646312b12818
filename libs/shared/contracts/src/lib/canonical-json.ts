/**
 * Canonical JSON (RFC 8785, JCS) for the values we hash: object keys sorted by UTF-16 code units,
 * no insignificant white space, numbers and strings as ECMAScript serialises them. `undefined`
 * members are dropped, as JSON.stringify drops them. Strings with a lone surrogate are refused: JCS
 * input must be I-JSON (RFC 7493), and two different texts must never hash alike.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return canonicalString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON has no representation for NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    // A Date, Map or class instance would silently become "{}": only plain JSON objects are hashed.
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw new Error('canonical JSON takes plain objects only');
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${canonicalString(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot represent a ${typeof value}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** RFC 8785 §3.2.2.2: quote and backslash escaped, controls as \b \t \n \f \r or \u00xx (lower case), all else as is. */
function canonicalString(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new Error('canonical JSON refuses a string with a lone surrogate (not I-JSON)');
  return JSON.stringify(text);
}
