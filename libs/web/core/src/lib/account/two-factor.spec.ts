import { describe, expect, it } from '@jest/globals';
import { groupSecret, isTotpCode, normaliseTotpCode, recoveryCodesFileName, recoveryCodesText, svgDataUrl } from './two-factor';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 55 55"><path d="M0 0h55v55H0z"/></svg>';

describe('svgDataUrl', () => {
  it('wraps the server\u2019s SVG as a base64 data: URL an <img> can show', () => {
    const url = svgDataUrl(`${SVG}\n`);
    expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(url!.split(',')[1]!, 'base64').toString('utf8')).toBe(SVG);
  });

  it('accepts an XML declaration and non-ASCII text', () => {
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><title>大河</title></svg>';
    expect(Buffer.from(svgDataUrl(svg)!.split(',')[1]!, 'base64').toString('utf8')).toBe(svg);
  });

  it('refuses anything that is not an SVG document', () => {
    for (const text of ['', '<html><svg></svg></html>', '<svg', 'javascript:alert(1)', '<img src=x onerror=alert(1)>']) {
      expect(svgDataUrl(text)).toBeUndefined();
    }
  });
});

describe('codes as typed', () => {
  it('groups the secret by four', () => {
    expect(groupSecret('RKBS57TPLWO7NAVUMWBPX5DYXH5IVISG')).toBe('RKBS 57TP LWO7 NAVU MWBP X5DY XH5I VISG');
    expect(groupSecret('')).toBe('');
  });

  it('accepts six digits, spaces allowed', () => {
    expect(isTotpCode('123456')).toBe(true);
    expect(isTotpCode(' 123 456 ')).toBe(true);
    expect(normaliseTotpCode('123 456')).toBe('123456');
    for (const code of ['12345', '1234567', '12a456', '']) expect(isTotpCode(code)).toBe(false);
  });
});

describe('recoveryCodesText', () => {
  it('numbers the codes under a header, with the notes after them', () => {
    const text = recoveryCodesText({
      product: '大河工坊 · 职教出海项目申报平台',
      title: '双因素认证恢复码',
      account: '账号：prov.admin',
      issuedAt: '生成时间：2024-08-16 23:59:59（北京时间）',
      notes: ['每个恢复码只能使用一次。'],
      codes: Array.from({ length: 10 }, (_, i) => `code${i}`),
    });
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual(['大河工坊 · 职教出海项目申报平台', '双因素认证恢复码', '账号：prov.admin', '生成时间：2024-08-16 23:59:59（北京时间）']);
    expect(lines).toContain(' 1. code0');
    expect(lines).toContain('10. code9');
    expect(lines).toContain('* 每个恢复码只能使用一次。');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('names the file after the account, safely', () => {
    expect(recoveryCodesFileName('prov.admin')).toBe('dahe-recovery-codes-prov.admin.txt');
    expect(recoveryCodesFileName('../../etc')).toBe('dahe-recovery-codes-....etc.txt');
    expect(recoveryCodesFileName('')).toBe('dahe-recovery-codes-account.txt');
  });
});
