import { Injectable } from '@nestjs/common';
import type { Sql } from '@dahe/api/core/data-access-db';

export interface RateLimit {
  /** e.g. `login:ip:203.0.113.7` */
  bucket: string;
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every API process behind the load balancer shares them.
 * One upsert per bucket: counts this hit and answers whether the bucket is over its limit.
 */
@Injectable()
export class RateLimiter {
  async hit(sql: Sql, limit: RateLimit): Promise<{ allowed: boolean; hits: number }> {
    const row = await sql.one<{ hits: number }>(
      `INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, now(), 1)
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN rate_limit.window_start < now() - make_interval(secs => $2) THEN 1 ELSE rate_limit.hits + 1 END,
         window_start = CASE WHEN rate_limit.window_start < now() - make_interval(secs => $2) THEN now() ELSE rate_limit.window_start END
       RETURNING hits`,
      [limit.bucket, limit.windowSeconds],
    );
    const hits = row?.hits ?? 1;
    return { allowed: hits <= limit.max, hits };
  }
}
