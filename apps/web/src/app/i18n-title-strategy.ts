import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { I18nService, type TranslationKey, isTranslationKey } from '@dahe/web/core';

/** Document title = "<page> - <product>", both translated, updated on navigation and on a language switch. */
@Injectable({ providedIn: 'root' })
export class I18nTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly i18n = inject(I18nService);
  private readonly pageKey = signal<TranslationKey | undefined>(undefined);

  constructor() {
    super();
    effect(() => {
      const product = this.i18n.t('app.title');
      const page = this.pageKey();
      this.title.setTitle(page ? `${this.i18n.t(page)}${this.i18n.t('app.titleSeparator')}${product}` : product);
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const key = this.buildTitle(snapshot);
    this.pageKey.set(key !== undefined && isTranslationKey(key) ? key : undefined);
  }
}
