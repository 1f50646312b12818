export type HealthStatus = 'ok' | 'degraded';

export interface DatabaseHealth {
  reachable: boolean;
  /** Round trip of `SELECT 1`, milliseconds; absent when unreachable. */
  latencyMs?: number;
  /** `embedded` when the app started its own PostgreSQL, `external` for DATABASE_URL. */
  mode: 'embedded' | 'external';
}

export interface HealthResponse {
  status: HealthStatus;
  version: string;
  /** ISO 8601, UTC. */
  time: string;
  database: DatabaseHealth;
}
