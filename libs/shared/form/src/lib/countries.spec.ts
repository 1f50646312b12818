import { describe, expect, it } from '@jest/globals';
import { COUNTRY_CODES, countryName, countryOptions, isCountryCode } from './countries';

describe('countries', () => {
  it('names countries in Chinese and English', () => {
    expect(countryName('KE')).toBe('肯尼亚');
    expect(countryName('TH', 'zh-CN')).toBe('泰国');
    expect(countryName('KE', 'en')).toBe('Kenya');
  });

  it('knows ISO codes, not China (Hong Kong, Macao and Taiwan included) nor made-up ones', () => {
    expect(isCountryCode('ZA')).toBe(true);
    for (const notAbroad of ['CN', 'HK', 'MO', 'TW']) expect(isCountryCode(notAbroad)).toBe(false);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode(42)).toBe(false);
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
  });

  it('sorts the picker by pinyin in Chinese', () => {
    const names = countryOptions('zh-CN').map((o) => o.name);
    expect(names.indexOf('阿尔及利亚')).toBeLessThan(names.indexOf('泰国'));
    expect(names).toHaveLength(COUNTRY_CODES.length);
  });
});
