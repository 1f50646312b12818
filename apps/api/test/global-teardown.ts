import { rm } from 'node:fs/promises';
import { withClient } from './support/test-database';

/** Drops every database of this run (the template and any a failed file left behind), then stops the server. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__daheTestDatabase;
  if (!state) return;
  const { runtime, server } = state;
  await withClient(server.ownerUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
      `dahe_t_${server.runId}_%`,
      server.templateDatabase,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
  });
  await runtime.stop();
  if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
}
