import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PersonalDataCipher, normaliseMobile } from './personal-data-cipher';
import { csrfTokenFor, newToken, safeEqual, tokenHash } from './tokens';
import { base32Decode, base32Encode, totpAt, verifyTotp } from './totp';

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(randomBytes(32));

  it('round-trips and never stores the clear text', () => {
    const sealed = cipher.encrypt('13812345678');
    expect(sealed.toString('latin1')).not.toContain('13812345678');
    expect(cipher.decrypt(sealed)).toBe('13812345678');
    expect(cipher.encrypt('13812345678').equals(sealed)).toBe(false);
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = cipher.encrypt('13812345678');
    sealed[sealed.length - 1] ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('gives a stable keyed hash, different under another key', () => {
    expect(cipher.lookupHash('13812345678').equals(cipher.lookupHash('13812345678'))).toBe(true);
    expect(new PersonalDataCipher(randomBytes(32)).lookupHash('13812345678').equals(cipher.lookupHash('13812345678'))).toBe(false);
  });

  it('rejects a key of the wrong size', () => {
    expect(() => new PersonalDataCipher(randomBytes(16))).toThrow('32 bytes');
  });
});

describe('normaliseMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['8619912345678', '19912345678'],
  ])('normalises %s', (input, expected) => expect(normaliseMobile(input)).toBe(expected));
  it.each(['1381234567', '23812345678', '12012345678', 'abc'])('rejects %s', (input) => expect(normaliseMobile(input)).toBeUndefined());
});

describe('tokens', () => {
  it('hashes tokens and binds a CSRF value to one session', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenHash(token)).toHaveLength(32);
    expect(csrfTokenFor(token)).toBe(csrfTokenFor(token));
    expect(csrfTokenFor(token)).not.toBe(csrfTokenFor(newToken()));
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", truncated to 6 digits.
  const secret = base32Encode(Buffer.from('12345678901234567890'));
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s gives %s', (seconds, code) => expect(totpAt(secret, seconds * 1000)).toBe(code));

  it('round-trips base32', () => {
    const bytes = randomBytes(20);
    expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
  });

  it('accepts one step of drift and no more', () => {
    const now = 1_700_000_000_000;
    expect(verifyTotp(secret, totpAt(secret, now - 30000), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now + 30000), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now - 90000), now)).toBe(false);
    expect(verifyTotp(secret, '12345', now)).toBe(false);
  });
});
