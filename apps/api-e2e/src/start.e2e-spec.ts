import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { type AppProcess, isAlive, newDataDir, ownerUrl, postmaster, removeDataDirs, runCli, runFailing, startApp, waitFor } from '@dahe/shared/testing-e2e';

const running: AppProcess[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) {
    if (app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  }
});
afterAll(removeDataDirs);

async function start(env: Record<string, string>) {
  const app = await startApp(env);
  running.push(app);
  return app;
}
async function stop(app: AppProcess, signal: NodeJS.Signals = 'SIGINT') {
  app.child.kill(signal);
  return app.exited;
}
async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('npm start with the embedded database', () => {
  it('initialises, migrates, seeds, serves API and web on one port, and stops cleanly on Ctrl-C', async () => {
    const dataDir = await newDataDir();
    const app = await start({ DAHE_DATA_DIR: dataDir });
    console.log(`ready on an empty data folder in ${Math.round(app.readyMs)} ms`);

    expect(app.output()).toContain('大河工坊 · 职教出海项目申报平台');
    expect(app.output()).toMatch(/demo province seeded \(\d+ schools\)/);
    // The demo accounts and their one password, generated and shown once.
    expect(app.output()).toMatch(/s1\.admin\s+school_admin\s+郑州黄河职业技术学院/);
    const password = /Password:\s+(\S+)\s+\(generated now/.exec(app.output())?.[1];
    expect(password).toBeDefined();
    const signIn = await fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 's1.admin', password }) });
    expect(signIn.status).toBe(200);
    const health = await fetch(`${app.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { reachable: true, mode: 'embedded' } });

    const index = await fetch(`${app.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>大河工坊');
    const deepLink = await fetch(`${app.baseUrl}/somewhere/not/known`, { headers: { accept: 'text/html' } });
    expect(await deepLink.text()).toContain('<dahe-root');
    expect((await fetch(`${app.baseUrl}/api/somewhere`)).status).toBe(404);

    // The audit command beside the running app: verifies the chains the sign-in above wrote, leaves the server up.
    const verify = await runCli(['audit-verify'], { DAHE_DATA_DIR: dataDir });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/\d+ chain\(s\), 0 broken/);
    expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);

    const server = await postmaster(dataDir);
    expect(server && isAlive(server.pid)).toBe(true);
    expect(await stop(app, 'SIGINT')).toBe(0);
    // pg_ctl returns once the pid file is gone; the process itself ends a moment later.
    await waitFor(() => !isAlive(server!.pid), 5000);
    expect(await postmaster(dataDir)).toBeUndefined();
  });

  it('lets a request that is still arriving finish after Ctrl-C', async () => {
    const app = await start({ DAHE_DATA_DIR: await newDataDir() });
    const { port } = new URL(app.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const body = '{"a":1}';
    socket.write(`POST /api/health HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n{"a"`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write(':1}');
    await waitFor(() => answer.includes('\r\n\r\n'));
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
    socket.destroy();
    expect(await app.exited).toBe(0);
  });

  it('keeps its data across a restart and does not seed twice', async () => {
    const dataDir = await newDataDir();
    const first = await start({ DAHE_DATA_DIR: dataDir });
    const url = await ownerUrl(dataDir);
    const [{ n: seeded }] = await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM organisation');
    await query(url, `INSERT INTO organisation (kind, name) VALUES ('province', '重启标记省')`);
    expect(await stop(first)).toBe(0);

    const second = await start({ DAHE_DATA_DIR: dataDir });
    expect(second.output()).not.toContain('demo province seeded');
    const rows = await query<{ name: string }>(await ownerUrl(dataDir), `SELECT name FROM organisation WHERE kind = 'province' ORDER BY name`);
    expect(rows.map((r) => r.name).sort()).toEqual(['河南省教育厅', '重启标记省'].sort());
    const [{ n }] = await query<{ n: number }>(await ownerUrl(dataDir), 'SELECT count(*)::int AS n FROM organisation');
    expect(n).toBe(seeded + 1);
    expect(await stop(second)).toBe(0);
  });

  it('recovers after a crash: takes over the server the killed run left behind', async () => {
    const dataDir = await newDataDir();
    const crashed = await start({ DAHE_DATA_DIR: dataDir });
    const orphan = await postmaster(dataDir);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    expect(orphan && isAlive(orphan.pid)).toBe(true);

    const recovered = await start({ DAHE_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(recovered.output()).toContain(`adopting PostgreSQL (pid ${orphan!.pid})`);
    expect((await fetch(`${recovered.baseUrl}/api/health`)).status).toBe(200);
    expect(await stop(recovered, 'SIGTERM')).toBe(0);
    await waitFor(() => !isAlive(orphan!.pid));
  });

  it('starts over a stale postmaster.pid whose process is gone', async () => {
    const dataDir = await newDataDir();
    const first = await start({ DAHE_DATA_DIR: dataDir });
    const { port } = (await postmaster(dataDir))!;
    expect(await stop(first)).toBe(0);
    // What a power cut leaves: a pid file naming a process that no longer exists.
    await writeFile(join(dataDir, 'pg', 'postmaster.pid'), `4194303\n${dataDir}/pg\n1700000000\n${port}\n\n127.0.0.1\n  5432001         0\nready   \n`);
    const second = await start({ DAHE_DATA_DIR: dataDir });
    expect((await fetch(`${second.baseUrl}/api/health`)).status).toBe(200);
    expect(await stop(second)).toBe(0);
  });
});

describe('npm start with DATABASE_URL', () => {
  it('uses that server, migrates it and connects as the app role', async () => {
    // A PostgreSQL that is not the app's own: CI's, or else a second embedded cluster.
    const hostDir = await newDataDir();
    const host = process.env['DATABASE_URL'] ? undefined : await start({ DAHE_DATA_DIR: hostDir, DAHE_DEMO_SEED: 'false' });
    const serverUrl = process.env['DATABASE_URL'] ?? (await ownerUrl(hostDir));
    const database = `dahe_e2e_${Date.now().toString(36)}`;
    const maintenance = new URL(serverUrl);
    maintenance.pathname = '/postgres';
    await query(maintenance.toString(), `CREATE DATABASE ${database}`);
    const target = new URL(serverUrl);
    target.pathname = `/${database}`;
    try {
      const app = await start({ DATABASE_URL: target.toString(), DAHE_DATA_DIR: await newDataDir(), DAHE_DATA_KEY: randomBytes(32).toString('base64') });
      expect(await (await fetch(`${app.baseUrl}/api/health`)).json()).toMatchObject({ database: { reachable: true, mode: 'external' } });
      const sessions = await query<{ usename: string }>(target.toString(), `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = 'dahe-api'`, [database]);
      expect(sessions.map((s) => s.usename)).toEqual(['dahe_app']);
      expect(await stop(app)).toBe(0);
    } finally {
      await query(maintenance.toString(), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      if (host) await stop(host);
    }
  });
});

describe('a configuration mistake', () => {
  it.each([
    [{ PORT: 'abc' }, /^dahe: PORT must be a whole number from 0 to 65535; got "abc"\n$/],
    [{ DATABASE_URL: 'mysql://root@localhost/dahe' }, /^dahe: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/, not mysql:\/\/\n$/],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/dahe' }, /^dahe: DAHE_DATA_KEY is required with DATABASE_URL[^\n]*\n$/],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/dahe', DAHE_DATA_KEY: Buffer.alloc(32, 1).toString('base64') }, /^dahe: cannot use PostgreSQL at 127\.0\.0\.1:1\/dahe: connection refused[^\n]*\n$/],
  ])('%o fails with exit code 1 and one line, no stack trace', async (env, line) => {
    const { code, stderr } = await runFailing(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(line);
  });
});
