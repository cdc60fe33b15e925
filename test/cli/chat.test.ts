// The local chat keeps a conversation: a follow-up that leans on the last question is asked with its
// subject, dates and sources; one that stands alone is asked alone; /new starts over.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/chat.js';
import { PLAIN } from '../../src/cli/render.js';
import { StubService, stubArticle } from '../support/stub-service.js';

async function chat(lines: string[]) {
  const svc = new StubService([
    stubArticle({ id: 'u:madrid', title: 'Raid on the embassy in Madrid', body: 'Dissidents raided the embassy.' }),
  ]);
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (c) => {
    text += String(c);
  });
  const done = runChat(svc, { input, output, style: PLAIN, now: '2019-03-20' });
  for (const l of lines) input.write(`${l}\n`);
  input.end();
  await done;
  return { svc, text };
}

describe('chat follow-ups', () => {
  it('carries the subject into a follow-up, says so, and /new starts over', async () => {
    const { svc, text } = await chat([
      'Which group raided the embassy in Madrid?',
      'Who leads them?',
      '/new',
      'Who leads them?',
    ]);
    expect(svc.asked.map((q) => q.text)).toEqual([
      'Which group raided the embassy in Madrid?',
      'Who leads them? group raided embassy Madrid',
      'Who leads them?',
    ]);
    expect(svc.asked[1].prefer).toEqual(['u:madrid']);
    expect(svc.asked[2].prefer).toBeUndefined();
    expect(text).toContain('(about: the embassy in Madrid — from your previous question; /new to start over)');
    expect(text).toContain('New conversation');
  });

  it('a question that names its own subject is asked alone, with the filters still set', async () => {
    const { svc } = await chat([
      '/author Ian Allen',
      'Which group raided the embassy in Madrid?',
      'Did Mossad recruit informants through fake job advertisements?',
    ]);
    expect(svc.asked[1]).toEqual({
      text: 'Did Mossad recruit informants through fake job advertisements?',
      author: 'Ian Allen',
      now: '2019-03-20',
    });
  });
});
