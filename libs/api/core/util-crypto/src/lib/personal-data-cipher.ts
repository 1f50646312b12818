import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest (mobile numbers, TOTP secrets): AES-256-GCM with a key from configuration, and a
 * keyed hash (HMAC-SHA-256 under a derived key) to find a record by value without storing it in clear.
 * A pg_dump therefore holds no phone number.
 */
export class PersonalDataCipher {
  private readonly encryptionKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the data key must be 32 bytes (base64 of 32 random bytes)');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'dahe/personal-data/encrypt', 32));
    this.lookupKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'dahe/personal-data/lookup', 32));
  }

  static fromBase64(value: string): PersonalDataCipher {
    return new PersonalDataCipher(Buffer.from(value, 'base64'));
  }

  /** iv (12) ‖ tag (16) ‖ ciphertext */
  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Same value → same hash, so a unique index and a lookup work; the value itself is not stored. */
  lookupHash(value: string): Buffer {
    return createHmac('sha256', this.lookupKey).update(value).digest();
  }
}

/** Mainland mobile numbers: 11 digits starting with 1, optional +86 / 86 prefix and separators. */
export function normaliseMobile(value: string): string | undefined {
  const digits = value.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}
