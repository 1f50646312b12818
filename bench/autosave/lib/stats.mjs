// Latency percentiles (exact, from every sample) and CPU accounting from /proc: who used the two cores
// during a phase — the API, PostgreSQL, this process (load generator or raw client) and everything
// else on the machine (other engineers' builds show up there).
import { readdirSync, readFileSync } from 'node:fs';

/** Nearest-rank percentiles of latencies in ms, the same function for both sides. */
export function summarise(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
  const mean = sorted.length === 0 ? NaN : sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { count: sorted.length, mean, p50: at(50), p90: at(90), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: the fields we want follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    return { ppid: Number(fields[1]), self: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

function machineTicks() {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = values;
    // Steal (the hypervisor running someone else) is not use of ours nor of our neighbours in this VM.
    return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
  } catch {
    return undefined;
  }
}

/** The postmaster and its live children (backends, walwriter, checkpointer, …). */
function postgresTicks(postmasterPid) {
  const master = procStat(postmasterPid);
  if (!master) return 0;
  let ticks = master.self + master.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat && stat.ppid === postmasterPid) ticks += stat.self;
  }
  return ticks;
}

/**
 * A thread's time on a CPU and time runnable but waiting for one (ns, /proc/…/schedstat), and how
 * often it was switched out against its will: the API's event loop is one thread.
 */
function mainThread(pid) {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    const preempted = Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8'))?.[1]);
    return { onCpu, waiting, preempted };
  } catch {
    return undefined;
  }
}

/** A snapshot to diff: ticks of the API, its PostgreSQL, this process and the whole machine. */
export function cpuSnapshot({ apiPid, postmasterPid }) {
  const api = procStat(apiPid);
  const self = procStat(process.pid);
  return { at: performance.now(), api: api ? api.self : 0, apiMain: mainThread(apiPid), postgres: postgresTicks(postmasterPid), bench: self ? self.self : 0, machine: machineTicks() };
}

/**
 * CPU used between two snapshots, in cores (1.0 = one core busy the whole time) and in ms per save.
 * "other" is the machine's busy time minus ours: anything else running (builds, tests, editors).
 */
export function cpuBetween(before, after, saves) {
  const seconds = (after.at - before.at) / 1000;
  const ms = (ticks) => ticks * TICK_MS;
  const api = ms(after.api - before.api);
  const postgres = ms(after.postgres - before.postgres);
  const bench = ms(after.bench - before.bench);
  const machine = before.machine && after.machine ? ms(after.machine.busy - before.machine.busy) : NaN;
  const other = Math.max(0, machine - api - postgres - bench);
  const steal = before.machine && after.machine ? ms(after.machine.steal - before.machine.steal) : NaN;
  const cores = (value) => value / 1000 / seconds;
  const perSave = (value) => (saves > 0 ? value / saves : NaN);
  return {
    seconds,
    cores: { api: cores(api), postgres: cores(postgres), bench: cores(bench), other: cores(other), machine: cores(machine), steal: cores(steal) },
    msPerSave: { api: perSave(api), postgres: perSave(postgres), bench: perSave(bench) },
    // Shares of the window: on a CPU, and ready to run but waiting for one (the machine was full).
    apiMainThread:
      before.apiMain && after.apiMain
        ? {
            onCpu: (after.apiMain.onCpu - before.apiMain.onCpu) / 1e6 / (seconds * 1000),
            waitingForCpu: (after.apiMain.waiting - before.apiMain.waiting) / 1e6 / (seconds * 1000),
            preemptionsPerSave: perSave(after.apiMain.preempted - before.apiMain.preempted),
          }
        : undefined,
  };
}

/** Transactions committed and rolled back in the database, to count them per save. */
export async function transactionCounts(client) {
  const row = (await client.query(`SELECT xact_commit::bigint AS commits, xact_rollback::bigint AS rollbacks FROM pg_stat_database WHERE datname = current_database()`)).rows[0];
  return { commits: Number(row.commits), rollbacks: Number(row.rollbacks) };
}
