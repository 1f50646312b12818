import { describe, expect, it } from '@jest/globals';
import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it('keeps a Chinese name in filename*, with an ASCII fallback when given', () => {
    expect(attachmentDisposition('新乡-申报书.pdf', 'application.pdf')).toBe(`attachment; filename="application.pdf"; filename*=UTF-8''${encodeURIComponent('新乡-申报书.pdf')}`);
    expect(attachmentDisposition('合作协议.pdf')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('合作协议.pdf')}`);
  });

  it('percent-encodes what RFC 5987 does not allow and encodeURIComponent leaves', () => {
    expect(attachmentDisposition("协议(盖章)'1*.pdf")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('协议')}%28${encodeURIComponent('盖章')}%29%271%2A.pdf`);
  });
});
