import { describe, expect, it } from '@jest/globals';
import type { HealthResponse } from '@dahe/shared/contracts';
import { toHealthView } from './health-view';

const health = (overrides: Partial<HealthResponse> = {}): HealthResponse => ({
  status: 'ok',
  version: '0.1.0',
  time: '2024-08-16T15:59:59Z',
  database: { reachable: true, latencyMs: 3.4, mode: 'embedded' },
  ...overrides,
});

describe('toHealthView', () => {
  it('is "checking" while loading', () => {
    expect(toHealthView({ kind: 'loading' })).toEqual({ kind: 'loading', tone: 'processing', status: 'health.checking' });
  });

  it('shows a healthy API and database with rounded latency, mode and the raw time', () => {
    const view = toHealthView({ kind: 'ready', health: health() });
    expect(view).toMatchObject({
      kind: 'ready',
      tone: 'success',
      status: 'health.status.ok',
      api: { label: 'health.api.ok', tone: 'success' },
      database: { label: 'health.database.reachable', tone: 'success' },
      latency: { key: 'health.latency.value', params: { ms: 3 } },
      mode: 'health.mode.embedded',
      version: '0.1.0',
      time: '2024-08-16T15:59:59Z',
    });
  });

  it('is degraded when the database is unreachable, without a latency', () => {
    const view = toHealthView({
      kind: 'ready',
      health: health({ status: 'degraded', database: { reachable: false, mode: 'external' } }),
    });
    expect(view).toMatchObject({
      tone: 'warning',
      status: 'health.status.degraded',
      api: { label: 'health.api.degraded', tone: 'warning' },
      database: { label: 'health.database.unreachable', tone: 'error' },
      latency: { key: 'health.latency.none' },
      mode: 'health.mode.external',
    });
  });

  it('carries the translated error of a failure', () => {
    const view = toHealthView({
      kind: 'error',
      error: { key: 'error.serverWithRequestId', params: { requestId: 'r-1' }, requestId: 'r-1' },
    });
    expect(view).toEqual({
      kind: 'error',
      tone: 'error',
      status: 'health.status.unavailable',
      message: { key: 'error.serverWithRequestId', params: { requestId: 'r-1' } },
    });
  });
});
