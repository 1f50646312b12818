import { canonicalJson } from '@dahe/shared/contracts';

/**
 * The merge view of a stale save: the section's content flattened into the places that differ
 * between my text and the one stored now, each shown side by side. Text places can be edited into a
 * merged text; the others (yes/no, lists of codes) are one side or the other.
 *
 * Paths are those of the validation report: `text`, `contactMobile`, `rows[0].goals.2025`.
 */
export interface MergePlace {
  readonly path: string;
  readonly mine: unknown;
  readonly theirs: unknown;
  /** Both sides are text (or missing): the person may edit a merged text. */
  readonly textual: boolean;
  /**
   * Which side the person most likely wants, from the version both edits started from: if only one
   * side changed this place, that side; if both did, mine (they are looking at it), never silently.
   */
  readonly suggested: 'mine' | 'theirs';
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf places of a content: object members and schedule rows are walked; other arrays are leaves. */
export function flattenContent(content: unknown, prefix = ''): Map<string, unknown> {
  const places = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (isPlainObject(value)) {
      for (const [key, member] of Object.entries(value)) walk(member, path ? `${path}.${key}` : key);
    } else if (Array.isArray(value) && path === 'rows') {
      value.forEach((row, index) => walk(row, `rows[${index}]`));
    } else {
      places.set(path, value);
    }
  };
  walk(content, prefix);
  return places;
}

/** Path order for display: schedule rows by index, then the order of first appearance. */
function pathOrder(paths: string[]): string[] {
  const rowOf = (path: string) => {
    const match = /^rows\[(\d+)\]/.exec(path);
    return match ? Number(match[1]) : -1;
  };
  return paths.map((path, index) => ({ path, index, row: rowOf(path) })).sort((a, b) => a.row - b.row || a.index - b.index).map(({ path }) => path);
}

/** Every place where mine and theirs differ, with a suggested side (see {@link MergePlace}). */
export function mergePlaces(mine: unknown, theirs: unknown, base: unknown): MergePlace[] {
  const m = flattenContent(mine);
  const t = flattenContent(theirs);
  const b = flattenContent(base);
  const paths = pathOrder([...new Set([...m.keys(), ...t.keys()])]);
  const places: MergePlace[] = [];
  for (const path of paths) {
    const mineValue = m.get(path);
    const theirsValue = t.get(path);
    if (same(mineValue, theirsValue)) continue;
    const baseValue = b.get(path);
    const textual = (typeof mineValue === 'string' || mineValue === undefined) && (typeof theirsValue === 'string' || theirsValue === undefined);
    const suggested = same(mineValue, baseValue) ? 'theirs' : 'mine';
    places.push({ path, mine: mineValue, theirs: theirsValue, textual, suggested });
  }
  return places;
}

/** A copy of `content` with the value at `path` set (creating objects and schedule rows as needed). */
export function setAtPath(content: unknown, path: string, value: unknown): unknown {
  const root: Record<string, unknown> = isPlainObject(content) ? structuredClone(content) : {};
  const steps = path.split('.').flatMap((step) => {
    const match = /^(\w+)\[(\d+)\]$/.exec(step);
    return match ? [match[1] as string, Number(match[2])] : [step];
  });
  let node: Record<string, unknown> | unknown[] = root;
  steps.forEach((step, index) => {
    const last = index === steps.length - 1;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[step] = value;
      return;
    }
    const next = steps[index + 1];
    if (typeof container[step] !== 'object' || container[step] === null) container[step] = typeof next === 'number' ? [] : {};
    node = container[step] as Record<string, unknown> | unknown[];
  });
  return root;
}

/**
 * The merged content: theirs as the ground, with each differing place taken from the chosen side or
 * the merged text. Schedule rows left wholly empty by the merge are dropped (keeping at least one).
 */
export function mergeContent(theirs: unknown, places: readonly MergePlace[], choices: ReadonlyMap<string, { side: 'mine' | 'theirs' | 'edited'; text?: string }>): unknown {
  let merged: unknown = isPlainObject(theirs) ? structuredClone(theirs) : {};
  for (const place of places) {
    const choice = choices.get(place.path) ?? { side: place.suggested };
    const value = choice.side === 'edited' ? (choice.text ?? '') : choice.side === 'mine' ? place.mine : place.theirs;
    merged = setAtPath(merged, place.path, value === undefined ? (place.textual ? '' : null) : value);
  }
  if (isPlainObject(merged) && Array.isArray(merged['rows'])) {
    const rows = (merged['rows'] as unknown[]).filter((row) => !isEmptyRow(row));
    merged = { ...merged, rows: rows.length > 0 ? rows : (merged['rows'] as unknown[]).slice(0, 1) };
  }
  return merged;
}

function isEmptyRow(row: unknown): boolean {
  if (!isPlainObject(row)) return true;
  const texts = [row['task'], ...Object.values(isPlainObject(row['goals']) ? row['goals'] : {})];
  return texts.every((text) => typeof text !== 'string' || text.trim() === '');
}

/** A value of the merge view as one line of text: lists joined, yes/no as given by `yesNo`. */
export function placeText(value: unknown, yesNo: (answer: boolean) => string, label: (item: string) => string = (item) => item): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return yesNo(value);
  if (Array.isArray(value)) return value.map((item) => label(String(item))).join('、');
  return String(value);
}
