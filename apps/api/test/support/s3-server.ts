import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The part of s3rver (which ships no types) the tests use. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: { address: string; port: number; directory: string; silent: boolean; vhostBuckets?: boolean }) => S3rverInstance;

const require = createRequire(import.meta.url);

/** s3rver's built-in account: it knows only this key pair. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3Server {
  endpoint: string;
  port: number;
  directory: string;
  /** Stops answering (the stored objects stay on disk). */
  stop(): Promise<void>;
  /** Answers again on the same port, with what was stored. */
  start(): Promise<void>;
  /** Stops and removes the directory. */
  dispose(): Promise<void>;
}

/**
 * A real S3 REST server (s3rver: objects on disk, XML over HTTP) in this process, on a free port.
 * It rejects unknown access keys but does not verify SigV4 signatures, so a wrong secret passes.
 */
export async function startS3Server(): Promise<TestS3Server> {
  const S3rver = require('s3rver') as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), 'dahe-s3-'));
  let server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const { port } = await server.run();
  let running = true;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    stop: async () => {
      if (running) await server.close();
      running = false;
    },
    start: async () => {
      if (running) return;
      server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
      await server.run();
      running = true;
    },
    dispose: async () => {
      if (running) await server.close();
      running = false;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
