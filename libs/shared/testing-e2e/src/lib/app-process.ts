import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** End-to-end helpers: the built app as `npm start` runs it, each run with its own data folder. */
export const workspaceRoot = fileURLToPath(new URL('../../../../..', import.meta.url));
export const mainJs = join(workspaceRoot, 'dist/apps/api/main.js');

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  readyMs: number;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

const dataDirs: string[] = [];

/** A data folder PostgreSQL (running as the postgres user when we are root) can reach. */
export async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dahe-e2e-'));
  await chmod(dir, 0o755);
  dataDirs.push(dir);
  return dir;
}

/** Removes the data folders this process made; call once every app using them has stopped. */
export async function removeDataDirs(): Promise<void> {
  await Promise.all(dataDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Starts the built app as `npm start` does and waits for its "ready" banner. */
export async function startApp(env: Record<string, string>, timeoutMs = 90000): Promise<AppProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [mainJs], {
    cwd: workspaceRoot,
    env: { ...cleanEnv(), PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = /Web:\s+(http:\/\/localhost:\d+)\//.exec(output);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
  return { child, baseUrl, readyMs: performance.now() - started, output: () => output, exited };
}

/** Runs the app expecting it to fail; returns its exit code and what it printed. */
export function runFailing(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runScript(mainJs, [], env);
}

/** Runs the database command line (dist/apps/api/cli.js) to its end. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runScript(join(workspaceRoot, 'dist/apps/api/cli.js'), args, env);
}

async function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], { cwd: workspaceRoot, env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** The parent's environment without what would redirect the app under test (CI exports DATABASE_URL). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'DAHE_APP_DATABASE_URL', 'PORT', 'DAHE_DATA_DIR', 'NODE_OPTIONS']) delete env[key];
  return env;
}

/** The embedded server's postmaster.pid: pid and port, or undefined when none. */
export async function postmaster(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  try {
    const lines = (await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

/** Running, not merely a zombie waiting for a parent that may never reap it. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return existsSync('/proc') ? false : true;
  }
}

export async function ownerUrl(dataDir: string, database = 'dahe'): Promise<string> {
  const credentials = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as { superuser: string; superuserPassword: string };
  const server = await postmaster(dataDir);
  if (!server) throw new Error('embedded server not running');
  return `postgres://${credentials.superuser}:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${server.port}/${database}`;
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
