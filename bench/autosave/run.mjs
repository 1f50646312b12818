#!/usr/bin/env node
// Autosave with 50 concurrent drafters: the API against a raw node-postgres baseline doing the same SQL,
// in one run on one machine. See bench/README.md. Never asserts: prints MET / NOT MET and exits 0.
//
//   node bench/autosave/run.mjs [--duration 20] [--warmup 3] [--drafters 50] [--raw-pool N]
//                               [--order api-first|raw-first] [--profile] [--log-info]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runApi } from './lib/api-load.mjs';
import { ensureBuilt, startApi, stopApi } from './lib/app.mjs';
import { createDrafters, settle, signIn, storedVersions } from './lib/prepare.mjs';
import { summariseProfile } from './lib/profile.mjs';
import { createRawPool, runRaw } from './lib/raw-load.mjs';
import { cpuBetween, cpuSnapshot, summarise, transactionCounts } from './lib/stats.mjs';
import { TEXT_TARGET_CHARS, draftText } from './lib/text.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');
const TARGETS = { throughputRatioMin: 0.5, p99RatioMax: 2 };

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    drafters: { type: 'string', default: '50' },
    'raw-pool': { type: 'string' },
    order: { type: 'string', default: 'api-first' },
    profile: { type: 'boolean', default: false },
    'log-info': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 6).join('\n').replace(/^\/\/ ?/gm, '') + '\n');
  process.exit(0);
}
const duration = positive('duration', args.duration);
const warmup = Math.max(0, Number(args.warmup) || 0);
const drafterCount = positive('drafters', args.drafters);
if (!['api-first', 'raw-first'].includes(args.order)) fail('--order is api-first or raw-first');

