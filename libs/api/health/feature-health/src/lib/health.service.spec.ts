import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { HealthService } from './health.service';

const fakeDataSource = (query: () => Promise<unknown>) => ({ query }) as unknown as DataSource;

describe('HealthService', () => {
  it('reports ok with a latency when SELECT 1 answers', async () => {
    const service = new HealthService(fakeDataSource(async () => [{ '?column?': 1 }]), { mode: 'embedded' }, '1.2.3');
    const report = await service.check();
    expect(report).toMatchObject({ status: 'ok', version: '1.2.3', database: { reachable: true, mode: 'embedded' } });
    expect(report.database.latencyMs).toEqual(expect.any(Number));
    expect(Number.isNaN(Date.parse(report.time))).toBe(false);
  });

  it('reports degraded, without a latency, when the query fails', async () => {
    const service = new HealthService(fakeDataSource(async () => Promise.reject(new Error('ECONNREFUSED'))), { mode: 'external' }, '1.2.3');
    const report = await service.check();
    expect(report.status).toBe('degraded');
    expect(report.database).toEqual({ reachable: false, mode: 'external' });
  });
});
