// Password-protected WordPress posts never reach the index, by REST API or feed; a post given a
// password after it was fetched leaves the cached set at the next incremental refresh.
import { describe, expect, it } from 'vitest';
import { loadUrlSource } from '../../src/archive/remote/index.js';
import { FakeWordPress, makePosts } from '../support/wp-fake.js';
import { useRemoteTest } from '../support/remote-test.js';

const remote = useRemoteTest('dossier-protected-');
const opts = remote.opts;

const SECRET = 'The members-only briefing names the source in Vienna.';

function site(): FakeWordPress {
  const posts = makePosts(6);
  posts[2].password = 'hunter2';
  posts[2].content = `<p>${SECRET}</p>`;
  return new FakeWordPress(remote.srv, posts);
}

describe('password-protected WordPress posts', () => {
  it('REST API: a post with content.protected is left out and counted, its text never read', async () => {
    site();
    const r = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(r.articles).toHaveLength(5);
    expect(JSON.stringify(r.articles)).not.toContain('members-only');
    expect(r.leftOut).toMatchObject({ passwordProtected: 1, private: 0, drafts: 0 });
  });

  it('feed: the password form WordPress shows instead of the text is recognised and left out', async () => {
    site();
    const r = await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    expect(r.kind).toBe('feed');
    expect(r.articles.map((a) => a.title)).not.toContainEqual(expect.stringMatching(/Protected|report number 2 /));
    expect(r.articles).toHaveLength(5);
    expect(JSON.stringify(r.articles)).not.toMatch(/password protected|members-only/i);
    expect(r.leftOut.passwordProtected).toBe(1);
  });

  it('REST API: a post protected after it was fetched leaves the set at the next incremental refresh', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(6));
    const first = await loadUrlSource(`${remote.srv.base}/`, opts());
    const target = first.articles.find((a) => a.url === wp.posts[3].link);
    expect(target).toBeDefined();
    wp.posts[3].password = 'hunter2';
    wp.posts[3].modified = '2019-02-01T08:00:00'; // setting a password is an edit
    const next = await loadUrlSource(`${remote.srv.base}/`, opts());
    expect(next.mode).toBe('incremental');
    expect(next.articles.map((a) => a.id)).not.toContain(target?.id);
    expect(next.articles).toHaveLength(5);
  });

  it('feed: the same, at the next incremental read of the feed', async () => {
    const wp = new FakeWordPress(remote.srv, makePosts(6));
    const first = await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    expect(first.articles).toHaveLength(6);
    wp.posts[5].password = 'hunter2';
    wp.posts[5].modified = '2019-02-01T08:00:00';
    const next = await loadUrlSource(`${remote.srv.base}/feed/`, opts());
    expect(next.mode).toBe('incremental');
    expect(next.articles.map((a) => a.url)).not.toContain(wp.posts[5].link);
    expect(next.articles).toHaveLength(5);
  });
});
