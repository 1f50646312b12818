#!/usr/bin/env node
// Excel export of every received application of each call, against a database loaded with seed:load:
// time, bytes, rows and the API process's memory (RSS sampled every 50 ms, VmHWM) per export. See bench/README.md.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/dahe_bench DAHE_DATA_KEY=… node bench/province/export.mjs
//       [--main dist/apps/api/main.js] [--password Huanghe-Demo-2024] [--repeat 1] [--verify] [--no-job]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RECEIVED = ['submitted', 'formal_check_passed', 'returned', 'expert_review', 'approved', 'rejected'];
const { values: args } = parseArgs({
  options: {
    main: { type: 'string', default: join(ROOT, 'dist/apps/api/main.js') },
    password: { type: 'string', default: process.env.DAHE_DEMO_PASSWORD ?? 'Huanghe-Demo-2024' },
    repeat: { type: 'string', default: '1' },
    verify: { type: 'boolean', default: false },
    'no-job': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 6).join('\n').replace(/^\/\/ ?/gm, '') + '\n');
  process.exit(0);
}
const ownerUrl = process.env.DATABASE_URL;
if (!ownerUrl || !process.env.DAHE_DATA_KEY) fail('set DATABASE_URL (owner of a seed:load database) and DAHE_DATA_KEY');
const repeat = Math.max(1, Number(args.repeat) || 1);

function fail(message) {
  process.stderr.write(`bench/province/export: ${message}\n`);
  process.exit(1);
}

/** VmRSS and VmHWM of a process, in MiB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Samples the API's RSS every 50 ms while `work` runs: the peak during it, and before/after. */
async function sampled(pid, work) {
  const before = memory(pid);
  let peak = before.rss;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, memory(pid).rss);
    } catch {
      /* the process ended: the work will fail */
    }
  }, 50);
  try {
    const result = await work();
    const after = memory(pid);
    return { ...result, rssBeforeMiB: round(before.rss), rssPeakMiB: round(Math.max(peak, after.rss)), rssAfterMiB: round(after.rss), vmHwmMiB: round(after.hwm) };
  } finally {
    clearInterval(timer);
  }
}

