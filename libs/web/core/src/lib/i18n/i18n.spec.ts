import { describe, expect, it } from '@jest/globals';
import { en } from './en';
import { DEFAULT_LANG, LANGUAGE_NAMES, SUPPORTED_LANGS, otherLang, resolveLang } from './lang';
import { DICTIONARIES, interpolate, isTranslationKey, placeholders, translate } from './translate';
import { zhCN } from './zh-CN';

const sorted = (o: object) => Object.keys(o).sort();

describe('dictionaries', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(sorted(en)).toEqual(sorted(zhCN));
  });

  it('there is one dictionary per supported language', () => {
    expect(sorted(DICTIONARIES)).toEqual([...SUPPORTED_LANGS].sort());
  });

  it.each(SUPPORTED_LANGS)('%s has no empty values', (lang) => {
    const empty = Object.entries(DICTIONARIES[lang]).filter(([, v]) => typeof v !== 'string' || v.trim() === '');
    expect(empty).toEqual([]);
  });

  it('every {placeholder} of zh-CN also appears in en, and en has no others', () => {
    const mismatched = Object.entries(zhCN)
      .filter(([key, zh]) => {
        const enValue = en[key as keyof typeof zhCN];
        return placeholders(zh).sort().join() !== placeholders(enValue).sort().join();
      })
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('English strings contain no Chinese characters', () => {
    const withHan = Object.entries(en).filter(([, v]) => /\p{Script=Han}/u.test(v));
    expect(withHan).toEqual([]);
  });
});

describe('translate', () => {
  it('looks a key up in the requested language', () => {
    expect(translate('zh-CN', 'app.title')).toBe('大河工坊 · 职教出海项目申报平台');
    expect(translate('en', 'app.title')).toBe('Dahe Workshops · Vocational Education Abroad — Application Platform');
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'health.latency.value', { ms: 12 })).toBe('12 毫秒');
    expect(translate('en', 'error.unknown', { status: 418 })).toBe('The request failed (status 418). Please try again later.');
  });
});

describe('isTranslationKey', () => {
  it('accepts dictionary keys only (route titles are keys)', () => {
    expect(isTranslationKey('login.pageTitle')).toBe(true);
    expect(isTranslationKey('Login')).toBe(false);
    expect(isTranslationKey('toString')).toBe(false);
  });
});

describe('interpolate', () => {
  it('replaces every occurrence and leaves unknown placeholders alone', () => {
    expect(interpolate('{a}-{b}-{a}', { a: 1 })).toBe('1-{b}-1');
  });

  it('ignores inherited properties and works without params', () => {
    expect(interpolate('{toString}', {})).toBe('{toString}');
    expect(interpolate('plain {x}')).toBe('plain {x}');
  });
});

describe('language helpers', () => {
  it('resolves the stored choice, defaulting to zh-CN for anything unknown', () => {
    expect(DEFAULT_LANG).toBe('zh-CN');
    expect(resolveLang('en')).toBe('en');
    expect(resolveLang('zh-CN')).toBe('zh-CN');
    for (const stored of [null, undefined, '', 'EN', 'zh', 'fr']) expect(resolveLang(stored)).toBe('zh-CN');
  });

  it('toggles between the two languages, each named in itself', () => {
    expect(otherLang('zh-CN')).toBe('en');
    expect(otherLang('en')).toBe('zh-CN');
    expect(LANGUAGE_NAMES).toEqual({ 'zh-CN': '中文', en: 'English' });
  });
});
