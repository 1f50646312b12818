import type { SectionCommentDto } from '@dahe/shared/contracts';

/** A thread: its first comment (which carries the resolved state) and the replies, oldest first. */
export interface CommentThread {
  readonly root: SectionCommentDto;
  readonly replies: readonly SectionCommentDto[];
  readonly resolved: boolean;
  /** When the last comment of the thread was written (ISO 8601). */
  readonly lastActivity: string;
}

const byCreated = (a: SectionCommentDto, b: SectionCommentDto) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Pure: the API's flat list (each reply names its thread's first comment) as threads. Open threads
 * first, then resolved ones; within each, the most recently active first. A reply whose first
 * comment is missing becomes a thread of its own rather than disappearing.
 */
export function commentThreads(comments: readonly SectionCommentDto[]): CommentThread[] {
  const roots = new Map(comments.filter((c) => c.threadId === null).map((c) => [c.id, c]));
  const replies = new Map<string, SectionCommentDto[]>();
  const orphans: SectionCommentDto[] = [];
  for (const comment of comments) {
    if (comment.threadId === null) continue;
    if (!roots.has(comment.threadId)) orphans.push(comment);
    else replies.set(comment.threadId, [...(replies.get(comment.threadId) ?? []), comment]);
  }
  const threads = [...roots.values(), ...orphans].map((root): CommentThread => {
    const answers = (replies.get(root.id) ?? []).slice().sort(byCreated);
    const last = answers[answers.length - 1] ?? root;
    return { root, replies: answers, resolved: Boolean(root.resolvedAt), lastActivity: last.createdAt };
  });
  return threads.sort((a, b) => Number(a.resolved) - Number(b.resolved) || b.lastActivity.localeCompare(a.lastActivity) || byCreated(a.root, b.root));
}

/** Pure: the first line of a comment, shortened, for a collapsed thread's summary. */
export function commentSnippet(body: string, max = 40): string {
  const line = body.trim().split(/\r?\n/)[0] ?? '';
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : line;
}
