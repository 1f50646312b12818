import { describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { writeZip } from './zip-stream';

async function collect(stream: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe('writeZip', () => {
  it('writes every entry with its Chinese name and bytes, renaming duplicates, and reports failures in place', async () => {
    const out = new PassThrough();
    const bytes = collect(out);
    const result = await writeZip(out, [
      { name: 'DH2024-0001-郑州黄河职业技术学院.pdf', data: async () => Buffer.from('%PDF-1 one') },
      { name: 'DH2024-0001-郑州黄河职业技术学院.pdf', data: async () => Buffer.from('%PDF-1 two') },
      { name: 'DH2024-0002-洛阳.docx', data: async () => { throw new Error('evidence unreadable'); } },
    ]);
    expect(result).toEqual({ written: 3, failed: ['DH2024-0002-洛阳.docx'] });
    const zip = await JSZip.loadAsync(await bytes);
    expect(Object.keys(zip.files).sort()).toEqual(['DH2024-0001-郑州黄河职业技术学院.pdf', 'DH2024-0001-郑州黄河职业技术学院（2）.pdf', 'DH2024-0002-洛阳.docx.error.txt']);
    expect(await zip.file('DH2024-0001-郑州黄河职业技术学院（2）.pdf')?.async('string')).toBe('%PDF-1 two');
    expect(await zip.file('DH2024-0002-洛阳.docx.error.txt')?.async('string')).toBe('evidence unreadable\n');
  });

  it('gives the same bytes for the same documents', async () => {
    const once = async () => {
      const out = new PassThrough();
      const bytes = collect(out);
      await writeZip(out, [{ name: 'a.pdf', data: async () => Buffer.from('same') }]);
      return bytes;
    };
    expect((await once()).equals(await once())).toBe(true);
  });

  it('asks for one document at a time', async () => {
    const out = new PassThrough();
    void collect(out);
    let inFlight = 0;
    let most = 0;
    const entries = Array.from({ length: 5 }, (_, i) => ({
      name: `${i}.pdf`,
      data: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return Buffer.alloc(1000, i);
      },
    }));
    await writeZip(out, entries);
    expect(most).toBe(1);
  });
});
