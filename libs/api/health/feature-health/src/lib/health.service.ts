import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATABASE_RUNTIME, type DatabaseRuntime } from '@dahe/api/core/data-access-db';
import type { HealthResponse } from '@dahe/shared/contracts';

/** How long a health probe waits for `SELECT 1` before calling the database unreachable. */
const PROBE_TIMEOUT_MS = 2000;

export const APP_VERSION = Symbol('APP_VERSION');

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_RUNTIME) private readonly runtime: Pick<DatabaseRuntime, 'mode'>,
    @Inject(APP_VERSION) private readonly version: string,
  ) {}

  async check(): Promise<HealthResponse> {
    const started = performance.now();
    let reachable = false;
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      reachable = true;
    } catch {
      reachable = false;
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return {
      status: reachable ? 'ok' : 'degraded',
      version: this.version,
      time: new Date().toISOString(),
      database: { reachable, mode: this.runtime.mode, ...(reachable ? { latencyMs } : {}) },
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
