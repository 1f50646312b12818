/** What a piece of a diff does: kept, added by the newer text, or taken out of the older one. */
export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffPart<T> {
  readonly op: DiffOp;
  readonly items: readonly T[];
}

export interface TextSegment {
  readonly op: DiffOp;
  readonly text: string;
}

/**
 * Past this many edits the two sequences have little in common; the rest is shown as one deletion
 * and one insertion instead of spending quadratic memory on a diff nobody can read anyway.
 */
const MAX_EDIT_DISTANCE = 3000;

/**
 * Pure: the shortest edit script from `a` to `b` (Myers' O(ND) algorithm, after trimming the common
 * prefix and suffix), as runs of equal, deleted and inserted items in order. Deletions come before
 * insertions within a change.
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[], maxEdits = MAX_EDIT_DISTANCE): DiffPart<T>[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const parts: Array<{ op: DiffOp; items: T[] }> = [];
  const push = (op: DiffOp, item: T) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.items.push(item);
    else parts.push({ op, items: [item] });
  };

  for (let i = 0; i < prefix; i++) push('equal', a[i] as T);
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  for (const [op, item] of middle(midA, midB, maxEdits)) push(op, item);
  for (let i = a.length - suffix; i < a.length; i++) push('equal', a[i] as T);
  return normaliseOrder(parts);
}

/** The edit script of the part between the common prefix and suffix. */
function middle<T>(a: readonly T[], b: readonly T[], maxEdits: number): Array<[DiffOp, T]> {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((item) => ['insert', item]);
  if (m === 0) return a.map((item) => ['delete', item]);
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds the furthest x on each diagonal k ∈ [-d, d] after d edits: O(D²) memory.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    const row = new Int32Array(2 * d + 1);
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      row[k + d] = x;
      if (x >= n && y >= m) {
        trace.push(row);
        return backtrack(trace, a, b);
      }
    }
    trace.push(row);
  }
  // Too different: everything out, everything in.
  return [...a.map((item): [DiffOp, T] => ['delete', item]), ...b.map((item): [DiffOp, T] => ['insert', item])];
}

function backtrack<T>(trace: readonly Int32Array[], a: readonly T[], b: readonly T[]): Array<[DiffOp, T]> {
  const script: Array<[DiffOp, T]> = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1] as Int32Array;
    const at = (k: number) => previous[k + d - 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      script.push(['equal', a[--x] as T]);
      y--;
    }
    if (down) script.push(['insert', b[--y] as T]);
    else script.push(['delete', a[--x] as T]);
  }
  while (x > 0 && y > 0) {
    script.push(['equal', a[--x] as T]);
    y--;
  }
  return script.reverse();
}

/** Within each run of changes, the deletions first and the insertions after, each merged into one. */
function normaliseOrder<T>(parts: Array<{ op: DiffOp; items: T[] }>): DiffPart<T>[] {
  const out: DiffPart<T>[] = [];
  let deleted: T[] = [];
  let inserted: T[] = [];
  const flush = () => {
    if (deleted.length > 0) out.push({ op: 'delete', items: deleted });
    if (inserted.length > 0) out.push({ op: 'insert', items: inserted });
    deleted = [];
    inserted = [];
  };
  for (const part of parts) {
    if (part.op === 'equal') {
      flush();
      out.push(part);
    } else if (part.op === 'delete') deleted = deleted.concat(part.items);
    else inserted = inserted.concat(part.items);
  }
  flush();
  return out;
}

/** Lines with their line break, so that joining them gives the text back. */
function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/**
 * Pure: a readable diff of two texts. Lines are compared first; where lines changed, the changed
 * block is compared character by character (code points, so no emoji or rare ideograph is split), and
 * tiny islands of sameness inside a change (a shared "的" between two rewritten clauses) are folded
 * into it so the result reads as whole words replaced rather than confetti.
 */
export function diffText(before: string, after: string): TextSegment[] {
  const out: TextSegment[] = [];
  const lineParts = diffSequences(lines(before), lines(after));
  for (let i = 0; i < lineParts.length; i++) {
    const part = lineParts[i] as DiffPart<string>;
    if (part.op === 'equal') {
      out.push({ op: 'equal', text: part.items.join('') });
      continue;
    }
    const next = lineParts[i + 1];
    if (part.op === 'delete' && next?.op === 'insert') {
      out.push(...diffCharacters(part.items.join(''), next.items.join('')));
      i++;
    } else {
      out.push({ op: part.op, text: part.items.join('') });
    }
  }
  return merge(out);
}

function diffCharacters(before: string, after: string): TextSegment[] {
  const parts = diffSequences(Array.from(before), Array.from(after));
  return foldSmallEqualities(slideToBoundaries(parts.map((part) => ({ op: part.op, text: part.items.join('') }))));
}

/** How good a place for the edge of a change the spot between two characters is (undefined: an end of the text). */
function boundaryScore(before: string | undefined, after: string | undefined): number {
  if (before === undefined || after === undefined) return 6;
  if (before === '\n' || after === '\n') return 5;
  if (/[。！？；.!?;]/.test(before)) return 4;
  if (/[，、,：:）)”」』]/.test(before) || /\s/.test(before) || /\s/.test(after)) return 2;
  return 0;
}

/**
 * A pure insertion or deletion between two equal pieces can often sit in several places with the same
 * cost (adding "。\n新段落" before a final "。" or "\n新段落。" after it). Slides each one to where its
 * edges fall on line breaks and sentence ends, as a person would mark it.
 */
