import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { SectionState, SignatureDto } from '@dahe/shared/contracts';
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
import { I18nService, TranslatePipe, fillDeclaration, formatShanghai, paragraphsOf, shortHash, translate } from '@dahe/web/core';

interface FieldRow {
  readonly key: string;
  readonly label: string;
  readonly group?: string;
  readonly value: string;
}

type PrintedSection =
  | { readonly kind: 'fields'; readonly key: string; readonly heading: string; readonly groupHeading?: string; readonly rows: readonly FieldRow[] }
  | { readonly kind: 'narrative'; readonly key: string; readonly heading: string; readonly groupHeading?: string; readonly guidance?: string; readonly paragraphs: readonly string[] }
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

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * The 申报书 as the printed form sets it, read-only: the cover, the 内容真实性责任声明 with the school's
 * name, 1 基本信息 as a table, the narrative sections as paragraphs, the 3.4 table and 5 单位意见 with the
 * signatures that still stand (the supervising unit's as a seal). Pure rendering of what it is given, so
 * the signing view, the reviewer's view and an export preview show the same thing.
 */
@Component({
  selector: 'dahe-application-print',
  imports: [TranslatePipe],
  templateUrl: './application-print.html',
  styleUrl: './application-print.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApplicationPrint {
  private readonly i18n = inject(I18nService);

  readonly sections = input.required<Readonly<Record<string, SectionState>>>();
  readonly schoolName = input('');
  /** The signatures to print (the valid ones). */
  readonly signatures = input<readonly SignatureDto[]>([]);
  readonly contentHash = input<string | null>(null);
  readonly receiptNo = input<string | null | undefined>(null);

  protected readonly lang = computed<Lang>(() => this.i18n.lang());
  protected readonly template = DAHE_2024;
  protected readonly title = computed(() => DAHE_2024.title[this.lang()]);
  protected readonly issuer = computed(() => DAHE_2024.issuer[this.lang()]);
  protected readonly issuedOn = computed(() => DAHE_2024.issuedOn[this.lang()]);
  protected readonly hashShort = computed(() => shortHash(this.contentHash()));

  protected readonly cover = computed(() => {
    const section = DAHE_2024.sections.find((candidate) => candidate.key === 'cover');
    return section?.kind === 'fields' ? this.fieldRows(section.fields, record(this.sections()['cover']?.content)) : [];
  });

  protected readonly declaration = computed(() => {
    const lang = this.lang();
    return {
      title: DAHE_2024.declaration.title[lang],
      text: fillDeclaration(DAHE_2024.declaration.text[lang], this.schoolName()),
      closing: DAHE_2024.declaration.closing[lang],
      lines: DAHE_2024.declaration.signatureLines.map((line) => line[lang]),
    };
  });

  protected readonly body = computed<PrintedSection[]>(() => {
    const lang = this.lang();
    const seenGroups = new Set<string>();
    return DAHE_2024.sections
      .filter((section) => section.key !== 'cover')
      .map((section) => {
        const content = this.sections()[section.key]?.content;
        const heading = section.number ? `${section.number} ${section.title[lang]}` : section.title[lang];
        let groupHeading: string | undefined;
        if (section.group && !seenGroups.has(section.group.number)) {
          seenGroups.add(section.group.number);
          groupHeading = `${section.group.number} ${section.group.title[lang]}`;
        }
        return this.printed(section, content, heading, groupHeading);
      });
  });

  protected readonly legalRep = computed(() => this.signatures().find((signature) => signature.kind === 'legal_rep') ?? null);
  protected readonly supervisor = computed(() => this.signatures().find((signature) => signature.kind === 'supervisor') ?? null);
  protected readonly unitOpinionHeading = computed(() => `${DAHE_2024.unitOpinion.number} ${DAHE_2024.unitOpinion.title[this.lang()]}`);
  protected readonly signatureLine = computed(() => DAHE_2024.unitOpinion.signatureLine[this.lang()]);

  protected time(iso: string): string {
    return formatShanghai(iso, this.lang());
  }

  protected paragraphs(text: string | undefined): string[] {
    return paragraphsOf(text);
  }

  private printed(section: SectionDefinition, content: unknown, heading: string, groupHeading: string | undefined): PrintedSection {
    const lang = this.lang();
    const data = record(content);
    switch (section.kind) {
      case 'fields':
        return { kind: 'fields', key: section.key, heading, groupHeading, rows: this.fieldRows(section.fields, data) };
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

  /** Evidence citations print as the word, not the item's id. */
  private withoutMarkers(text: unknown): string {
    if (typeof text !== 'string') return '';
    const word = translate(this.lang(), 'signoff.print.evidenceCited');
    return renderEvidenceReferences(text, () => word);
  }

  private fieldRows(fields: readonly FieldDefinition[], data: Record<string, unknown>): FieldRow[] {
    const lang = this.lang();
    return fields.map((field) => ({ key: field.key, label: field.label[lang], ...(field.group ? { group: field.group[lang] } : {}), value: this.fieldValue(field, data[field.key]) }));
  }

  private fieldValue(field: FieldDefinition, value: unknown): string {
    const lang = this.lang();
    if (field.derived === 'organisation') return this.schoolName();
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
