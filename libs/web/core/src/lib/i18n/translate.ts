import { en } from './en';
import type { Lang } from './lang';
import { type Dictionary, type TranslationKey, zhCN } from './zh-CN';

/** Values for `{name}` placeholders. */
export type TranslationParams = Readonly<Record<string, string | number>>;

export const DICTIONARIES: Readonly<Record<Lang, Dictionary>> = {
  'zh-CN': zhCN,
  en,
};

const PLACEHOLDER = /\{(\w+)\}/g;

/** Replaces each `{name}` with `params[name]`; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: TranslationParams): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}

/** The names of the placeholders in a template, e.g. `['requestId']`. */
export function placeholders(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] ?? '');
}

/** The string for `key` in `lang`, with its placeholders filled. Falls back to zh-CN, then to the key. */
export function translate(lang: Lang, key: TranslationKey, params?: TranslationParams): string {
  const template = DICTIONARIES[lang][key] ?? zhCN[key] ?? key;
  return interpolate(template, params);
}

/** Whether a string (e.g. a route's `title`) is a dictionary key. */
export function isTranslationKey(value: string): value is TranslationKey {
  return Object.hasOwn(zhCN, value);
}