function slideToBoundaries(segments: readonly TextSegment[]): TextSegment[] {
  const out = segments.map((segment) => ({ ...segment }));
  for (let i = 1; i + 1 < out.length; i++) {
    const prev = out[i - 1] as TextSegment;
    const edit = out[i] as TextSegment;
    const next = out[i + 1] as TextSegment;
    if (prev.op !== 'equal' || next.op !== 'equal' || edit.op === 'equal') continue;
    const a = Array.from(prev.text);
    let e = Array.from(edit.text);
    const b = Array.from(next.text);
    // As far left as it goes…
    while (a.length > 0 && a[a.length - 1] === e[e.length - 1]) {
      b.unshift(e[e.length - 1] as string);
      e = [a.pop() as string, ...e.slice(0, -1)];
    }
    // …then each place to the right, keeping the best (the rightmost of equals).
    const score = () => boundaryScore(a[a.length - 1], e[0]) + boundaryScore(e[e.length - 1], b[0]);
    let best = { score: score(), a: a.join(''), e: e.join(''), b: b.join('') };
    while (b.length > 0 && e[0] === b[0]) {
      a.push(e.shift() as string);
      e.push(b.shift() as string);
      const current = score();
      if (current >= best.score) best = { score: current, a: a.join(''), e: e.join(''), b: b.join('') };
    }
    out[i - 1] = { op: 'equal', text: best.a };
    out[i] = { op: edit.op, text: best.e };
    out[i + 1] = { op: 'equal', text: best.b };
  }
  return merge(out);
}

interface ChangeRun {
  deleted: string;
  inserted: string;
}

const runSize = (run: ChangeRun) => Math.max([...run.deleted].length, [...run.inserted].length);

/** Folds an equal piece of one or two characters (no line break) that sits between two larger changes. */
function foldSmallEqualities(segments: readonly TextSegment[]): TextSegment[] {
  // Alternate equal texts and change runs, then fold until nothing changes.
  const items: Array<string | ChangeRun> = [];
  for (const segment of segments) {
    const last = items[items.length - 1];
    if (segment.op === 'equal') items.push(segment.text);
    else {
      const run = typeof last === 'object' ? last : { deleted: '', inserted: '' };
      if (run !== last) items.push(run);
      if (segment.op === 'delete') run.deleted += segment.text;
      else run.inserted += segment.text;
    }
  }
  let folded = true;
  while (folded) {
    folded = false;
    for (let i = 1; i + 1 < items.length; i++) {
      const equal = items[i];
      const before = items[i - 1];
      const after = items[i + 1];
      if (typeof equal !== 'string' || typeof before !== 'object' || typeof after !== 'object') continue;
      const size = [...equal].length;
      if (size > 2 || equal.includes('\n') || size >= runSize(before) || size >= runSize(after)) continue;
      items.splice(i - 1, 3, { deleted: before.deleted + equal + after.deleted, inserted: before.inserted + equal + after.inserted });
      folded = true;
      break;
    }
  }
  return items.flatMap((item): TextSegment[] =>
    typeof item === 'string'
      ? [{ op: 'equal', text: item }]
      : [
          ...(item.deleted ? [{ op: 'delete' as const, text: item.deleted }] : []),
          ...(item.inserted ? [{ op: 'insert' as const, text: item.inserted }] : []),
        ],
  );
}

function merge(segments: readonly TextSegment[]): TextSegment[] {
  const out: TextSegment[] = [];
  for (const segment of segments) {
    if (segment.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.op === segment.op) out[out.length - 1] = { op: last.op, text: last.text + segment.text };
    else out.push(segment);
  }
  return out;
}

/** Pure: how many characters (code points, line breaks not counted) a diff inserts and deletes. */
export function diffStats(segments: readonly TextSegment[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const segment of segments) {
    const size = [...segment.text.replace(/\n/g, '')].length;
    if (segment.op === 'insert') inserted += size;
    else if (segment.op === 'delete') deleted += size;
  }
  return { inserted, deleted };
}

/** Pure: the text a diff was made from (`'before'`) or to (`'after'`). */
export function diffSide(segments: readonly TextSegment[], side: 'before' | 'after'): string {
  const skip: DiffOp = side === 'before' ? 'insert' : 'delete';
  return segments
    .filter((segment) => segment.op !== skip)
    .map((segment) => segment.text)
    .join('');
}

/** A stretch of unchanged text left out of a compact diff: how many characters it had. */
export interface SkippedSegment {
  readonly op: 'skip';
  readonly count: number;
}

export type DisplaySegment = TextSegment | SkippedSegment;

/**
 * Pure: a compact view of a diff: long unchanged stretches keep `context` characters next to each
 * change and say how many were left out. A diff without changes is returned as it is.
 */
export function collapseUnchanged(segments: readonly TextSegment[], context = 60): DisplaySegment[] {
  if (!segments.some((segment) => segment.op !== 'equal')) return [...segments];
  const out: DisplaySegment[] = [];
  segments.forEach((segment, index) => {
    if (segment.op !== 'equal') {
      out.push(segment);
      return;
    }
    const chars = Array.from(segment.text);
    const first = index === 0;
    const last = index === segments.length - 1;
    const keep = (first ? 0 : context) + (last ? 0 : context);
    if (chars.length <= keep + 20) {
      out.push(segment);
      return;
    }
    const head = first ? '' : chars.slice(0, context).join('');
    const tail = last ? '' : chars.slice(chars.length - context).join('');
    if (head) out.push({ op: 'equal', text: head });
    out.push({ op: 'skip', count: chars.length - (first ? 0 : context) - (last ? 0 : context) });
    if (tail) out.push({ op: 'equal', text: tail });
  });
  return out;
}