function positive(name, value) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, not "${value}"`);
  return n;
}
function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
const log = (message) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** The API's pool size, as apps/api/src/database/data-source.ts configures it. */
function apiPoolSize() {
  const source = readFileSync(join(ROOT, 'apps/api/src/database/data-source.ts'), 'utf8');
  const match = /dataSourceOptions[\s\S]*?extra:\s*\{\s*max:\s*(\d+)/.exec(source);
  return match ? Number(match[1]) : undefined;
}

function machine() {
  const git = (...argv) => {
    try {
      return execFileSync('git', argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  let built;
  try {
    built = statSync(join(ROOT, 'dist/apps/api/main.js')).mtime.toISOString();
  } catch {
    built = undefined;
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverageAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
    commit: git('rev-parse', '--short', 'HEAD'),
    dirtyFiles: git('status', '--porcelain')?.split('\n').filter(Boolean).length,
    apiBuiltAt: built,
  };
}

const poolFromSource = apiPoolSize();
const rawPoolSize = args['raw-pool'] ? positive('raw-pool', args['raw-pool']) : (poolFromSource ?? 10);
const startedAt = new Date();
const info = machine();

log(`autosave bench: ${drafterCount} drafters, ${warmup} s warm-up + ${duration} s per side, order ${args.order}`);
log(`machine: ${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB, node ${info.node}, load average ${info.loadAverageAtStart.join(' ')}`);
log(`raw pool: ${rawPoolSize} clients (the API's pool is extra.max = ${poolFromSource ?? '?'} in apps/api/src/database/data-source.ts)`);

let app;
let owner;
let rawPool;
let stopping = false;
// Stops the load running now (autocannon or the raw loops), so the API's graceful stop is not kept busy.
let stopLoad = () => undefined;
const onStart = (stop) => (stopLoad = stop);
const cleanup = async () => {
  if (stopping) return;
  stopping = true;
  stopLoad();
  await owner?.end().catch(() => undefined);
  await rawPool?.end().catch(() => undefined);
  if (app) await stopApi(app, { log }).catch((error) => log(`stopping the API failed: ${error.message}`));
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: stopping the API and removing its data`);
    void cleanup().finally(() => process.exit(130));
  });
}

// Server-side times from pino (LOG_LEVEL=info), for the measured API window only.
const serverTimes = [];
let collectServerTimes = false;
const onLine = (line) => {
  if (!collectServerTimes || !line.startsWith('{')) return;
  try {
    const entry = JSON.parse(line);
    if (entry.req?.method === 'PUT' && entry.res?.statusCode === 200 && typeof entry.responseTime === 'number') serverTimes.push(entry.responseTime);
  } catch {
    // not a log line
  }
};

const result = { bench: 'autosave', startedAt: startedAt.toISOString(), machine: info, settings: { drafters: drafterCount, durationSeconds: duration, warmupSeconds: warmup, rawPool: rawPoolSize, apiPool: poolFromSource, order: args.order, profile: args.profile, logLevel: args['log-info'] ? 'info' : 'warn', textChars: TEXT_TARGET_CHARS, bodyBytes: undefined } };

try {
  const main = await ensureBuilt(ROOT, log);
  const profileDir = join(RESULTS, `autosave-${stamp(startedAt)}-profile`);
  if (args.profile) await mkdir(profileDir, { recursive: true });
  log('starting the API (embedded PostgreSQL, demo seed)…');
  app = await startApi({ root: ROOT, main, logLevel: args['log-info'] ? 'info' : 'warn', onLine, nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  log(`API at ${app.baseUrl} (pid ${app.pid}); PostgreSQL on 127.0.0.1:${app.pgPort} (pid ${app.postmasterPid}); data in ${app.dataDir}`);

  owner = new pg.Client({ connectionString: app.ownerUrl, application_name: 'dahe-bench-setup' });
  owner.on('error', (error) => log(`owner connection: ${error.message}`));
  await owner.connect();
  result.postgres = (await owner.query(`SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('synchronous_commit') AS synchronous_commit, current_setting('max_connections') AS max_connections`)).rows[0];

  const { drafters, schools } = await createDrafters(app.ownerUrl, drafterCount);
  log(`created ${drafters.length} drafters (drafter + contact) over ${schools} schools, one application each`);
  await signIn(app.baseUrl, app.ownerUrl, drafters);
  log(`signed in ${drafters.length} drafters through POST /api/auth/login`);
  result.settings.bodyBytes = Buffer.byteLength(JSON.stringify({ content: { text: draftText(0, 0) }, version: 1 }));

  rawPool = createRawPool(app.appUrl, rawPoolSize, log);
  const role = (await rawPool.query('SELECT current_user AS role, (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass')).rows[0];
  if (role.role !== 'dahe_app' || role.bypass) throw new Error(`the baseline connected as ${role.role} (bypassrls ${role.bypass}), not as dahe_app under RLS`);

  const phases = args.order === 'api-first' ? ['api', 'raw'] : ['raw', 'api'];
  for (const side of phases) {
    const applicationName = side === 'api' ? 'dahe-api' : 'dahe-bench-raw';
    if (warmup > 0) {
      log(`${side}: warm-up ${warmup} s`);
      if (side === 'api') await runApi({ baseUrl: app.baseUrl, drafters, seconds: warmup, record: false, onStart });
      else await runRaw({ pool: rawPool, drafters, seconds: warmup, record: false, onStart });
    }
    const versionsBefore = await settle(app.ownerUrl, drafters, applicationName);
    const txBefore = args.profile ? await transactionCounts(owner) : undefined;
    log(`${side}: measuring ${duration} s`);
    const cpuBefore = cpuSnapshot({ apiPid: app.pid, postmasterPid: app.postmasterPid });
    const windowFrom = performance.now() - app.spawnedAt;
    collectServerTimes = side === 'api';
    const sampling = args.profile ? sampleConnections(app.ownerUrl, applicationName) : undefined;
    const run = side === 'api' ? await runApi({ baseUrl: app.baseUrl, drafters, seconds: duration, onStart }) : await runRaw({ pool: rawPool, drafters, seconds: duration, onStart });
    const connections = await sampling?.stop();
    collectServerTimes = false;
    const windowTo = performance.now() - app.spawnedAt;
    const cpuAfter = cpuSnapshot({ apiPid: app.pid, postmasterPid: app.postmasterPid });
    const versionsAfter = await settle(app.ownerUrl, drafters, applicationName);
    let transactionsPerSave;
    if (args.profile) {
      // Idle backends report their statistics within 10 s (PGSTAT_IDLE_INTERVAL).
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      await owner.query('SELECT pg_stat_clear_snapshot()');
      const txAfter = await transactionCounts(owner);
      // Less the sampler's own one-statement transactions.
      transactionsPerSave = (txAfter.commits - txBefore.commits - (connections?.samples ?? 0)) / (versionsAfter - versionsBefore);
    }
    const stored = versionsAfter - versionsBefore;
    const failed = side === 'api' ? run.non200 + (run.errors ?? 0) : run.failed;
    result[side] = {
      seconds: run.seconds,
      saves: run.saves,
      savesPerSecond: run.saves / run.seconds,
      latencyMs: summarise(run.latencies),
      failed,
      ...(side === 'api' ? { statuses: run.statuses, errors: run.errors, timeouts: run.timeouts, autocannon: run.autocannon } : { failures: run.failures }),
      // Every counted save is stored; a few more may have landed after the end (in flight when it came).
      storedVersions: stored,
      storedCheck: stored >= run.saves && stored <= run.saves + drafters.length + failed ? 'ok' : 'MISMATCH',
      cpu: cpuBetween(cpuBefore, cpuAfter, run.saves),
      window: { fromMs: windowFrom, toMs: windowTo },
      ...(transactionsPerSave !== undefined ? { transactionsPerSave } : {}),
      ...(connections ? { connections } : {}),
      ...(side === 'api' && serverTimes.length > 0 ? { serverLatencyMs: summarise(serverTimes) } : {}),
    };
    log(`${side}: ${run.saves} saves in ${run.seconds.toFixed(1)} s, ${failed} failed`);
  }
  await owner.end();
  owner = undefined;
  result.finalVersions = (await storedVersions(app.ownerUrl, drafters)).reduce((sum, v) => sum + v, 0);
  await rawPool.end();
  rawPool = undefined;
  log('stopping the API (SIGTERM)…');
  await cleanup();
  const leftovers = await stillRunning(app);
  if (leftovers.length > 0) log(`WARNING: still running after stop: ${leftovers.join(', ')}`);

  if (args.profile) {
    const files = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length > 0) {
      const file = join(profileDir, files[0]);
      result.apiProfile = { file: relative(ROOT, file), ...(await summariseProfile(file, result.api.window.fromMs, result.api.window.toMs)) };
    }
  }
} catch (error) {
  // Interrupted, the signal handler is stopping everything and exits: what failed meanwhile does not matter.
  if (!stopping) {
    log(`failed: ${error.stack ?? error}`);
    if (app?.tail?.length) log(`the API's last lines:\n${app.tail.slice(-15).join('\n')}`);
    await cleanup();
    process.exitCode = 1;
  }
}

if (result.api && result.raw) {
  report(result);
  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, `autosave-${stamp(startedAt)}.json`);
  await writeFile(file, `${JSON.stringify(result, (key, value) => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value), 2)}\n`);
  log(`wrote ${relative(ROOT, file)}`);
}

