import {
  COOPERATION_FORM_LABELS,
  DAHE_2024_SECTIONS,
  type FieldDefinition,
  countryName,
  isCode,
  isSectionKey,
  renderEvidenceReferences,
  sectionHeading,
} from '@dahe/shared/form';
import type { Lang } from '../i18n/lang';
import { translate } from '../i18n/translate';
import { type TextSegment, diffStats, diffText } from './text-diff';

/** One field of a section's content as plain text, under its label from the template. */
export interface SectionField {
  /** Stable across versions: the content path (`text`, `rows.0.goals.2024`, `countryCode`). */
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

/** How a citation `〔佐证:<id>〕` reads in a diff: the item's current title when it is known. */
export type EvidenceTitleOf = (itemId: string) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function plain(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Pure: a section's content (as a version stores it) flattened to labelled texts, in the template's
 * order, so that two versions can be compared field by field. Content that does not have the
 * section's shape (an old or hand-made save) is still shown, as JSON, rather than hidden.
 */
export function sectionFields(key: string, content: unknown, lang: Lang, evidenceTitle?: EvidenceTitleOf): SectionField[] {
  if (content === null || content === undefined) return [];
  const cite = (text: string) =>
    renderEvidenceReferences(text, (id) => translate(lang, 'collab.history.citation', { title: evidenceTitle?.(id) ?? id.slice(0, 8) }));
  if (!isSectionKey(key) || !isRecord(content)) return [{ id: 'json', label: translate(lang, 'collab.history.rawContent'), text: JSON.stringify(content, null, 2) }];
  const definition = DAHE_2024_SECTIONS[key];
  switch (definition.kind) {
    case 'narrative':
      return [{ id: 'text', label: sectionHeading(key, lang), text: cite(plain(content['text'])) }];
    case 'fields':
      return (definition.fields as readonly FieldDefinition[])
        .filter((field) => !field.derived)
        .map((field) => ({ id: field.key, label: field.label[lang], text: fieldText(field, content[field.key], lang) }));
    case 'schedule': {
      const rows = Array.isArray(content['rows']) ? (content['rows'] as unknown[]) : [];
      return rows.flatMap((row, index) => {
        const task = isRecord(row) ? row : {};
        const goals = isRecord(task['goals']) ? task['goals'] : {};
        const n = index + 1;
        return [
          { id: `rows.${index}.task`, label: translate(lang, 'collab.history.scheduleTask', { n }), text: cite(plain(task['task'])) },
          ...definition.years.map((year) => ({
            id: `rows.${index}.goals.${year}`,
            label: translate(lang, 'collab.history.scheduleGoal', { n, year }),
            text: cite(plain(goals[year])),
          })),
        ];
      });
    }
  }
}

function fieldText(field: FieldDefinition, value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return '';
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? translate(lang, value ? 'collab.history.yes' : 'collab.history.no') : plain(value);
    case 'cooperationForms':
      return Array.isArray(value) ? value.map((code) => (isCode(code) ? COOPERATION_FORM_LABELS[code][lang] : plain(code))).join(lang === 'zh-CN' ? '、' : ', ') : plain(value);
    case 'stringList':
      return Array.isArray(value) ? value.map(plain).join('\n') : plain(value);
    case 'country':
      return typeof value === 'string' && value ? `${countryName(value, lang)} (${value})` : plain(value);
    default:
      return plain(value);
  }
}

export type FieldChange = 'unchanged' | 'changed' | 'added' | 'removed';

export interface FieldDiff {
  readonly id: string;
  readonly label: string;
  readonly change: FieldChange;
  readonly segments: readonly TextSegment[];
  readonly inserted: number;
  readonly deleted: number;
}

export interface SectionDiff {
  readonly fields: readonly FieldDiff[];
  readonly changed: number;
  readonly unchanged: number;
  readonly inserted: number;
  readonly deleted: number;
}

/**
 * Pure: two versions of a section, field by field: each field's text diff and whether it changed.
 * Fields keep the newer version's order; fields only the older one had follow where they were.
 */
export function diffSectionFields(before: readonly SectionField[], after: readonly SectionField[]): SectionDiff {
  const old = new Map(before.map((field) => [field.id, field]));
  const now = new Map(after.map((field) => [field.id, field]));
  const ids: string[] = after.map((field) => field.id);
  before.forEach((field, index) => {
    if (now.has(field.id)) return;
    // After the field that preceded it in the older version, or first.
    const previous = before.slice(0, index).reverse().find((f) => ids.includes(f.id));
    ids.splice(previous ? ids.indexOf(previous.id) + 1 : 0, 0, field.id);
  });
  const fields = ids.map((id): FieldDiff => {
    const a = old.get(id);
    const b = now.get(id);
    const segments = diffText(a?.text ?? '', b?.text ?? '');
    const { inserted, deleted } = diffStats(segments);
    const change: FieldChange = !a ? 'added' : !b ? 'removed' : a.text === b.text ? 'unchanged' : 'changed';
    return { id, label: (b ?? a)?.label ?? id, change, segments, inserted, deleted };
  });
  return {
    fields,
    changed: fields.filter((f) => f.change !== 'unchanged').length,
    unchanged: fields.filter((f) => f.change === 'unchanged').length,
    inserted: fields.reduce((sum, f) => sum + f.inserted, 0),
    deleted: fields.reduce((sum, f) => sum + f.deleted, 0),
  };
}
