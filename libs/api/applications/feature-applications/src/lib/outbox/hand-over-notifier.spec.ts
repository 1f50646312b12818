import { describe, expect, it } from '@jest/globals';
import { type HandOver, handOverKind, handOverMessage } from './hand-over-notifier';
import { retryDelayMs } from './outbox-dispatcher';

const move: HandOver = {
  orgId: 'o',
  applicationId: 'a1',
  callId: 'c',
  schoolParentId: 'p',
  action: 'approve',
  from: 'signed',
  to: 'submitted',
  receiptNo: 'DH2024-0007',
  contentHash: 'sm3:abcd',
  comment: '',
};

describe('hand-over messages', () => {
  it.each([
    ['submit_for_signature', 'draft', 'awaiting_signature', 'awaiting_signature'],
    ['sign', 'awaiting_signature', 'signed', 'awaiting_review'],
    ['approve', 'signed', 'submitted', 'submitted'],
    ['return', 'awaiting_signature', 'draft', 'returned'],
    ['return', 'signed', 'draft', 'returned'],
    ['return_for_correction', 'submitted', 'returned', 'returned'],
    ['withdraw', 'draft', 'withdrawn', undefined],
    ['pass_formal_check', 'submitted', 'formal_check_passed', undefined],
    ['decide', 'expert_review', 'approved', undefined],
  ] as const)('%s from %s to %s tells: %s', (action, from, to, kind) => {
    expect(handOverKind({ action, from, to })).toBe(kind);
  });

  it('writes Chinese subjects and bodies with the link, the hash and the receipt number', () => {
    const names = { school: '郑州黄河职业技术学院', call: '2024年大河工坊申报' };
    const submitted = handOverMessage('submitted', move, names, 'https://dahe.example.cn/applications/a1');
    expect(submitted.subject).toBe('【已受理】郑州黄河职业技术学院的申报书（2024年大河工坊申报）已报送省教育厅，回执编号 DH2024-0007');
    expect(submitted.body).toContain('回执编号：DH2024-0007');
    expect(submitted.body).toContain('查看申报书：https://dahe.example.cn/applications/a1');
    expect(handOverMessage('awaiting_signature', move, names, 'x').subject).toBe('【待您签署】郑州黄河职业技术学院的申报书（2024年大河工坊申报）');
    expect(handOverMessage('awaiting_review', move, names, 'x').body).toContain('内容哈希：sm3:abcd');
    expect(handOverMessage('returned', { ...move, comment: '补充预算' }, names, 'x').body).toContain('退回意见：补充预算');
  });

  it('waits twice as long after every failure, at most an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(30, 30_000)).toBe(3600_000);
  });
});
