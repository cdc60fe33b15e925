// Password-protected WordPress posts never reach the index, by REST API or feed; a post given a
// password after it was fetched leaves the cached set at the next incremental refresh.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadUrlSource, type RemoteOptions } from '../../src/archive/remote/index.js';
import { FAST, onlyLoopbackV4, startServer, type TestServer } from '../support/http-server.js';
import { FakeWordPress, makePosts } from '../support/wp-fake.js';

let srv: TestServer;
let stateDir: string;
beforeEach(async () => {
  srv = await startServer();
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-protected-'));
});
afterEach(async () => {
  await srv.close();
  await fs.rm(stateDir, { recursive: true, force: true });
});

const opts = (extra: Partial<RemoteOptions> = {}): RemoteOptions => ({
  allowPrivate: onlyLoopbackV4,
  ...FAST,
  stateDir,
  ...extra,
});

const SECRET = 'The members-only briefing names the source in Vienna.';

function site(): FakeWordPress {
  const posts = makePosts(6);
  posts[2].password = 'hunter2';
  posts[2].content = `<p>${SECRET}</p>`;
  return new FakeWordPress(srv, posts);
}

describe('password-protected WordPress posts', () => {
  it('REST API: a post with content.protected is left out and counted, its text never read', async () => {
    site();
    const r = await loadUrlSource(`${srv.base}/`, opts());
    expect(r.articles).toHaveLength(5);
    expect(JSON.stringify(r.articles)).not.toContain('members-only');
    expect(r.leftOut).toMatchObject({ passwordProtected: 1, private: 0, drafts: 0 });
  });

  it('feed: the password form WordPress shows instead of the text is recognised and left out', async () => {
    site();
    const r = await loadUrlSource(`${srv.base}/feed/`, opts());
    expect(r.kind).toBe('feed');
    expect(r.articles.map((a) => a.title)).not.toContainEqual(expect.stringMatching(/Protected|report number 2 /));
    expect(r.articles).toHaveLength(5);
    expect(JSON.stringify(r.articles)).not.toMatch(/password protected|members-only/i);
    expect(r.leftOut.passwordProtected).toBe(1);
  });

  it('REST API: a post protected after it was fetched leaves the set at the next incremental refresh', async () => {
    const wp = new FakeWordPress(srv, makePosts(6));
    const first = await loadUrlSource(`${srv.base}/`, opts());
    const target = first.articles.find((a) => a.url === wp.posts[3].link);
    expect(target).toBeDefined();
    wp.posts[3].password = 'hunter2';
    wp.posts[3].modified = '2019-02-01T08:00:00'; // setting a password is an edit
    const next = await loadUrlSource(`${srv.base}/`, opts());
    expect(next.mode).toBe('incremental');
    expect(next.articles.map((a) => a.id)).not.toContain(target?.id);
    expect(next.articles).toHaveLength(5);
  });

  it('feed: the same, at the next incremental read of the feed', async () => {
    const wp = new FakeWordPress(srv, makePosts(6));
    const first = await loadUrlSource(`${srv.base}/feed/`, opts());
    expect(first.articles).toHaveLength(6);
    wp.posts[5].password = 'hunter2';
    wp.posts[5].modified = '2019-02-01T08:00:00';
    const next = await loadUrlSource(`${srv.base}/feed/`, opts());
    expect(next.mode).toBe('incremental');
    expect(next.articles.map((a) => a.url)).not.toContain(wp.posts[5].link);
    expect(next.articles).toHaveLength(5);
  });
});
