#!/usr/bin/env node
// The province's dashboard and intake table on a large province: autocannon against a running API and a raw
// node-postgres baseline doing the same SQL in the same run. See bench/README.md. Never asserts: prints
// the targets as MET / NOT MET and exits 0 (1 only if the run itself failed, 2 for bad arguments).
//
//   node bench/province/run.mjs --api http://127.0.0.1:3000 --database postgres://postgres@127.0.0.1:5432/dahe_bench
//        [--password …] [--user prov.officer] [--connections 4] [--duration 10] [--warmup 2] [--only name,name]
//
// It starts nothing. Load a database and start the API on it first:
//   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/dahe_bench DAHE_DATA_KEY=$(openssl rand -base64 32) DAHE_DEMO_PASSWORD=…
//   npm run db:seed && npm run seed:load -- --schools 5000 --applications 100000
//   PORT=3000 LOG_LEVEL=warn node dist/apps/api/main.js      # or npm start, with the same environment
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { deriveAppRolePassword } from '../autosave/lib/app.mjs';
import { loadServiceQueries } from './lib/queries.mjs';
import { createRawPool, rawRequest, runRaw } from './lib/raw.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');
const TARGET_P95_MS = { dashboard: 300, intake: 200 };
const RECEIVED = ['submitted', 'formal_check_passed', 'returned', 'expert_review', 'approved', 'rejected'];

