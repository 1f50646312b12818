import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { NzI18nService, en_US, zh_CN } from 'ng-zorro-antd/i18n';
import { LANG_STORAGE_KEY, type Lang, otherLang, resolveLang } from './lang';
import { type TranslationParams, translate } from './translate';
import type { TranslationKey } from './zh-CN';

const NZ_LOCALES = { 'zh-CN': zh_CN, en: en_US } as const;

/**
 * The interface language, as a signal. Reading `t()` (or the `t` pipe) inside a template or a
 * `computed` subscribes to `lang`, so views update on a switch without any change-detection trigger.
 */
@Injectable({ providedIn: 'root' })
export class I18nService {
  private readonly document = inject(DOCUMENT);
  private readonly nzI18n = inject(NzI18nService);
  private readonly storage = localStorageOf(this.document);

  private readonly current = signal<Lang>(resolveLang(readStored(this.storage)));
  /** The current language: `'zh-CN'` (default) or `'en'`. */
  readonly lang = this.current.asReadonly();

  constructor() {
    this.apply(this.current());
  }

  /** The string for `key` in the current language, with `{placeholders}` filled from `params`. */
  t(key: TranslationKey, params?: TranslationParams): string {
    return translate(this.current(), key, params);
  }

  setLang(lang: Lang): void {
    if (lang === this.current()) return;
    this.current.set(lang);
    this.apply(lang);
    try {
      this.storage?.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Storage full or blocked: the choice lasts for this page only.
    }
  }

  toggle(): void {
    this.setLang(otherLang(this.current()));
  }

  /** Side effects of a language: `<html lang>` for assistive technology, ng-zorro's own texts. */
  private apply(lang: Lang): void {
    this.document.documentElement.lang = lang;
    this.nzI18n.setLocale(NZ_LOCALES[lang]);
  }
}

function localStorageOf(document: Document): Storage | null {
  try {
    return document.defaultView?.localStorage ?? null;
  } catch {
    return null; // Access denied (e.g. cookies blocked).
  }
}

function readStored(storage: Storage | null): string | null {
  try {
    return storage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
