import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { apiErrorOfBlob, saveDownloadedFile } from './download';

function fakeDocument() {
  const link = { href: '', download: '', click: jest.fn() };
  const document = { createElement: jest.fn(() => link) } as unknown as Pick<Document, 'createElement'>;
  return { document, link };
}

const headers = (disposition: string | null) => ({ get: (name: string) => (name === 'Content-Disposition' ? disposition : null) });

describe('saveDownloadedFile', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('clicks a link to the body under the name Content-Disposition gives, then lets the URL go', () => {
    const { document, link } = fakeDocument();
    const revoke = jest.spyOn(URL, 'revokeObjectURL');
    const header = `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent('申报汇总.xlsx')}`;

    const name = saveDownloadedFile(document, { headers: headers(header), body: new Blob(['x']) }, 'fallback.xlsx');

    expect(name).toBe('申报汇总.xlsx');
    expect(link.download).toBe('申报汇总.xlsx');
    expect(link.href).toMatch(/^blob:/);
    expect(link.click).toHaveBeenCalledTimes(1);
    expect(revoke).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1000);
    expect(revoke).toHaveBeenCalledWith(link.href);
    revoke.mockRestore();
  });

  it('falls back to the given name, and saves an empty file when there is no body', () => {
    const { document, link } = fakeDocument();
    expect(saveDownloadedFile(document, { headers: headers(null), body: null }, 'applications.zip')).toBe('applications.zip');
    expect(link.click).toHaveBeenCalledTimes(1);
    jest.runAllTimers();
  });
});

describe('apiErrorOfBlob', () => {
  it('reads the JSON error a blob request gets as a Blob', async () => {
    const body = { code: 'TOO_MANY', message: '超过上限' };
    await expect(apiErrorOfBlob({ error: new Blob([JSON.stringify(body)], { type: 'application/json' }) })).resolves.toEqual(body);
  });

  it('passes a body that is not a Blob through', async () => {
    await expect(apiErrorOfBlob({ error: { code: 'X' } })).resolves.toEqual({ code: 'X' });
    await expect(apiErrorOfBlob({ error: null })).resolves.toBeNull();
  });

  it('gives undefined for a Blob that is not JSON', async () => {
    await expect(apiErrorOfBlob({ error: new Blob(['<html>Bad gateway</html>']) })).resolves.toBeUndefined();
  });
});
