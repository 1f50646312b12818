// Starts the built API (embedded PostgreSQL, demo seed) in a fresh data folder, and stops it again.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const DEMO_PASSWORD = 'Huanghe-Bench-2024';
const BANNER = /Web:\s+http:\/\/localhost:(\d+)\//;

/** Builds dist/apps/api/main.js if it is not there (never otherwise: others may be building). */
export async function ensureBuilt(root, log) {
  const main = join(root, 'dist/apps/api/main.js');
  if (existsSync(main)) return main;
  log('dist/apps/api/main.js is missing: building it (node tools/build/build-api.mjs)');
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/build/build-api.mjs'], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build-api.mjs failed with code ${code}`))));
  });
  return main;
}

/**
 * The API as a child process: `node dist/apps/api/main.js` with PORT=0 and its own data folder.
 * Resolves once the banner names the port. stdout/stderr are always drained (a full pipe would stall
 * the API); each line is offered to `onLine` and the last ones are kept for error messages.
 */
export async function startApi({ root, main, nodeArgs = [], logLevel = 'warn', onLine, startTimeoutMs = 180_000 }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'dahe-bench-'));
  // PostgreSQL runs as the `postgres` user when we are root: it must reach its cluster through here.
  await chmod(dataDir, 0o755);
  const env = { ...process.env, PORT: '0', DAHE_DATA_DIR: dataDir, DAHE_DEMO_PASSWORD: DEMO_PASSWORD, LOG_LEVEL: logLevel };
  delete env.DATABASE_URL;
  delete env.DAHE_APP_DATABASE_URL;
  delete env.HOST;

  const child = spawn(process.execPath, [...nodeArgs, main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnedAt = performance.now();
  const tail = [];
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  let portFound;
  const port = new Promise((resolve) => (portFound = resolve));
  const reader = (stream, name) => {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        tail.push(`${name}: ${line}`);
        if (tail.length > 40) tail.shift();
        const banner = BANNER.exec(line);
        if (banner) portFound(Number(banner[1]));
        onLine?.(line, name);
      }
    });
  };
  reader(child.stdout, 'stdout');
  reader(child.stderr, 'stderr');

  const app = {
    child,
    pid: child.pid,
    dataDir,
    spawnedAt,
    tail,
    exit,
    get exited() {
      return exited;
    },
  };
  const outcome = await Promise.race([
    port.then((value) => ({ port: value })),
    exit.then((status) => ({ status })),
    sleep(startTimeoutMs, undefined, { ref: false }).then(() => ({ timeout: true })),
  ]);
  if (!outcome.port) {
    await stopApi(app).catch(() => undefined);
    const why = outcome.status ? `exited (code ${outcome.status.code}, signal ${outcome.status.signal})` : `did not print its banner in ${startTimeoutMs / 1000} s`;
    throw new Error(`the API ${why}:\n${tail.join('\n')}`);
  }
  app.port = outcome.port;
  // The app listens on 0.0.0.0; 127.0.0.1 avoids "localhost" resolving to ::1 first.
  app.baseUrl = `http://127.0.0.1:${outcome.port}`;
  const db = await databaseOf(dataDir);
  Object.assign(app, db);
  return app;
}

/** The owner and app-role URLs of the embedded cluster, and its postmaster's pid. */
async function databaseOf(dataDir) {
  const credentials = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8'));
  const pidLines = (await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
  const postmasterPid = Number(pidLines[0]);
  const pgPort = Number(pidLines[3]);
  const ownerUrl = `postgres://${credentials.superuser ?? 'postgres'}:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${pgPort}/dahe`;
  const appUrl = `postgres://dahe_app:${encodeURIComponent(deriveAppRolePassword(ownerUrl))}@127.0.0.1:${pgPort}/dahe`;
  return { ownerUrl, appUrl, pgPort, postmasterPid };
}

/** As libs/api/core/data-access-db/src/lib/connection-url.ts does: HMAC-SHA256 keyed by user:password@host:port. */
export function deriveAppRolePassword(ownerUrl) {
  const parsed = new URL(ownerUrl);
  const secret = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}@${parsed.hostname}:${parsed.port}`;
  return createHmac('sha256', secret).update('dahe_app').digest('base64url');
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM: the API finishes open requests, closes its pool and stops its PostgreSQL. If it hangs, it
 * is killed and its postmaster (by the pid in postmaster.pid) gets a fast shutdown. Then the data
 * folder goes.
 */
export async function stopApi(app, { log = () => undefined, keepDataDir = false } = {}) {
  if (!app.exited) {
    app.child.kill('SIGTERM');
    const stopped = await Promise.race([app.exit.then(() => true), sleep(60_000, false, { ref: false })]);
    if (!stopped) {
      log(`the API (pid ${app.pid}) did not stop in 60 s: killing it`);
      app.child.kill('SIGKILL');
      await app.exit;
    }
  }
  const pidFile = join(app.dataDir, 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    if (pid > 0 && alive(pid)) {
      log(`PostgreSQL (pid ${pid}) is still running: fast shutdown`);
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 300 && alive(pid); i++) await sleep(100);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
  if (!keepDataDir) await rm(app.dataDir, { recursive: true, force: true });
}