/**
 * What the side's database connections are doing, sampled every 20 ms: running a statement
 * (active), checked out but waiting for the client's next statement (idle in transaction), or free
 * in the pool (idle). Averages in connections.
 */
function sampleConnections(ownerUrl, applicationName) {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'dahe-bench-sampler' });
  const totals = {};
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const rows = (await client.query(`SELECT state, count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 GROUP BY state`, [applicationName])).rows;
      for (const row of rows) totals[row.state] = (totals[row.state] ?? 0) + row.n;
      samples++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { ...Object.fromEntries(Object.entries(totals).map(([state, n]) => [state, n / samples])), samples };
    },
  };
}

function stamp(date) {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Our API or PostgreSQL, if either survived the stop (by pid; nobody else's processes). pg_ctl stop
 * returns when postmaster.pid is gone, a moment before the process is: allow a few seconds.
 */
async function stillRunning(a) {
  const alive = (pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  };
  const ours = [
    ['API', a.pid],
    ['PostgreSQL', a.postmasterPid],
  ].filter(([, pid]) => pid);
  for (let i = 0; i < 50 && ours.some(([, pid]) => alive(pid)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return ours.filter(([, pid]) => alive(pid)).map(([name, pid]) => `${name} ${pid}`);
}

function report(r) {
  const { api, raw } = r;
  const throughputRatio = api.savesPerSecond / raw.savesPerSecond;
  const p99Ratio = api.latencyMs.p99 / raw.latencyMs.p99;
  r.ratios = { throughput: throughputRatio, p99: p99Ratio, p50: api.latencyMs.p50 / raw.latencyMs.p50 };
  r.targets = {
    throughput: { rule: `API saves/s ≥ ${TARGETS.throughputRatioMin} × raw`, value: throughputRatio, met: throughputRatio >= TARGETS.throughputRatioMin },
    p99: { rule: `API p99 ≤ ${TARGETS.p99RatioMax} × raw p99`, value: p99Ratio, met: p99Ratio <= TARGETS.p99RatioMax },
  };
  const f = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  const row = (cells, widths) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  const widths = [26, 9, 8, 8, 8, 8, 7];
  const lines = [
    '',
    `Autosave, ${r.settings.drafters} drafters × 1 application each, PUT …/sections/approach_tasks (${r.settings.textChars} 字, ${r.settings.bodyBytes} B body), ${r.settings.durationSeconds} s per side`,
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), node ${r.machine.node}, PostgreSQL ${r.postgres?.version} (embedded, synchronous_commit=${r.postgres?.synchronous_commit})`,
    `Both sides share these ${r.machine.cores} cores with PostgreSQL (and the load generator runs in this process).`,
    '',
    row(['', 'saves/s', 'p50 ms', 'p90 ms', 'p99 ms', 'saves', 'failed'], widths),
    row([`API (autocannon, ${r.settings.drafters} conn)`, f(api.savesPerSecond), f(api.latencyMs.p50), f(api.latencyMs.p90), f(api.latencyMs.p99), api.saves, api.failed], widths),
    row([`raw (pg, pool ${r.settings.rawPool})`, f(raw.savesPerSecond), f(raw.latencyMs.p50), f(raw.latencyMs.p90), f(raw.latencyMs.p99), raw.saves, raw.failed], widths),
    row(['API / raw', `${f(throughputRatio, 2)}×`, `${f(r.ratios.p50, 2)}×`, '', `${f(p99Ratio, 2)}×`, '', ''], widths),
    '',
    `Target throughput  API ≥ ${TARGETS.throughputRatioMin} × raw:      ${f(throughputRatio, 2)}×  ${r.targets.throughput.met ? 'MET' : 'NOT MET'}`,
    `Target p99         API ≤ ${TARGETS.p99RatioMax} × raw p99:    ${f(p99Ratio, 2)}×  ${r.targets.p99.met ? 'MET' : 'NOT MET'}`,
    '',
    'CPU in the measured window (cores busy, of ' + r.machine.cores + '), and CPU ms per save:',
    ...['api', 'raw'].map((side) => {
      const c = r[side].cpu;
      return `  ${side.padEnd(4)} API ${f(c.cores.api, 2)}  PostgreSQL ${f(c.cores.postgres, 2)}  bench ${f(c.cores.bench, 2)}  other ${f(c.cores.other, 2)}  steal ${f(c.cores.steal, 2)}  |  per save: API ${f(c.msPerSave.api, 2)} ms, PostgreSQL ${f(c.msPerSave.postgres, 2)} ms, bench ${f(c.msPerSave.bench, 2)} ms`;
    }),
  ];
  const main = api.cpu.apiMainThread;
  if (main) lines.push(`  API event loop (main thread) in its window: on a CPU ${f(main.onCpu * 100, 0)}%, ready but waiting for a CPU ${f(main.waitingForCpu * 100, 0)}%, idle ${f(Math.max(0, 1 - main.onCpu - main.waitingForCpu) * 100, 0)}%; preempted ${f(main.preemptionsPerSave, 1)}× per save`);
  const other = Math.max(api.cpu.cores.other, raw.cpu.cores.other);
  if (other > 0.15) lines.push(`  NOTE: other processes used up to ${f(other, 2)} cores during a window (builds or tests running?): these figures are skewed.`);
  const steal = Math.max(api.cpu.cores.steal, raw.cpu.cores.steal);
  if (steal > 0.1) lines.push(`  NOTE: the hypervisor took up to ${f(steal, 2)} cores (steal) during a window: these figures are skewed.`);
  lines.push(`  Stored versions: API ${api.storedVersions} (${api.storedCheck}), raw ${raw.storedVersions} (${raw.storedCheck}); non-200 on the API: ${api.failed}${api.failed ? ` ${JSON.stringify(api.statuses)}` : ''}`);
  if (api.serverLatencyMs) lines.push(`  API server-side (pino responseTime, LOG_LEVEL=info): p50 ${f(api.serverLatencyMs.p50)} p90 ${f(api.serverLatencyMs.p90)} p99 ${f(api.serverLatencyMs.p99)} ms`);
  if (api.connections && raw.connections) {
    const describe = (c) => ['active', 'idle in transaction', 'idle'].map((state) => `${state} ${f(c[state] ?? 0, 1)}`).join(', ');
    lines.push(`  Pool connections on average (sampled): API ${describe(api.connections)}; raw ${describe(raw.connections)}`);
  }
  if (api.transactionsPerSave !== undefined) lines.push(`  Transactions per save: API ${f(api.transactionsPerSave, 2)}, raw ${f(raw.transactionsPerSave, 2)}`);
  if (r.apiProfile) {
    const p = r.apiProfile;
    const entry = (e) => `  ${String(e.ms).padStart(6)} ms  ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.name}`;
    lines.push('', `API main thread, CPU profile (${p.file}): window ${p.windowMs} ms, not idle ${p.busyMs} ms (wall-clock samples: a syscall that gets preempted counts in full).`);
    lines.push('  by package, native and Node-core time charged to the package that called it:');
    for (const e of p.packagesWithCallees) lines.push(entry(e));
    lines.push('  top functions (self):');
    for (const e of p.functions.slice(0, 12)) lines.push(entry(e));
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}
