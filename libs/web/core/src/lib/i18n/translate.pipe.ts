import { Pipe, type PipeTransform, inject } from '@angular/core';
import { I18nService } from './i18n.service';
import type { TranslationParams } from './translate';
import type { TranslationKey } from './zh-CN';

/**
 * `{{ 'login.submit' | t }}`, `{{ 'health.latency.value' | t: { ms: 12 } }}`.
 *
 * Impure so it runs again whenever its view is checked; it reads the `lang` signal, so a language
 * switch marks every view using it for refresh, OnPush and zoneless included. The lookup is a
 * property read, cheap enough to run on every check.
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18nService);

  transform(key: TranslationKey, params?: TranslationParams): string {
    return this.i18n.t(key, params);
  }
}
