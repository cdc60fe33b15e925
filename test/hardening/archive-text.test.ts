// Hostile archive text (mentions, Markdown that breaks formatting, zero-width and bidi characters, a
// 100 KB paragraph, right-to-left text, emoji) is indexed, and every message the real bot sends about it
// over a fake Discord is safe: no mention can ping, no Markdown/link escapes, every Discord limit kept.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import type { DossierService } from '../../src/service-types.js';
import { article } from '../support/articles.js';
import { tempDir } from '../support/env.js';
import {
  type BotHarness,
  botOnFake,
  buildIndex,
  messageBodies,
  messageProblems,
  service,
  visibleText,
} from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

const USER = '123456789012345678';
const ROLE = '456789012345678901';
const ARABIC = 'هاجمت مجموعة منشقة سفارة كوريا الشمالية في مدريد';
const HEBREW = 'המוסד גייס מודיעים באמצעות מודעות דרושים';

const longParagraph = (() => {
  const parts: string[] = [];
  for (let i = 0; parts.join(' ').length < 100_000; i++) {
    parts.push(`Submarine cable tapping station number ${i} recorded diplomatic traffic from the Baltic relay.`);
  }
  return parts.join(' ');
})();

const hostile = [
  article(
    `Ping @everyone and @here: embassy mole <@${USER}> unmasked`,
    `@everyone the mole <@${USER}> and <@!${USER}> worked with <@&${ROLE}> in channel <#${USER}>. @here the Lithuanian mole was arrested.`,
    { url: 'https://intelnews.org/2020/01/01/01-9001/', date: '2020-01-01', author: '@everyone' },
  ),
  article(
    '**Bold** ||spoiler|| `code` ```sql``` [click](javascript:alert(1)) leak',
    '```\nThe cryptographic leak was made public.\n```\n||The spoiler about the cryptographic leak.|| **Loud** __underline__ ~~strike~~ ' +
      '[a phishing link](javascript:alert(document.cookie)) and [another](https://evil.example/"onmouseover=x).\n\n' +
      '# Heading about the cryptographic leak\n> quoted cryptographic leak\n- listed leak\n1. numbered leak\n-# subtext leak',
    { url: 'https://intelnews.org/2020/01/02/01-9002/', date: '2020-01-02' },
  ),
  article(
    'Zero\u200bwidth\u200d spy\ufeff agency in \u202eMadrid\u202c mirror',
    `Invisible\u200b characters\u2060 hid the\u00ad name of the\u200e double agent. The bidi override \u202eevil.exe\u202c trick was used. ${ARABIC}. ${HEBREW}.`,
    { url: 'https://intelnews.org/2020/01/03/01-9003/', date: '2020-01-03' },
  ),
  article('Submarine cable tapping in the Baltic', longParagraph, {
    url: 'https://intelnews.org/2020/01/04/01-9004/',
    date: '2020-01-04',
  }),
  article(
    '🕵️ Emoji spy 🇷🇺 hackers 💣 in the 🏛️ parliament',
    'The 🕵️‍♂️ operative planted a 💣 bug 🐛 in the parliament 🏛️ building. 🇷🇺🇺🇦 tensions grew. 😀'.repeat(3),
    {
      url: 'https://intelnews.org/2020/01/05/01-9005/',
      date: '2020-01-05',
    },
  ),
];

let emb: Embedder;
let svc: DossierService;
let h: BotHarness;
let dir: string;

beforeAll(async () => {
  emb = await realEmbedder();
  dir = tempDir();
  const s = await buildIndex(dir, emb, hostile);
  expect(s.published).toBe(true);
  svc = await service(dir, emb);
  h = await botOnFake(svc, dir, { COOLDOWN: 'off' });
}, 180_000);
afterAll(async () => {
  await h?.stop();
  await svc?.close();
  await emb?.dispose();
});

/** Archive text must not escape as live syntax in what the bot shows. */
function unsafeSpans(text: string): string[] {
  const bad: string[] = [];
  if (/@(everyone|here)/i.test(text)) bad.push('bare @everyone/@here');
  if (/<@[!&]?\d+>|<#\d+>/.test(text)) bad.push('live user/role/channel mention');
  if (/(?<!\\)\]\(\s*javascript:/i.test(text)) bad.push('javascript: link');
  if (/(?<!\\)```/.test(text)) bad.push('unescaped code fence');
  if (/(?<!\\)\|\|/.test(text)) bad.push('unescaped spoiler');
  if (/[\u202a-\u202e\u2066-\u2069\ufeff\u2060\u00ad]|\u200d/.test(text)) bad.push('bidi/zero-width control');
  return bad;
}

describe('hostile archive text', () => {
  test('is indexed: every article findable, the 100 KB paragraph split into many chunks', async () => {
    const st = (await svc.stats())!;
    expect(st.articles).toBe(hostile.length);
    expect(st.chunks).toBeGreaterThan(50);
    expect((await svc.search({ text: 'submarine cable tapping Baltic relay' })).passages[0]?.title).toMatch(
      /Submarine/,
    );
    expect((await svc.search({ text: 'Lithuanian mole arrested', method: 'lexical' })).passages[0]?.title).toMatch(
      /mole/,
    );
    expect((await svc.article(hostile[2].id))?.body).toContain(ARABIC);
  });

  test('every message the bot sends about it is safe and within Discord limits', async () => {
    const { fake } = h;
    const asks = [
      'Who was the Lithuanian mole arrested?',
      'cryptographic leak spoiler heading',
      'double agent invisible characters bidi override',
      'submarine cable tapping station Baltic relay diplomatic traffic',
      'operative planted a bug in the parliament building',
    ];
    const answers = [];
    for (const question of asks) answers.push(await fake.slash('ask', { question }).response());
    for (const query of ['leak', 'mole', 'Submarine cable']) await fake.slash('search', { query }).response();
    for (const a of hostile) await fake.slash('article', { title: a.id }).response();
    await fake.slash('article', { title: `@everyone <@&${ROLE}> **x** \`\`\`` }).response();
    // user text echoed in refusals is defused too (before: shown raw, e.g. a live role mention)
    await fake.slash('ask', { question: 'mole', from: `@here<@&${ROLE}>` }).response();
    // a mention whose answer cites the mole article
    fake.userMessage('who was the mole working with the role?');
    await fake.waitFor(
      () =>
        fake.calls.some((c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path) && c.status === 200),
      30_000,
      'the mention reply',
    );
    // every button on every answer: passages (ephemeral), pages, votes
    for (const msg of answers) {
      for (const row of msg?.components ?? []) {
        for (const b of row.components ?? []) if (b.custom_id) await fake.click(msg, b.custom_id).response();
      }
    }

    const bodies = messageBodies(fake.calls);
    expect(bodies.length).toBeGreaterThan(20);
    for (const { call, body } of bodies) {
      expect(messageProblems(body), `${call.method} ${call.path}`).toEqual([]);
      expect(unsafeSpans(visibleText(body)), `${call.method} ${call.path}: ${visibleText(body).slice(0, 300)}`).toEqual(
        [],
      );
    }
    const all = bodies.map((b) => visibleText(b.body)).join('\n');
    expect(all).toContain(ARABIC); // RTL text shown as it is
    expect(all).toContain('💣'); // emoji kept
    expect(all).toMatch(/@\u200beveryone/); // shown, defused
    expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  }, 120_000);
});
