import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { EVIDENCE_CATEGORY_LABELS, isCode } from '@dahe/shared/form';
import { I18nService, TranslatePipe, translate } from '@dahe/web/core';
import { FormSectionsView } from '../../shared/form-sections-view';

/**
 * The 申报书 as an expert reads it: the sections with the form's headings, and the evidence list with the
 * pages each item sits on. No signatures or seals. The cover (with the contact) is shown only when the API
 * sends it, which it does not in an anonymous review; the derived 申报学校 then reads "hidden".
 */
@Component({
  selector: 'dahe-review-content',
  imports: [FormSectionsView, TranslatePipe],
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

  protected readonly schoolShown = computed(() => (this.anonymous() ? translate(this.i18n.lang(), 'review.sheet.schoolHidden') : this.schoolName()));

  protected readonly evidenceRows = computed(() => {
    const lang = this.i18n.lang();
    return this.evidence().map((item, index) => ({
      index: index + 1,
      category: isCode(item.category) ? EVIDENCE_CATEGORY_LABELS[item.category][lang] : item.category,
      title: item.title,
      pages: item.pages,
    }));
  });
}
