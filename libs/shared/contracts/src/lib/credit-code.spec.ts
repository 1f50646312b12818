import { describe, expect, it } from '@jest/globals';
import { creditCodeCheckChar, isValidCreditCode } from './credit-code';

describe('统一社会信用代码', () => {
  it('accepts the worked example of GB 32100-2015', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('rejects a wrong check character, a wrong length and letters outside the alphabet', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M0001O0Y43')).toBe(false);
    expect(creditCodeCheckChar('91350100M0001I0Y4')).toBeUndefined();
  });

  it('computes the check character that makes a code valid', () => {
    const first17 = '12410000MB0000001';
    expect(isValidCreditCode(first17 + creditCodeCheckChar(first17))).toBe(true);
  });
});
