import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import {
  COOPERATION_FORM_LABELS,
  DAHE_2024,
  type FieldDefinition,
  type Lang,
  type SectionDefinition,
  countryName,
  isCode,
  renderEvidenceReferences,
} from '@dahe/shared/form';
import { I18nService, TranslatePipe, paragraphsOf, translate } from '@dahe/web/core';

export interface FieldRow {
  readonly key: string;
  readonly label: string;
  readonly group?: string;
  readonly value: string;
}

type ShownSection =
  | { readonly kind: 'fields'; readonly key: string; readonly heading: string; readonly groupHeading?: string; readonly rows: readonly FieldRow[] }
  | { readonly kind: 'narrative'; readonly key: string; readonly heading: string; readonly groupHeading?: string; readonly paragraphs: readonly string[] }
  | {
      readonly kind: 'schedule';
      readonly key: string;
      readonly heading: string;
      readonly groupHeading?: string;
      readonly taskColumn: string;
      readonly goalsColumn: string;
      readonly years: readonly string[];
      readonly rows: readonly { readonly task: string; readonly goals: readonly string[] }[];
    };

/** Where the sections are shown: the printed form (signing page) or an expert's review sheet. */
export type FormSectionsVariant = 'print' | 'review';

const VARIANTS: Readonly<Record<FormSectionsVariant, { readonly testIdPrefix: string; readonly blank: string }>> = {
  print: { testIdPrefix: 'print-', blank: '' },
  review: { testIdPrefix: 'review-section-', blank: '—' },
};

export const contentRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Pure: the rows of a fields section as the form words them; `schoolName` fills the derived 申报学校. */
export function formFieldRows(fields: readonly FieldDefinition[], data: Record<string, unknown>, lang: Lang, schoolName: string): FieldRow[] {
  return fields.map((field) => ({ key: field.key, label: field.label[lang], ...(field.group ? { group: field.group[lang] } : {}), value: fieldValue(field, data[field.key], lang, schoolName) }));
}

function fieldValue(field: FieldDefinition, value: unknown, lang: Lang, schoolName: string): string {
  if (field.derived === 'organisation') return schoolName;
  switch (field.type) {
    case 'boolean':
      return value === true ? translate(lang, 'signoff.print.yes') : value === false ? translate(lang, 'signoff.print.no') : '';
    case 'cooperationForms':
      return Array.isArray(value) ? value.filter(isCode).map((code) => COOPERATION_FORM_LABELS[code][lang]).join(lang === 'zh-CN' ? '、' : ', ') : '';
    case 'stringList':
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').join(lang === 'zh-CN' ? '；' : '; ') : '';
    case 'country':
      return typeof value === 'string' && value ? countryName(value, lang) : '';
    default:
      return typeof value === 'string' ? value : '';
  }
}

/** Evidence citations read as the word, not the item's id. */
function withoutMarkers(text: unknown, lang: Lang): string {
  if (typeof text !== 'string') return '';
  const word = translate(lang, 'signoff.print.evidenceCited');
  return renderEvidenceReferences(text, () => word);
}

function shownSection(section: SectionDefinition, content: unknown, lang: Lang, schoolName: string, heading: string, groupHeading: string | undefined): ShownSection {
  const data = contentRecord(content);
  switch (section.kind) {
    case 'fields':
      return { kind: 'fields', key: section.key, heading, groupHeading, rows: formFieldRows(section.fields, data, lang, schoolName) };
    case 'narrative':
      return { kind: 'narrative', key: section.key, heading, groupHeading, paragraphs: paragraphsOf(withoutMarkers(data['text'], lang)) };
    case 'schedule': {
      const rows = Array.isArray(data['rows']) ? (data['rows'] as unknown[]) : [];
      return {
        kind: 'schedule',
        key: section.key,
        heading,
        groupHeading,
        taskColumn: section.taskColumn[lang],
        goalsColumn: section.goalsColumn[lang],
        years: section.years,
        rows: rows.map((row) => {
          const r = contentRecord(row);
          const goals = contentRecord(r['goals']);
          return { task: typeof r['task'] === 'string' ? r['task'] : '', goals: section.years.map((year) => (typeof goals[year] === 'string' ? (goals[year] as string) : '')) };
        }),
      };
    }
  }
}

/**
 * The 申报书's sections read-only, with the form's headings (from the shared template): 1 基本信息 as a
 * table, the narrative as paragraphs, 3.4 as its table. The signing page's printed form and the expert's
 * review sheet both show them through this, each in its own look (`variant`). The cover is left out
 * unless `withCover` and it was sent (an anonymous review never sends it).
 */
@Component({
  selector: 'dahe-form-sections-view',
  imports: [TranslatePipe],
  templateUrl: './form-sections-view.html',
  styleUrl: './form-sections-view.css',
  host: { '[class.is-print]': "variant() === 'print'", '[class.is-review]': "variant() === 'review'" },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormSectionsView {
  private readonly i18n = inject(I18nService);

  readonly sections = input.required<Readonly<Record<string, { readonly content: unknown }>>>();
  readonly variant = input.required<FormSectionsVariant>();
  /** What the derived 申报学校 reads (the school's name, or that it is hidden). */
  readonly schoolName = input('');
  readonly withCover = input(false);

  protected readonly testIdPrefix = computed(() => VARIANTS[this.variant()].testIdPrefix);
  protected readonly blank = computed(() => VARIANTS[this.variant()].blank);

  protected readonly body = computed<ShownSection[]>(() => {
    const lang = this.i18n.lang();
    const sections = this.sections();
    const schoolName = this.schoolName();
    const withCover = this.withCover();
    const seenGroups = new Set<string>();
    return DAHE_2024.sections
      .filter((section) => section.key !== 'cover' || (withCover && sections['cover'] !== undefined))
      .map((section) => {
        const heading = section.number ? `${section.number} ${section.title[lang]}` : section.title[lang];
        let groupHeading: string | undefined;
        if (section.group && !seenGroups.has(section.group.number)) {
          seenGroups.add(section.group.number);
          groupHeading = `${section.group.number} ${section.group.title[lang]}`;
        }
        return shownSection(section, sections[section.key]?.content, lang, schoolName, heading, groupHeading);
      });
  });
}
