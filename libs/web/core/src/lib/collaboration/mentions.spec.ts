import { describe, expect, it } from '@jest/globals';
import { filterMentionCandidates, insertMention, mentionQueryAt, mentionSegments, mentionedUserIds } from './mentions';

const members = [
  { userId: 'u-drafter', name: '吴强（起草人）', username: 's1.drafter' },
  { userId: 'u-admin', name: '张明（学校管理员）', username: 's1.admin' },
  { userId: 'u-legal', name: '郭校长（法定代表人）', username: 's1.legal' },
  { userId: 'u-huang', name: '黄丽', username: 's1.contact' },
  { userId: 'u-huanglh', name: '黄丽华', username: 'hlh' },
];

describe('mentionQueryAt', () => {
  it('finds the @name being typed at the caret', () => {
    expect(mentionQueryAt('请 @吴', 4)).toEqual({ start: 2, query: '吴' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('请＠s1', 5)).toEqual({ start: 1, query: 's1' });
  });

  it('accepts an @ right after Chinese text, as people type without spaces', () => {
    expect(mentionQueryAt('请@张', 3)).toEqual({ start: 1, query: '张' });
  });

  it('is not a mention after whitespace, in an e-mail address, or with the caret before the @', () => {
    expect(mentionQueryAt('@吴强 已改', 6)).toBeNull();
    expect(mentionQueryAt('写信给 a@school.edu.cn', 18)).toBeNull();
    expect(mentionQueryAt('请 @吴', 2)).toBeNull();
    expect(mentionQueryAt('没有提醒', 4)).toBeNull();
  });
});

describe('filterMentionCandidates', () => {
  it('matches the display name or the user name, prefixes first', () => {
    expect(filterMentionCandidates(members, '黄').map((m) => m.userId)).toEqual(['u-huang', 'u-huanglh']);
    expect(filterMentionCandidates(members, 'S1.A').map((m) => m.userId)).toEqual(['u-admin']);
    expect(filterMentionCandidates(members, '起草').map((m) => m.userId)).toEqual(['u-drafter']);
    expect(filterMentionCandidates(members, 'zzz')).toEqual([]);
  });

  it('offers everyone (up to the limit) for a bare @', () => {
    expect(filterMentionCandidates(members, '', 3).map((m) => m.userId)).toEqual(['u-drafter', 'u-admin', 'u-legal']);
  });
});

describe('insertMention', () => {
  it('replaces the typed query with @name and a space, caret after it', () => {
    expect(insertMention('请 @吴 看一下', { start: 2, query: '吴' }, 4, '吴强（起草人）')).toEqual({ text: '请 @吴强（起草人） 看一下', caret: 11 });
    expect(insertMention('@', { start: 0, query: '' }, 1, '黄丽')).toEqual({ text: '@黄丽 ', caret: 4 });
  });
});

describe('mentionedUserIds', () => {
  it('sends the ids of the names still in the text', () => {
    expect(mentionedUserIds('@吴强（起草人） 请补充数据，@张明（学校管理员） 知悉', members)).toEqual(['u-drafter', 'u-admin']);
    expect(mentionedUserIds('没有提醒任何人', members)).toEqual([]);
  });

  it('does not read @黄丽华 as @黄丽 too, and accepts the full-width ＠', () => {
    expect(mentionedUserIds('请 @黄丽华 看', members)).toEqual(['u-huanglh']);
    expect(mentionedUserIds('请 ＠黄丽 看，@黄丽华 也看', members)).toEqual(['u-huang', 'u-huanglh']);
  });
});

describe('mentionSegments', () => {
  it('cuts a body into text and mentions, as text (never HTML)', () => {
    expect(mentionSegments('<b>请</b>@吴强（起草人） 补充', ['吴强（起草人）'])).toEqual([
      { text: '<b>请</b>', mention: false },
      { text: '@吴强（起草人）', mention: true },
      { text: ' 补充', mention: false },
    ]);
  });

  it('prefers the longer name and leaves an unknown @ as text', () => {
    expect(mentionSegments('@黄丽华 与 @路人', ['黄丽', '黄丽华'])).toEqual([
      { text: '@黄丽华', mention: true },
      { text: ' 与 @路人', mention: false },
    ]);
    expect(mentionSegments('', ['黄丽'])).toEqual([]);
  });
});
