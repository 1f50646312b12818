import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Download, Page } from 'playwright-core';
import { screenshot } from './browser';
import { e2eSuite } from './session';

const require = createRequire(import.meta.url);
/** pdf.js and a blank page, served under one made-up origin so pdf.js loads as an ES module. */
const PDFJS_ORIGIN = 'https://pdfjs.test';
const PDFJS_FILES: Record<string, string> = {
  '/pdf.min.mjs': require.resolve('pdfjs-dist/legacy/build/pdf.min.mjs'),
  '/pdf.worker.min.mjs': require.resolve('pdfjs-dist/legacy/build/pdf.worker.min.mjs'),
};

/**
 * The documents of an application from its page: the submitted demo application of 新乡牧野职业技术学院
 * as .pdf and .docx and its evidence binder, downloaded through the export buttons; then the first
 * pages of the PDF and the binder rendered by pdf.js in Chromium and kept as screenshots, so a person
 * can look at what a provincial officer will print.
 */
describe('application documents in Chromium', () => {
  const { app, newPage, logIn, consoleErrors } = e2eSuite({ context: { acceptDownloads: true } });
  let page: Page;
  let applicationId = '';
  const files = new Map<string, { name: string; bytes: Buffer }>();

  async function take(download: Promise<Download>): Promise<{ name: string; bytes: Buffer }> {
    const done = await download;
    const path = await done.path();
    return { name: done.suggestedFilename(), bytes: await readFile(path) };
  }

  /** Renders the first `count` pages of a PDF with pdf.js into canvases on a blank page and shoots them. */
  async function renderPdf(bytes: Buffer, count: number, name: string): Promise<number> {
    const viewer = await newPage();
    await viewer.route(`${PDFJS_ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/viewer.html') {
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body style="margin:0;background:#888"><div id="pages"></div></body></html>' });
      }
      const file = PDFJS_FILES[path];
      return file ? route.fulfill({ path: file, contentType: 'text/javascript' }) : route.fulfill({ status: 404 });
    });
    await viewer.goto(`${PDFJS_ORIGIN}/viewer.html`);
    const pages = await viewer.evaluate(
      async ({ base64, count, origin }) => {
        const pdfjs = await import(/* @vite-ignore */ `${origin}/pdf.min.mjs`);
        pdfjs.GlobalWorkerOptions.workerSrc = `${origin}/pdf.worker.min.mjs`;
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const pdf = await pdfjs.getDocument({ data }).promise;
        const holder = document.getElementById('pages')!;
        for (let n = 1; n <= Math.min(count, pdf.numPages); n++) {
          const pdfPage = await pdf.getPage(n);
          const viewport = pdfPage.getViewport({ scale: 1.2 });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.style.cssText = 'display:inline-block;margin:8px;background:#fff';
          holder.appendChild(canvas);
          await pdfPage.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
        }
        return pdf.numPages as number;
      },
      { base64: bytes.toString('base64'), count, origin: PDFJS_ORIGIN },
    );
    await viewer.setViewportSize({ width: 1600, height: 1100 });
    await screenshot(viewer, name);
    return pages;
  }

  beforeAll(async () => {
    page = await newPage();
    await logIn(page, 'xx1.contact');
    const listed = (await (await page.request.get(`${app().baseUrl}/api/applications`)).json()) as { id: string; state: string }[];
    applicationId = listed.find((a) => a.state === 'submitted')?.id ?? '';
  });

  it('downloads the 申报书 as .pdf and .docx and the evidence binder from the application page', async () => {
    expect(applicationId).not.toBe('');
    await page.goto(`${app().baseUrl}/applications/${applicationId}`);
    await page.getByTestId('export-pdf').waitFor();
    await screenshot(page, 'documents-export-buttons-zh-CN');
    for (const doc of ['pdf', 'docx', 'binder']) {
      const downloaded = take(page.waitForEvent('download'));
      await page.getByTestId(`export-${doc}`).click();
      files.set(doc, await downloaded);
    }
    const pdf = files.get('pdf')!;
    expect(pdf.name).toBe('新乡牧野职业技术学院-大河工坊申报书.pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const docx = files.get('docx')!;
    expect(docx.name.endsWith('.docx')).toBe(true);
    expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const binder = files.get('binder')!;
    expect(binder.name.endsWith('.pdf')).toBe(true);
    expect(binder.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The page's download is the API's document, byte for byte (exports are deterministic).
    const direct = await page.request.get(`${app().baseUrl}/api/applications/${applicationId}/export.pdf`);
    expect(Buffer.compare(Buffer.from(await direct.body()), pdf.bytes)).toBe(0);
  });

  it('renders the first pages of the 申报书 and of the binder with pdf.js (screenshots)', async () => {
    const pages = await renderPdf(files.get('pdf')!.bytes, 4, 'documents-application-pdf-pages');
    expect(pages).toBeGreaterThanOrEqual(5);
    const binderPages = await renderPdf(files.get('binder')!.bytes, 3, 'documents-binder-pdf-pages');
    expect(binderPages).toBeGreaterThanOrEqual(3);
  });

  it('logged no errors in any page (refused requests aside)', () => {
    expect(consoleErrors(/Failed to load resource: the server responded with a status of (401|403|404)/)).toEqual([]);
  });
});
