import { describe, expect, it } from '@jest/globals';
import type { SectionCommentDto } from '@dahe/shared/contracts';
import { commentSnippet, commentThreads } from './comment-threads';

const comment = (id: string, createdAt: string, extra: Partial<SectionCommentDto> = {}): SectionCommentDto => ({
  id,
  threadId: null,
  author: 'u1',
  authorName: '黄丽',
  body: id,
  mentions: [],
  createdAt,
  ...extra,
});

describe('commentThreads', () => {
  it('gathers replies under their first comment, oldest reply first', () => {
    const threads = commentThreads([
      comment('a', '2024-08-01T01:00:00Z'),
      comment('a2', '2024-08-01T03:00:00Z', { threadId: 'a' }),
      comment('a1', '2024-08-01T02:00:00Z', { threadId: 'a' }),
    ]);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.replies.map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(threads[0]?.lastActivity).toBe('2024-08-01T03:00:00Z');
  });

  it('lists open threads first, the most recently active first, then resolved ones', () => {
    const threads = commentThreads([
      comment('old', '2024-08-01T01:00:00Z'),
      comment('done', '2024-08-01T05:00:00Z', { resolvedAt: '2024-08-01T06:00:00Z' }),
      comment('new', '2024-08-01T02:00:00Z'),
      comment('old-reply', '2024-08-01T04:00:00Z', { threadId: 'old' }),
    ]);
    expect(threads.map((t) => [t.root.id, t.resolved])).toEqual([
      ['old', false],
      ['new', false],
      ['done', true],
    ]);
  });

  it('keeps a reply whose first comment is missing as a thread of its own', () => {
    expect(commentThreads([comment('lost', '2024-08-01T01:00:00Z', { threadId: 'gone' })]).map((t) => t.root.id)).toEqual(['lost']);
  });
});

describe('commentSnippet', () => {
  it('takes the first line and shortens it by characters', () => {
    expect(commentSnippet('第一行\n第二行')).toBe('第一行');
    expect(commentSnippet('一二三四五六', 4)).toBe('一二三四…');
  });
});
