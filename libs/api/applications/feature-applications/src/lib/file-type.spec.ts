import { describe, expect, it } from '@jest/globals';
import { sniffMediaType } from './file-type';

describe('sniffMediaType', () => {
  it('knows PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffMediaType(Buffer.from('%PDF-1.7\n%…'))).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('image/jpeg');
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
  });

  it('refuses everything else, whatever it is called', () => {
    expect(sniffMediaType(Buffer.from('MZ\x90\x00 an .exe renamed to .pdf'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('PK\x03\x04 a docx'))).toBeUndefined();
    expect(sniffMediaType(Buffer.alloc(0))).toBeUndefined();
  });
});
