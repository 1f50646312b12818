import { describe, expect, it } from '@jest/globals';
import { documentUrl, downloadPercent, filenameFromDisposition } from './document-download';

describe('document downloads', () => {
  it('names the API route of each document', () => {
    expect(documentUrl('a/b', 'pdf')).toBe('/api/applications/a%2Fb/export.pdf');
    expect(documentUrl('x', 'docx')).toBe('/api/applications/x/export.docx');
    expect(documentUrl('x', 'binder')).toBe('/api/applications/x/evidence-binder.pdf');
  });

  it('prefers the UTF-8 file name of RFC 5987 over the ASCII one', () => {
    const header = `attachment; filename="application.pdf"; filename*=UTF-8''${encodeURIComponent('郑州黄河职业技术学院-大河工坊申报书.pdf')}`;
    expect(filenameFromDisposition(header, 'x.pdf')).toBe('郑州黄河职业技术学院-大河工坊申报书.pdf');
    expect(filenameFromDisposition('attachment; filename="application.pdf"', 'x.pdf')).toBe('application.pdf');
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A`, 'x.pdf')).toBe('x.pdf');
    expect(filenameFromDisposition(null, 'x.pdf')).toBe('x.pdf');
  });

  it('gives whole percentages, or null without a size', () => {
    expect(downloadPercent(0, 200)).toBe(0);
    expect(downloadPercent(199, 200)).toBe(99);
    expect(downloadPercent(300, 200)).toBe(100);
    expect(downloadPercent(10, undefined)).toBeNull();
    expect(downloadPercent(10, 0)).toBeNull();
  });
});
