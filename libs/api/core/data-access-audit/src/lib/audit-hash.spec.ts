import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { GENESIS_HASH, auditEventHash } from './audit-hash';

const event = {
  orgId: '11111111-1111-1111-1111-111111111111',
  chain: 'org',
  seq: 1,
  id: '22222222-2222-2222-2222-222222222222',
  occurredAt: '2024-08-16T07:59:59.000Z',
  action: 'auth.login',
  actorUserId: '33333333-3333-3333-3333-333333333333',
  actorRole: 'school_admin',
  subjectType: null,
  subjectId: null,
  ip: '127.0.0.1',
  data: { sessionId: 's' },
  alg: 'sm3' as const,
};

describe('auditEventHash', () => {
  it('uses SM3 by default, which Node computes to the GB/T 32905 test vector', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(auditEventHash(event, GENESIS_HASH, 'sm3')).toHaveLength(32);
  });

  it('changes with any field, with the previous hash and with the algorithm', () => {
    const base = auditEventHash(event, GENESIS_HASH, 'sm3');
    expect(auditEventHash({ ...event, action: 'auth.logout' }, GENESIS_HASH, 'sm3').equals(base)).toBe(false);
    expect(auditEventHash({ ...event, data: { sessionId: 't' } }, GENESIS_HASH, 'sm3').equals(base)).toBe(false);
    expect(auditEventHash(event, Buffer.alloc(32, 1), 'sm3').equals(base)).toBe(false);
    expect(auditEventHash(event, GENESIS_HASH, 'sha256').equals(base)).toBe(false);
    expect(auditEventHash({ ...event }, GENESIS_HASH, 'sm3').equals(base)).toBe(true);
  });
});
