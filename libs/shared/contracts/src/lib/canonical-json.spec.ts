import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys at every depth and drops white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: '职教' } })).toBe('{"a":{"c":"职教","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('serialises numbers as ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 100])).toBe('[1e+21,1e-7,0,0.1,100]');
  });

  it('escapes strings minimally', () => {
    expect(canonicalJson('a"\\\n\u0001€')).toBe('"a\\"\\\\\\n\\u0001€"');
  });

  it('gives the same text for the same value however it was built', () => {
    expect(canonicalJson({ x: 1, y: [true, null] })).toBe(canonicalJson(JSON.parse('{ "y": [true, null], "x": 1 }')));
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });
});
