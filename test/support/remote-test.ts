// Each test of a URL source gets a fresh loopback server and state folder, removed after it, and
// remote options that reach only that server quickly (FAST timeouts and retries).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { RemoteOptions } from '../../src/archive/remote/index.js';
import { FAST, onlyLoopbackV4, startServer, type TestServer } from './http-server.js';

export interface RemoteTest {
  /** this test's server */
  readonly srv: TestServer;
  /** this test's state folder */
  readonly stateDir: string;
  /** loopback-only, fast remote options with this test's state folder */
  opts(extra?: Partial<RemoteOptions>): RemoteOptions;
}

/** Registers the per-test server and state folder (call at the top of a test file). */
export function useRemoteTest(prefix: string): RemoteTest {
  let srv: TestServer | undefined;
  let stateDir: string | undefined;
  beforeEach(async () => {
    srv = await startServer();
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    await srv?.close();
    if (stateDir) await fs.rm(stateDir, { recursive: true, force: true });
  });
  return {
    get srv() {
      return srv!;
    },
    get stateDir() {
      return stateDir!;
    },
    opts: (extra = {}) => ({ allowPrivate: onlyLoopbackV4, ...FAST, stateDir: stateDir!, ...extra }),
  };
}
