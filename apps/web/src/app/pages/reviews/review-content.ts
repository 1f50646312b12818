import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import {
  COOPERATION_FORM_LABELS,
  DAHE_2024,
  EVIDENCE_CATEGORY_LABELS,
  type FieldDefinition,
  type Lang,
  type SectionDefinition,
  countryName,
  isCode,
  renderEvidenceReferences,
} from '@dahe/shared/form';
import { I18nService, TranslatePipe, paragraphsOf, translate } from '@dahe/web/core';

interface FieldRow {
  readonly key: string;
  readonly label: string;
  readonly group?: string;
  readonly value: string;
}

type ShownSection =
  | { readonly kind: 'fields'; readonly key: string; readonly heading: string; readonly groupHeading?: string; readonly rows: readonly FieldRow[] }
  | { readonly kind: 'narrative'; readonly key: string; readonly heading: string; readonly groupHeading?: string; readonly paragraphs: readonly string[] }
  | { readonly kind: 'schedule'; readonly key: string; readonly heading: string; readonly groupHeading?: string; readonly taskColumn: string; readonly goalsColumn: string; readonly years: readonly string[]; readonly rows: readonly { readonly task: string; readonly goals: readonly string[] }[] };

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * The 申报书 as an expert reads it: the sections with the form's headings (from the shared template), the
 * narrative as paragraphs, 3.4 as its table, and the evidence list with the pages each item sits on. No
 * signatures or seals. The cover (with the contact) is shown only when the API sends it, which it does not
 * in an anonymous review; the derived 申报学校 then reads "hidden".
 */
@Component({
  selector: 'dahe-review-content',
  imports: [TranslatePipe],
  templateUrl: './review-content.html',
  styleUrl: './review-content.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewContent {
  private readonly i18n = inject(I18nService);

  readonly sections = input.required<Readonly<Record<string, { readonly content: unknown }>>>();
  readonly evidence = input<readonly { category: string; title: string; pages: number | null }[]>([]);
  readonly anonymous = input(false);
  /** The school's name (not anonymous). */
  readonly schoolName = input('');

  protected readonly lang = computed<Lang>(() => this.i18n.lang());

  protected readonly body = computed<ShownSection[]>(() => {
    const lang = this.lang();
    const sections = this.sections();
    const seenGroups = new Set<string>();
    return DAHE_2024.sections
      .filter((section) => section.key !== 'cover' || sections['cover'] !== undefined)
      .map((section) => {
        const heading = section.number ? `${section.number} ${section.title[lang]}` : section.title[lang];
        let groupHeading: string | undefined;
        if (section.group && !seenGroups.has(section.group.number)) {
          seenGroups.add(section.group.number);
          groupHeading = `${section.group.number} ${section.group.title[lang]}`;
        }
        return this.shown(section, sections[section.key]?.content, heading, groupHeading);
      });
  });

  protected readonly evidenceRows = computed(() => {
    const lang = this.lang();
    return this.evidence().map((item, index) => ({
      index: index + 1,
      category: isCode(item.category) ? EVIDENCE_CATEGORY_LABELS[item.category][lang] : item.category,
      title: item.title,
      pages: item.pages,
    }));
  });

  private shown(section: SectionDefinition, content: unknown, heading: string, groupHeading: string | undefined): ShownSection {
    const lang = this.lang();
    const data = record(content);
    switch (section.kind) {
      case 'fields':
        return { kind: 'fields', key: section.key, heading, groupHeading, rows: section.fields.map((field) => this.fieldRow(field, data)) };
      case 'narrative':
        return { kind: 'narrative', key: section.key, heading, groupHeading, paragraphs: paragraphsOf(this.withoutMarkers(data['text'])) };
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
            const r = record(row);
            const goals = record(r['goals']);
            return { task: typeof r['task'] === 'string' ? r['task'] : '', goals: section.years.map((year) => (typeof goals[year] === 'string' ? (goals[year] as string) : '')) };
          }),
        };
      }
    }
  }

  /** Evidence citations read as the word, not the item's id. */
  private withoutMarkers(text: unknown): string {
    if (typeof text !== 'string') return '';
    const word = translate(this.lang(), 'signoff.print.evidenceCited');
    return renderEvidenceReferences(text, () => word);
  }

  private fieldRow(field: FieldDefinition, data: Record<string, unknown>): FieldRow {
    const lang = this.lang();
    return { key: field.key, label: field.label[lang], ...(field.group ? { group: field.group[lang] } : {}), value: this.fieldValue(field, data[field.key]) };
  }

  private fieldValue(field: FieldDefinition, value: unknown): string {
    const lang = this.lang();
    if (field.derived === 'organisation') return this.anonymous() ? translate(lang, 'review.sheet.schoolHidden') : this.schoolName();
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
}
