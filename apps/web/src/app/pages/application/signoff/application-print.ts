import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { SectionState, SignatureDto } from '@dahe/shared/contracts';
import { DAHE_2024, type Lang } from '@dahe/shared/form';
import { I18nService, TranslatePipe, fillDeclaration, formatShanghai, paragraphsOf, shortHash } from '@dahe/web/core';
import { FormSectionsView, contentRecord, formFieldRows } from '../../../shared/form-sections-view';

/**
 * The 申报书 as the printed form sets it, read-only: the cover, the 内容真实性责任声明 with the school's
 * name, 1 基本信息 as a table, the narrative sections as paragraphs, the 3.4 table and 5 单位意见 with the
 * signatures that still stand (the supervising unit's as a seal). Pure rendering of what it is given, so
 * the signing view, the reviewer's view and an export preview show the same thing.
 */
@Component({
  selector: 'dahe-application-print',
  imports: [FormSectionsView, TranslatePipe],
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
    return section?.kind === 'fields' ? formFieldRows(section.fields, contentRecord(this.sections()['cover']?.content), this.lang(), this.schoolName()) : [];
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
}
