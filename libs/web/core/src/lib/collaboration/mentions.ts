/** Someone a comment can @mention: a member of the school. */
export interface MentionCandidate {
  readonly userId: string;
  /** What `@` inserts: the display name. */
  readonly name: string;
  readonly username?: string;
}

export interface MentionQuery {
  /** Index of the `@` in the text. */
  readonly start: number;
  /** What has been typed after the `@`, up to the caret. */
  readonly query: string;
}

const AT = new Set(['@', '＠']);
const MAX_QUERY = 24;

/**
 * Pure: the `@name` being typed at the caret, if any: an `@` at the start of the text, after
 * whitespace or after a non-Latin character (so `name@school.edu.cn` is an address, not a mention),
 * followed by up to the caret without whitespace or another `@`.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const end = Math.max(0, Math.min(caret, text.length));
  for (let i = end - 1; i >= 0 && end - i <= MAX_QUERY + 1; i--) {
    const char = text[i] as string;
    if (/\s/.test(char)) return null;
    if (AT.has(char)) {
      const before = i > 0 ? (text[i - 1] as string) : '';
      if (/[A-Za-z0-9._%+-]/.test(before)) return null;
      return { start: i, query: text.slice(i + 1, end) };
    }
  }
  return null;
}

/** Pure: the candidates matching what was typed after `@`: name or user name, best matches first. */
export function filterMentionCandidates(candidates: readonly MentionCandidate[], query: string, limit = 8): MentionCandidate[] {
  const q = query.trim().toLowerCase();
  const rank = (c: MentionCandidate): number => {
    if (!q) return 1;
    const name = c.name.toLowerCase();
    const username = (c.username ?? '').toLowerCase();
    if (name.startsWith(q) || username.startsWith(q)) return 0;
    if (name.includes(q) || username.includes(q)) return 1;
    return -1;
  };
  return candidates
    .map((candidate, index) => ({ candidate, index, rank: rank(candidate) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** Pure: replaces the `@query` at `query.start`…`caret` with `@name ` and says where the caret goes. */
export function insertMention(text: string, query: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const end = Math.max(query.start + 1, Math.min(caret, text.length));
  const rest = text.slice(end).replace(/^ /, '');
  return { text: text.slice(0, query.start) + inserted + rest, caret: query.start + inserted.length };
}

/**
 * Pure: the user ids of the candidates whose `@name` is still in the text when it is sent (a mention
 * picked and then deleted notifies nobody). Longer names are matched first, so `@黄丽华` is not
 * also read as `@黄丽`.
 */
export function mentionedUserIds(text: string, candidates: readonly MentionCandidate[]): string[] {
  let rest = text.replace(/＠/g, '@');
  const found = new Set<string>();
  for (const candidate of [...candidates].filter((c) => c.name).sort((a, b) => b.name.length - a.name.length)) {
    const token = `@${candidate.name}`;
    if (!rest.includes(token)) continue;
    found.add(candidate.userId);
    rest = rest.split(token).join('\u0000');
  }
  // In the order they appear in the candidates list, for a stable request body.
  return candidates.filter((c) => found.has(c.userId)).map((c) => c.userId).filter((id, i, all) => all.indexOf(id) === i);
}

export interface BodySegment {
  readonly text: string;
  readonly mention: boolean;
}

/**
 * Pure: a comment body cut into plain text and `@name` mentions of the given names, for highlighting.
 * The pieces are rendered as text (escaped), never as HTML.
 */
export function mentionSegments(body: string, names: readonly string[]): BodySegment[] {
  const tokens = [...new Set(names.filter(Boolean))].sort((a, b) => b.length - a.length).map((name) => `@${name}`);
  const segments: BodySegment[] = [];
  let plain = '';
  let i = 0;
  while (i < body.length) {
    const token = body[i] === '@' || body[i] === '＠' ? tokens.find((t) => body.startsWith(t.slice(1), i + 1)) : undefined;
    if (token) {
      if (plain) segments.push({ text: plain, mention: false });
      plain = '';
      segments.push({ text: body.slice(i, i + token.length), mention: true });
      i += token.length;
    } else {
      plain += body[i];
      i++;
    }
  }
  if (plain) segments.push({ text: plain, mention: false });
  return segments;
}