const { values: args } = parseArgs({
  options: {
    api: { type: 'string', default: process.env.DAHE_BENCH_API_URL },
    database: { type: 'string', default: process.env.DATABASE_URL },
    'app-database': { type: 'string', default: process.env.DAHE_APP_DATABASE_URL },
    user: { type: 'string', default: 'prov.officer' },
    password: { type: 'string', default: process.env.DAHE_DEMO_PASSWORD },
    connections: { type: 'string', default: '4' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'raw-pool': { type: 'string', default: '10' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const usage = () => process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 12).join('\n').replace(/^\/\/ ?/gm, '') + '\n');
if (args.help) {
  usage();
  process.exit(0);
}
if (!args.api || !args.database || !args.password) {
  process.stderr.write('bench: --api (the running API), --database (its DATABASE_URL, the owner) and --password (DAHE_DEMO_PASSWORD) are needed.\n\n');
  usage();
  process.exit(2);
}
const positive = (name) => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`bench: --${name} must be a positive number\n`);
    process.exit(2);
  }
  return n;
};
const connections = positive('connections');
const duration = positive('duration');
const warmup = Math.max(0, Number(args.warmup) || 0);
const rawPoolSize = positive('raw-pool');
const log = (message) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Nearest-rank percentiles in ms. */
function percentiles(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

/** The largest closed and open calls (by received applications), a busy supervising unit and country. */
async function pickTargets(owner) {
  const calls = (
    await owner.query(
      `SELECT c.id, c.year, c.status, count(*) FILTER (WHERE a.state = ANY($1))::int AS received, count(*)::int AS applications
         FROM call c JOIN application a ON a.call_id = c.id GROUP BY c.org_id, c.id ORDER BY received DESC`,
      [RECEIVED],
    )
  ).rows;
  const closed = calls.find((c) => c.status === 'closed');
  const open = calls.find((c) => c.status === 'open');
  if (!closed || !open) throw new Error('the database needs a closed and an open call with applications: load it with seed:load');
  const top = async (sql) => (await owner.query(sql, [closed.id, RECEIVED])).rows[0]?.key;
  const supervisor = await top(`SELECT s.parent_id AS key FROM application a JOIN organisation s ON s.id = a.org_id WHERE a.call_id = $1 AND a.state = ANY($2) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const country = await top(`SELECT d.country_code AS key FROM application a JOIN application_digest d ON d.application_id = a.id WHERE a.call_id = $1 AND a.state = ANY($2) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  return { closed, open, supervisor, country };
}

/** Each scenario's query as the API's DTO receives it, and as a query string. */
function scenarios({ closed, open, supervisor, country }) {
  const lastPage = Math.ceil(closed.received / 200);
  const intake = (name, query) => ({ name, kind: 'intake', callId: closed.id, query });
  const list = [
    { name: 'dashboard closed call', kind: 'dashboard', callId: closed.id },
    { name: 'dashboard open call', kind: 'dashboard', callId: open.id },
    intake('intake default (page 1)', {}),
    intake('decided, by mean score desc', { state: ['approved', 'rejected'], sort: 'meanScore', dir: 'desc' }),
    intake('supervising unit, by school, page 20', { supervisorId: supervisor, sort: 'schoolName', page: 20 }),
    intake('合作形式 + country, by project desc', { cooperationForm: 'research', countryCode: country, sort: 'projectName', dir: 'desc' }),
    intake('search “洛阳”, by receipt, page 3', { q: '洛阳', sort: 'receiptNo', page: 3 }),
    intake(`last page (${lastPage}) of 200, by state`, { sort: 'state', page: lastPage, pageSize: 200 }),
    intake('高职 in 郑州市, newest first, page 10', { schoolType: 'higher_vocational', city: '郑州市', sort: 'submittedAt', dir: 'desc', page: 10 }),
  ];
  for (const s of list) {
    if (s.kind === 'dashboard') s.path = `/api/calls/${s.callId}/dashboard`;
    else {
      const qs = new URLSearchParams(Object.entries(s.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
      s.path = `/api/calls/${s.callId}/intake${qs.size ? `?${qs}` : ''}`;
    }
  }
  return list;
}

async function signIn(owner) {
  await owner.query(`DELETE FROM rate_limit WHERE bucket LIKE 'login:ip:%'`).catch(() => undefined);
  const response = await fetch(`${args.api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: args.user, password: args.password }) });
  const body = await response.json().catch(() => ({}));
  if (response.status !== 200 || typeof body.accessToken !== 'string') throw new Error(`signing in ${args.user} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { token: body.accessToken, tokenHash: createHash('sha256').update(body.accessToken).digest() };
}

async function runApi(scenario, token, seconds, record = true) {
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url: args.api,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 30,
    requests: [{ method: 'GET', path: scenario.path, headers: { authorization: `Bearer ${token}` } }],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (record && statusCode === 200) latencies.push(responseTime);
  });
  const result = await instance;
  return { seconds: result.duration, latencies, statuses, errors: result.errors, timeouts: result.timeouts };
}

function git(...argv) {
  try {
    return execFileSync('git', argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const owner = new pg.Client({ connectionString: args.database, application_name: 'dahe-bench-setup' });
let pool;
try {
  await owner.connect();
  const appUrl = args['app-database'] ?? (() => {
    const url = new URL(args.database);
    url.username = 'dahe_app';
    url.password = deriveAppRolePassword(args.database);
    return url.toString();
  })();
  const targets = await pickTargets(owner);
  const all = scenarios(targets);
  const chosen = args.only ? all.filter((s) => args.only.split(',').some((part) => s.name.includes(part.trim()))) : all;
  const [counts] = (await owner.query(`SELECT (SELECT count(*) FROM application)::int AS applications, (SELECT count(*) FROM organisation WHERE kind = 'school')::int AS schools, (SELECT count(*) FROM review_score)::int AS scores`)).rows;
  log(`province bench: ${counts.schools} schools, ${counts.applications} applications, ${counts.scores} scores; closed call ${targets.closed.year} (${targets.closed.received} received of ${targets.closed.applications}), open call ${targets.open.year} (${targets.open.received} of ${targets.open.applications})`);
  log(`${connections} connections, ${warmup} s warm-up + ${duration} s per side and scenario; raw pool ${rawPoolSize}; ${cpus().length} cores, load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);

  const session = await signIn(owner);
  const queries = await loadServiceQueries(ROOT);
  pool = createRawPool(appUrl, rawPoolSize, log);
  const results = [];
  for (const scenario of chosen) {
    // Same answer both ways, before timing anything.
    const check = await fetch(`${args.api}${scenario.path}`, { headers: { authorization: `Bearer ${session.token}` } });
    const body = await check.json();
    if (check.status !== 200) throw new Error(`${scenario.name}: the API answered ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
    const raw = await rawRequest(pool, queries, session, scenario);
    const size = scenario.kind === 'intake' ? `${body.rows.length} rows of ${body.total}` : `${body.byState.reduce((n, s) => n + s.count, 0)} applications`;
    if (scenario.kind === 'intake' && (raw.length !== body.rows.length || raw[0]?.id !== body.rows[0]?.id)) throw new Error(`${scenario.name}: the baseline's rows differ from the API's`);

    if (warmup > 0) await runApi(scenario, session.token, warmup, false);
    const api = await runApi(scenario, session.token, duration);
    if (warmup > 0) await runRaw({ pool, queries, session, scenario, connections, seconds: warmup, record: false });
    const rawRun = await runRaw({ pool, queries, session, scenario, connections, seconds: duration });
    const a = percentiles(api.latencies);
    const r = percentiles(rawRun.latencies);
    const target = TARGET_P95_MS[scenario.kind];
    const row = {
      name: scenario.name,
      kind: scenario.kind,
      path: scenario.path,
      size,
      api: { ...a, rps: a.count / api.seconds, statuses: api.statuses, errors: api.errors, timeouts: api.timeouts },
      raw: { ...r, rps: r.count / rawRun.seconds, failed: rawRun.failed, lastError: rawRun.lastError },
      ratio: { p95: a.p95 / r.p95, throughput: a.count / api.seconds / (r.count / rawRun.seconds) },
      targetP95Ms: target,
      met: a.p95 < target,
    };
    results.push(row);
    const f = (v) => (Number.isFinite(v) ? v.toFixed(1) : '—');
    log(
      `${scenario.name} [${size}]: API ${f(row.api.rps)} req/s, p50/p95/p99 ${f(a.p50)}/${f(a.p95)}/${f(a.p99)} ms; raw ${f(row.raw.rps)} req/s, ${f(r.p50)}/${f(r.p95)}/${f(r.p99)} ms; ` +
        `p95 API/raw ${f(row.ratio.p95)}×, throughput ${f(row.ratio.throughput)}×; p95 < ${target} ms ${row.met ? 'MET' : 'NOT MET'}` +
        (Object.keys(api.statuses).some((s) => s !== '200') || rawRun.failed ? ` (non-200: ${JSON.stringify(api.statuses)}, raw failures ${rawRun.failed} ${rawRun.lastError ?? ''})` : ''),
    );
  }

  process.stdout.write('\n| scenario | size | API req/s | API p50 / p95 / p99 ms | raw req/s | raw p50 / p95 / p99 ms | p95 API/raw | target p95 |\n');
  process.stdout.write('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n');
  const f = (v) => (Number.isFinite(v) ? v.toFixed(1) : '—');
  for (const r of results) {
    process.stdout.write(`| ${r.name} | ${r.size} | ${f(r.api.rps)} | ${f(r.api.p50)} / ${f(r.api.p95)} / ${f(r.api.p99)} | ${f(r.raw.rps)} | ${f(r.raw.p50)} / ${f(r.raw.p95)} / ${f(r.raw.p99)} | ${f(r.ratio.p95)}× | < ${r.targetP95Ms} ${r.met ? 'MET' : 'NOT MET'} |\n`);
  }
  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, `province-${new Date().toISOString().replace(/:/g, '-')}.json`);
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverageAtEnd: loadavg(), commit: git('rev-parse', '--short', 'HEAD'), dirtyFiles: git('status', '--porcelain')?.split('\n').filter(Boolean).length };
  await writeFile(file, JSON.stringify({ machine, settings: { connections, duration, warmup, rawPoolSize, api: args.api }, targets, results }, null, 2));
  log(`results: ${relative(ROOT, file)}`);
} catch (error) {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await pool?.end().catch(() => undefined);
  await owner.end().catch(() => undefined);
}
