/** Interface languages. Chinese first; English for partners abroad. */
export const SUPPORTED_LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof SUPPORTED_LANGS)[number];

export const DEFAULT_LANG: Lang = 'zh-CN';

/** localStorage key holding the user's choice. */
export const LANG_STORAGE_KEY = 'dahe.lang';

/** Each language's name in that language, for the switch. Not translated on purpose. */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = {
  'zh-CN': '中文',
  en: 'English',
};

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (SUPPORTED_LANGS as readonly string[]).includes(value);
}

/** The stored choice when it is valid, otherwise the default (never the browser's language). */
export function resolveLang(stored: string | null | undefined): Lang {
  return isLang(stored) ? stored : DEFAULT_LANG;
}

/** The other language: the switch is a toggle between exactly two. */
export function otherLang(lang: Lang): Lang {
  return lang === 'zh-CN' ? 'en' : 'zh-CN';
}
