import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type AutosaveConflict, I18nService, type MergePlace, TranslatePipe, formatShanghai, mergeContent, mergePlaces, placeText } from '@dahe/web/core';
import { COOPERATION_FORM_LABELS, type SectionKey, countZi, isCode, issueSubject } from '@dahe/shared/form';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzRadioModule } from 'ng-zorro-antd/radio';

interface PlaceView {
  readonly place: MergePlace;
  readonly label: string;
  readonly mine: string;
  readonly theirs: string;
}

/**
 * A save that lost the race: my text and the one saved meanwhile, side by side, place by place, with
 * who saved it and when. The person keeps theirs, takes the other, or edits a merged text; nothing is
 * decided for them (each merged text starts from the side that changed, or from theirs when both did).
 */
@Component({
  selector: 'dahe-merge-view',
  imports: [FormsModule, NzAlertModule, NzButtonModule, NzIconModule, NzInputModule, NzRadioModule, TranslatePipe],
  templateUrl: './merge-view.html',
  styleUrl: './merge-view.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MergeView {
  private readonly i18n = inject(I18nService);

  readonly sectionKey = input.required<SectionKey>();
  readonly conflict = input.required<AutosaveConflict>();
  /** The display name of whoever saved the current version, once known. */
  readonly theirsAuthor = input<string | null>(null);
  readonly busy = input(false);
  readonly keepMine = output<void>();
  readonly takeTheirs = output<void>();
  readonly saveMerged = output<unknown>();

  protected readonly places = computed(() => {
    const { mine, theirs, base } = this.conflict();
    return mergePlaces(mine, theirs.content, base);
  });

  protected readonly views = computed<PlaceView[]>(() => {
    const lang = this.i18n.lang();
    const yesNo = (answer: boolean) => this.i18n.t(answer ? 'editor.yes' : 'editor.no');
    const label = (code: string) => (isCode(code) ? COOPERATION_FORM_LABELS[code][lang] : code);
    return this.places().map((place) => ({
      place,
      label: issueSubject({ section: this.sectionKey(), field: place.path }, lang),
      mine: placeText(place.mine, yesNo, label),
      theirs: placeText(place.theirs, yesNo, label),
    }));
  });

  protected readonly savedAt = computed(() => {
    const at = this.conflict().theirs.updatedAt;
    return at ? formatShanghai(at, this.i18n.lang()) : '';
  });

  /** The merged text of each textual place, and the side chosen for the others. */
  protected readonly texts = signal<Partial<Record<string, string>>>({});
  protected readonly sides = signal<Record<string, 'mine' | 'theirs'>>({});

  protected readonly countZi = countZi;

  constructor() {
    // A new conflict starts the merged texts afresh.
    effect(() => {
      const views = this.views();
      untracked(() => {
        this.texts.set(Object.fromEntries(views.filter((v) => v.place.textual).map((v) => [v.place.path, v.place.suggested === 'mine' ? v.mine : v.theirs])));
        this.sides.set(Object.fromEntries(views.filter((v) => !v.place.textual).map((v) => [v.place.path, v.place.suggested])));
      });
    });
  }

  protected textOf(path: string): string {
    return this.texts()[path] ?? '';
  }

  protected setText(path: string, text: string): void {
    this.texts.update((texts) => ({ ...texts, [path]: text }));
  }

  protected setSide(path: string, side: 'mine' | 'theirs'): void {
    this.sides.update((sides) => ({ ...sides, [path]: side }));
  }

  protected useSide(view: PlaceView, side: 'mine' | 'theirs'): void {
    this.setText(view.place.path, side === 'mine' ? view.mine : view.theirs);
  }

  protected mergedId(index: number): string {
    return `merge-${this.sectionKey()}-${index}`;
  }

  protected submitMerged(): void {
    const texts = this.texts();
    const sides = this.sides();
    const choices = new Map(
      this.places().map((place) => [place.path, place.textual ? { side: 'edited' as const, text: texts[place.path] ?? '' } : { side: sides[place.path] ?? place.suggested }]),
    );
    this.saveMerged.emit(mergeContent(this.conflict().theirs.content, this.places(), choices));
  }
}