const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function startApi() {
  const env = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', DAHE_DEMO_SEED: 'false' };
  const child = spawn(process.execPath, [args.main], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const port = await new Promise((resolve, reject) => {
    const onLine = (chunk) => {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        const banner = /Web:\s+http:\/\/localhost:(\d+)\//.exec(line) ?? /listening on .*:(\d+)/i.exec(line);
        if (banner) resolve(Number(banner[1]));
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.on('exit', (code) => reject(new Error(`the API exited (${code}) before listening:\n${tail.join('\n')}`)));
    setTimeout(() => reject(new Error(`the API did not start in 120 s:\n${tail.join('\n')}`)), 120_000).unref();
  });
  return { child, port, tail };
}

/** Streams a response body, counting bytes; keeps it only when asked (for --verify). */
async function download(res, keep) {
  const chunks = [];
  let bytes = 0;
  let firstByteAt;
  for await (const chunk of Readable.fromWeb(res.body)) {
    firstByteAt ??= performance.now();
    bytes += chunk.length;
    if (keep) chunks.push(chunk);
  }
  return { bytes, firstByteAt, data: keep ? Buffer.concat(chunks) : undefined };
}

/** Rows of sheet 1 without the header, read with exceljs's streaming reader. */
async function countRows(data) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(data), { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore' });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const _row of sheet) rows++;
    break;
  }
  return rows - 1;
}

const db = new pg.Client({ connectionString: ownerUrl });
await db.connect();
const calls = (
  await db.query(
    `SELECT c.id, c.year, c.title, count(*) FILTER (WHERE a.state = ANY($1))::int AS received, count(a.id)::int AS total
       FROM call c LEFT JOIN application a ON a.call_id = c.id GROUP BY c.org_id, c.id ORDER BY received DESC`,
    [RECEIVED],
  )
).rows;
const appCount = (await db.query(`SELECT count(*)::int AS n FROM application`)).rows[0].n;
process.stdout.write(`database: ${appCount} applications in ${calls.length} calls\n`);

const api = await startApi();
const base = `http://127.0.0.1:${api.port}/api`;
const results = [];
try {
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'prov.officer', password: args.password }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const auth = { Authorization: `Bearer ${(await login.json()).accessToken}` };
  process.stdout.write(`API pid ${api.child.pid} on port ${api.port}, RSS ${round(memory(api.child.pid).rss)} MiB after start and login\n\n`);

  for (let round_ = 0; round_ < repeat; round_++) {
    for (const call of calls) {
      const r = await sampled(api.child.pid, async () => {
        const started = performance.now();
        const res = await fetch(`${base}/calls/${call.id}/export.xlsx`, { headers: auth });
        if (res.status !== 200) throw new Error(`export ${call.id}: ${res.status} ${await res.text()}`);
        const body = await download(res, args.verify);
        const ms = performance.now() - started;
        return { ms: Math.round(ms), firstByteMs: Math.round(body.firstByteAt - started), bytes: body.bytes, rowsInFile: args.verify ? await countRows(body.data) : undefined };
      });
      results.push({ kind: 'GET export.xlsx', call: `${call.year} ${call.title}`, rows: call.received, ...r });
      print(results.at(-1));
    }
    if (!args['no-job']) {
      const call = calls[0];
      const r = await sampled(api.child.pid, async () => {
        const started = performance.now();
        const created = await fetch(`${base}/calls/${call.id}/exports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
        if (created.status !== 202) throw new Error(`job: ${created.status} ${await created.text()}`);
        const job = await created.json();
        let progress;
        let polls = 0;
        const seen = new Set();
        do {
          await sleep(250);
          progress = await (await fetch(`${base}/exports/${job.id}`, { headers: auth })).json();
          polls++;
          seen.add(progress.rows);
        } while (!progress.done && !progress.error);
        if (progress.error) throw new Error(`job failed: ${progress.error}`);
        const doneMs = performance.now() - started;
        const file = await fetch(`${base}/exports/${job.id}/file`, { headers: auth });
        const body = await download(file, args.verify);
        return { ms: Math.round(performance.now() - started), jobMs: Math.round(doneMs), polls, distinctProgress: seen.size, bytes: body.bytes, rowsInFile: args.verify ? await countRows(body.data) : undefined };
      });
      results.push({ kind: 'job + file', call: `${call.year} ${call.title}`, rows: call.received, ...r });
      print(results.at(-1));
    }
  }
} finally {
  api.child.kill('SIGTERM');
  await db.end();
}
await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
const file = join(ROOT, 'bench', 'results', `province-export-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(file, JSON.stringify({ at: new Date().toISOString(), applications: appCount, results }, null, 2));
process.stdout.write(`\nresults: ${file}\n`);

function print(r) {
  const extra = r.kind === 'job + file' ? ` (job ${(r.jobMs / 1000).toFixed(1)} s, ${r.polls} polls, ${r.distinctProgress} progress values)` : ` (first byte ${r.firstByteMs} ms)`;
  const verified = r.rowsInFile === undefined ? '' : ` rows in file ${r.rowsInFile}${r.rowsInFile === r.rows ? ' ✓' : ' ✗'}`;
  process.stdout.write(
    `${r.kind.padEnd(16)} ${r.call.padEnd(36)} ${String(r.rows).padStart(6)} rows ${(r.ms / 1000).toFixed(1).padStart(5)} s${extra} ${(r.bytes / 1048576).toFixed(1)} MiB  RSS ${r.rssBeforeMiB} → peak ${r.rssPeakMiB} → ${r.rssAfterMiB} MiB (VmHWM ${r.vmHwmMiB})${verified}\n`,
  );
}
