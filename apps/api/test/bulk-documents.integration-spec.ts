import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import JSZip from 'jszip';
import request from 'supertest';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/** POST /api/calls/:id/documents.zip: the exported forms of a filtered intake list, against PostgreSQL on the demo seed. */
describe('the province downloads a filtered intake list’s forms as one zip', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  let callId = '';
  let xx1 = { id: '', receiptNo: '' };
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const zipOf = (username: string, body: Record<string, unknown>) => http().post(`/api/calls/${callId}/documents.zip`).set(as(username)).send(body).responseType('blob');

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (const username of ['prov.officer', 'xx1.contact', 'xx.reviewer', 'expert1']) tokens.set(username, (await login(app, username)).token);
    const row = await withClient(db.ownerUrl, async (c) =>
      (await c.query<{ id: string; receipt_no: string; call_id: string }>(
        `SELECT a.id, a.receipt_no, a.call_id FROM application a JOIN organisation o ON o.id = a.org_id WHERE o.name = '新乡牧野职业技术学院'`,
      )).rows[0]);
    if (!row) throw new Error('the demo seed has no application of 新乡牧野职业技术学院');
    callId = row.call_id;
    xx1 = { id: row.id, receiptNo: row.receipt_no };
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('holds each received application’s PDF and .docx, byte for byte the single downloads, named by receipt number and school', async () => {
    const res = await zipOf('prov.officer', { format: 'both' }).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('大河工坊-申报书-2024.zip')}`);
    // Drafts, documents awaiting signature and signed-but-unapproved ones are not received: only xx1 is.
    expect(res.headers['x-document-count']).toBe('2');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const base = `${xx1.receiptNo}-新乡牧野职业技术学院`;
    expect(Object.keys(zip.files).sort()).toEqual([`${base}.docx`, `${base}.pdf`]);
    const single = (await http().get(`/api/applications/${xx1.id}/export.pdf`).set(as('prov.officer')).responseType('blob').expect(200)).body as Buffer;
    const zipped = await zip.file(`${base}.pdf`)!.async('nodebuffer');
    expect(zipped.equals(single)).toBe(true);
    const docx = await JSZip.loadAsync(await zip.file(`${base}.docx`)!.async('nodebuffer'));
    expect(docx.file('word/document.xml')).not.toBeNull();
  });

  it('follows the intake filters: a search that matches nothing gives an empty zip', async () => {
    const res = await zipOf('prov.officer', { q: '不存在的学校' }).expect(200);
    expect(res.headers['x-document-count']).toBe('0');
    expect(Object.keys((await JSZip.loadAsync(res.body as Buffer)).files)).toEqual([]);
    const byCity = await zipOf('prov.officer', { city: '新乡市', format: 'pdf' }).expect(200);
    expect(byCity.headers['x-document-count']).toBe('1');
  });

  it('audits the download as an export of personal data on the province’s trail', async () => {
    const events = await withClient(db.ownerUrl, async (c) =>
      (await c.query<{ action: string; data: { applications: string[] } }>(
        `SELECT action, data FROM audit_event WHERE action = 'call.documents_exported' ORDER BY seq`,
      )).rows);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events[0]?.data.applications).toEqual([xx1.id]);
  });

  it('is the province officer’s alone, and refuses bad filters', async () => {
    for (const username of ['xx1.contact', 'xx.reviewer', 'expert1']) await zipOf(username, {}).expect(403);
    await zipOf('prov.officer', { format: 'odt' }).expect(400);
    await zipOf('prov.officer', { orgId: 'x' }).expect(400);
  });
});
