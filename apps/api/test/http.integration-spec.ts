import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from './support/test-app';
import { createTestDatabase, testServer, withClient, type TestDatabase } from './support/test-database';

/** HTTP through the real Nest app (same createApp as main.ts) against this file's own database. */
describe('the API over HTTP', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('GET /api/health reports the database reachable, as the app role', async () => {
    const res = await request(app.getHttpServer()).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', version: 'test', database: { reachable: true, mode: 'external' } });
    expect(res.body.database.latencyMs).toBeGreaterThanOrEqual(0);
    const sessions = await withClient(db.ownerUrl, (client) =>
      client.query<{ usename: string }>(`SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = 'dahe-api'`, [db.name]),
    );
    expect(sessions.rows.map((r) => r.usename)).toEqual(['dahe_app']);
  });

  it('sets security headers', async () => {
    const res = await request(app.getHttpServer()).get('/api/health');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('gives every response a request id, keeping a well-formed one the caller sent', async () => {
    const fresh = await request(app.getHttpServer()).get('/api/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(app.getHttpServer()).get('/api/health').set('X-Request-Id', 'lb-7f3a9c2e01');
    expect(kept.headers['x-request-id']).toBe('lb-7f3a9c2e01');
    const replaced = await request(app.getHttpServer()).get('/api/health').set('X-Request-Id', 'bad id\twith junk');
    expect(replaced.headers['x-request-id']).not.toBe('bad id\twith junk');
  });

  it('answers an unknown API route with the JSON error shape, never HTML', async () => {
    const res = await request(app.getHttpServer()).get('/api/no-such-thing').expect(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toEqual({ statusCode: 404, code: 'not_found', message: expect.any(String), requestId: res.headers['x-request-id'] });
  });

  it('answers malformed JSON with 400 and a clear message', async () => {
    const res = await request(app.getHttpServer()).post('/api/health').set('Content-Type', 'application/json').send('{"broken": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed', message: 'Malformed JSON body' });
  });

  it('serves the OpenAPI document at /api/docs-json and the UI at /api/docs', async () => {
    const json = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toContain('/api/health');
    const ui = await request(app.getHttpServer()).get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('reports 503 degraded when the database stops accepting connections', async () => {
    // From the maintenance database: a database cannot refuse connections to itself.
    const maintenanceUrl = testServer().ownerUrl;
    await withClient(maintenanceUrl, async (client) => {
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(db.name)} WITH ALLOW_CONNECTIONS false`);
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db.name]);
    });
    try {
      const res = await request(app.getHttpServer()).get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: { reachable: false } });
    } finally {
      await withClient(maintenanceUrl, (client) =>
        client.query(`ALTER DATABASE ${client.escapeIdentifier(db.name)} WITH ALLOW_CONNECTIONS true`),
      );
    }
    await request(app.getHttpServer()).get('/api/health').expect(200);
  });
});
