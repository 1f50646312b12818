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

/** An IEEE 754 double from its 64 bits, as RFC 8785 Appendix B writes them. */
function double(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalJson: the RFC 8785 test data', () => {
  // Appendix B, "Number Serialization Samples": IEEE 754 bits → the required text.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('number %s → %s', (bits, text) => {
    expect(canonicalJson(double(bits))).toBe(text);
  });

  it('refuses NaN and Infinity (Appendix B: 7fffffffffffffff, 7ff0000000000000)', () => {
    expect(() => canonicalJson(double('7fffffffffffffff'))).toThrow();
    expect(() => canonicalJson(double('7ff0000000000000'))).toThrow();
  });

  // §3.2.2.2: the string of the example input, and its canonical text.
  it('escapes the §3.2.2.2 example string exactly', () => {
    const parsed = JSON.parse('"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/"') as string;
    expect(canonicalJson(parsed)).toBe('"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"');
  });

  it('escapes every control character the short way where one exists, else as lower-case \\u00xx', () => {
    expect(canonicalJson('\b\t\n\f\r\u001f\u007f')).toBe('"\\b\\t\\n\\f\\r\\u001f\u007f"');
  });

  // §3.2.3: sorting by UTF-16 code units, not by code points or locale.
  it('sorts the §3.2.3 example keys by UTF-16 code units', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(keys).toHaveLength(7);
  });

  // §3.2.4 / Appendix A: the canonical form of the main example.
  it('produces the §3.2.4 example output', () => {
    const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('refuses lone surrogates and objects that are not plain JSON', () => {
    expect(() => canonicalJson('\ud83d')).toThrow(/surrogate/);
    expect(() => canonicalJson({ ['\ude00']: 1 })).toThrow(/surrogate/);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/plain/);
  });
});
