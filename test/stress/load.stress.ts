// Load, soak and event-loop figures with the real engine, and Discord faults with the real bot on the
// fake Discord. Prints figures (latency, memory, event-loop delay); asserts behaviour and stated bounds.
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import { loadEmbedder } from '../../src/embed/embedder.js';
import { runReindex } from '../../src/index/pipeline.js';
import type { DossierService } from '../../src/service-types.js';
import { startBot } from '../../src/bot/start.js';
import { commands } from '../../commands/index.js';
import pino from 'pino';
import { FakeDiscord, snowflake, type FakeUser, type Interaction } from '../support/fake-discord.js';
import { StubService, stubArticle } from '../support/stub-service.js';
import { tempDir, testConfig } from '../support/env.js';
import { botOnFake, buildIndex, messageBodies, messageProblems, service } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

const MB = 1024 * 1024;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

/** A JSONL archive big enough that a full re-index takes a while (embedding is the slow part). */
function archiveFile(n: number): string {
  const file = path.join(tempDir('dossier-load-src-'), 'archive.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = Array.from(
      { length: 8 },
      (_, s) =>
        `Dispatch ${i}.${s}: the liaison officer in station ${i} reported a meeting about operation ${i * 7 + s}, with the courier and the cover firm.`,
    ).join(' ');
    lines.push(
      JSON.stringify({
        title: `Station ${i} dispatch`,
        body,
        date: '2020-05-05',
        url: `https://intelnews.org/2020/05/05/01-${5000 + i}/`,
      }),
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const QUESTIONS = [
  'Who raided the North Korean embassy in Madrid?',
  'Which officers tried to hack the chemical weapons watchdog?',
  'How did Mossad recruit informants?',
  'Who was arrested in the French Senate?',
  'What did the liaison officer report?',
  'Where was the courier seen?',
  'What is the capital of Peru?',
];

let emb: Embedder;
beforeAll(async () => {
  emb = await realEmbedder();
}, 120_000);
afterAll(async () => {
  await emb?.dispose();
});

describe('load with the real engine', () => {
  let dir: string;
  let svc: DossierService;
  let served: Embedder;
  beforeAll(async () => {
    dir = tempDir();
    await buildIndex(dir, emb);
    // as `dossier serve` runs it (src/bot/serve.ts): re-indexing in a worker thread, questions in-thread
    const cfg = testConfig(dir);
    served = await loadEmbedder({
      model: cfg.EMBEDDING_MODEL,
      dtype: cfg.EMBEDDING_DTYPE,
      modelsDir: cfg.modelsDir,
      allowRemote: false,
      worker: true,
    });
    svc = await service(dir, emb, { indexEmbedder: served });
  }, 120_000);
  afterAll(async () => {
    await svc?.close();
    await served?.dispose();
  });

  test('500 questions from 50 users at once (slash and mentions) while a re-index runs: all answered, cooldowns per user', async () => {
    const LIMIT = 5;
    const h = await botOnFake(svc, dir, { COOLDOWN: `${LIMIT}/120s` });
    const { fake } = h;
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    try {
      const reindex = svc.reindex({ full: true, sources: [archiveFile(80)] });
      await new Promise((r) => setTimeout(r, 300)); // let it get into embedding
      expect(await svc.reindexRunning()).toBe(true);

      const users: FakeUser[] = Array.from({ length: 50 }, (_, i) => ({
        id: snowflake(),
        username: `user${i}`,
        global_name: null,
      }));
      type Asked = { user: string; kind: 'slash' | 'mention'; at: number; it?: Interaction; msgId?: string };
      const asked: Asked[] = [];
      const order = users
        .flatMap((u) => Array.from({ length: 10 }, (_, k) => ({ u, k })))
        .sort(() => Math.random() - 0.5);
      for (const { u, k } of order) {
        const q = QUESTIONS[(k + asked.length) % QUESTIONS.length];
        const at = Date.now();
        if (Math.random() < 0.5)
          asked.push({ user: u.id, kind: 'slash', at, it: fake.slash('ask', { question: q }, { user: u }) });
        else asked.push({ user: u.id, kind: 'mention', at, msgId: fake.userMessage(q, { author: u }).id });
      }

      // what each question got: the answer/refusal body, and when it arrived
      const outcome = (a: Asked): { body: any; at: number } | undefined => {
        if (a.it) {
          const calls = a.it.calls();
          const cb = calls.find((c) => c.path.endsWith('/callback') && c.status < 300);
          if (cb?.body?.type === 4) return { body: cb.body.data, at: cb.at };
          const edit = calls.find((c) => c.method === 'PATCH' && c.status < 300);
          return edit ? { body: edit.body, at: edit.at } : undefined;
        }
        const reply = fake.calls.find(
          (c) => c.method === 'POST' && c.status < 300 && c.body?.message_reference?.message_id === a.msgId,
        );
        return reply ? { body: reply.body, at: reply.at } : undefined;
      };
      await fake
        .waitFor(() => asked.every((a) => outcome(a)), 90_000, 'every question answered')
        .catch(() => undefined);
      const missing = asked.filter((a) => !outcome(a));
      if (missing.length) {
        const late = fake.calls.filter((c) => c.status >= 400);
        console.log(
          `\nUNANSWERED ${missing.length}: ${missing.filter((a) => a.kind === 'slash').length} slash, ${missing.filter((a) => a.kind === 'mention').length} mentions; ` +
            `REST errors: ${JSON.stringify(late.slice(0, 5).map((c) => [c.method, c.path.slice(0, 40), c.status, c.body?.type]))} (${late.length}); ` +
            `callback delays (ms after the question): ${JSON.stringify(
              asked
                .filter((a) => a.it)
                .map((a) => (a.it!.calls()[0]?.at ?? NaN) - a.at)
                .slice(0, 40),
            )}; max loop delay ${(loop.max / 1e6).toFixed(0)} ms; ` +
            `error logs: ${JSON.stringify(h.logs.filter((l) => (l.level as number) >= 40).slice(0, 3))}`,
        );
      }
      expect(missing).toEqual([]);
      const summary = await reindex;
      expect(summary.published).toBe(true);

      const lat = asked.map((a) => outcome(a)!.at - a.at);
      const perUser = new Map<string, { answered: number; cooldown: number; error: number }>();
      for (const a of asked) {
        const { body } = outcome(a)!;
        const text = JSON.stringify(body);
        const r = perUser.get(a.user) ?? { answered: 0, cooldown: 0, error: 0 };
        if (/asking quickly/.test(text)) r.cooldown++;
        else if (/Something went wrong|can't answer/.test(text)) r.error++;
        else r.answered++;
        perUser.set(a.user, r);
      }
      const lost = fake.calls.filter((c) => c.status === 404 && /callback/.test(c.path));
      console.log(
        `\nload: ${asked.length} questions from ${users.length} users (${asked.filter((a) => a.kind === 'slash').length} slash, ${asked.filter((a) => a.kind === 'mention').length} mentions) during a full re-index of 80 articles` +
          `\n  latency to the reply: p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${Math.max(...lat)} ms` +
          `\n  peak RSS ${Math.round(peak / MB)} MB; event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms` +
          `\n  re-index: ${summary.chunksEmbedded} chunks in ${summary.seconds.toFixed(1)} s; interaction callbacks too late (404): ${lost.length}`,
      );
      for (const [user, r] of perUser) {
        expect(r.error, user).toBe(0);
        expect(r.answered, user).toBe(LIMIT);
        expect(r.cooldown, user).toBe(10 - LIMIT);
      }
      expect(lost).toEqual([]);
      for (const { call, body } of messageBodies(fake.calls))
        expect(messageProblems(body), `${call.method} ${call.path}`).toEqual([]);
      expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    } finally {
      clearInterval(sampler);
      loop.disable();
      await h.stop();
    }
  }, 600_000);

  test.each([
    ['in this thread', false],
    ['in a worker thread', true],
  ])(
    'event-loop delay while indexing with the model %s (the gateway heartbeat shares this loop)',
    async (_name, worker) => {
      const cfg = testConfig(tempDir());
      const e = worker
        ? await loadEmbedder({
            model: cfg.EMBEDDING_MODEL,
            dtype: cfg.EMBEDDING_DTYPE,
            modelsDir: cfg.modelsDir,
            allowRemote: false,
            worker: true,
          })
        : emb;
      try {
        const d = tempDir();
        const loop = monitorEventLoopDelay({ resolution: 10 });
        loop.enable();
        const big = await runReindex({
          indexDir: d,
          embedder: e,
          sources: [archiveFile(120)],
          full: true,
          hnsw: { M: 16, efConstruction: 200 },
        });
        loop.disable();
        const p99 = loop.percentile(99) / 1e6;
        console.log(
          `\nevent loop while indexing ${big.chunksEmbedded} chunks (model ${worker ? 'in a worker' : 'in-thread'}): p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms` +
            (p99 > 100
              ? '  <- above 100 ms: Discord interactions (3 s to acknowledge) are missed while this runs'
              : ''),
        );
        // the worker is the product's answer to this: with it, the loop stays responsive
        if (worker) expect(p99).toBeLessThan(100);
      } finally {
        if (worker) await e.dispose();
      }
    },
    600_000,
  );

  test('soak: 20,000 questions, memory growth stays under 64 MB after warm-up', async () => {
    const ask = async (i: number) => {
      const q = `${QUESTIONS[i % QUESTIONS.length]} ${i % 97 === 0 ? 'x'.repeat(i % 500) : ''} #${i}`;
      const { answer } = await svc.ask({
        text: q,
        ...(i % 5 === 0 ? { author: 'Ian Allen' } : {}),
        ...(i % 7 === 0 ? { from: '2018-01-01', to: '2019-12-31' } : {}),
      });
      return answer.covered;
    };
    for (let i = 0; i < 2000; i++) await ask(i);
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage();
    const samples: number[] = [];
    const t = Date.now();
    for (let i = 2000; i < 20_000; i++) {
      await ask(i);
      if (i % 2000 === 0) samples.push(process.memoryUsage().rss);
    }
    (globalThis as { gc?: () => void }).gc?.();
    const end = process.memoryUsage();
    const growth = (end.rss - base.rss) / MB;
    console.log(
      `\nsoak: 18,000 questions after 2,000 warm-up in ${((Date.now() - t) / 1000).toFixed(0)} s; RSS ${Math.round(base.rss / MB)} → ${Math.round(end.rss / MB)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB), heap ${Math.round(base.heapUsed / MB)} → ${Math.round(end.heapUsed / MB)} MB` +
        `\n  RSS every 2,000: ${samples.map((s) => Math.round(s / MB)).join(', ')} MB`,
    );
    expect(growth).toBeLessThan(64);
  }, 900_000);
});

describe('Discord trouble while serving (real bot, stub engine slower than the questions arrive)', () => {
  test('429 and 5xx bursts, drop + resume, refused resume, a flood: every question answered, the process stays up', async () => {
    const fake = await FakeDiscord.start();
    const svc = new StubService([
      stubArticle({ id: 'u:1', title: 'Embassy raid in Madrid' }),
      stubArticle({ id: 'u:2', title: 'GRU hackers' }),
    ]);
    svc.askDelayMs = 1500; // answers take longer than questions take to arrive
    const errors: unknown[] = [];
    const onRejection = (e: unknown) => errors.push(e);
    process.on('unhandledRejection', onRejection);
    const logs: any[] = [];
    const bot = await startBot(
      testConfig(tempDir(), { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase, COOLDOWN: 'off' }),
      svc,
      commands,
      {
        logger: pino({ level: 'info' }, { write: (l: string) => void logs.push(JSON.parse(l)) }),
      },
    );
    await fake.waitForReady();
    const all: { what: string; it: Interaction }[] = [];
    const ask = (what: string, n: number) => {
      for (let i = 0; i < n; i++)
        all.push({
          what,
          it: fake.slash(
            'ask',
            { question: `${what} question ${i}` },
            { user: { id: snowflake(), username: `u${i}` } },
          ),
        });
    };
    const answered = (it: Interaction) => it.calls().some((c) => c.method === 'PATCH' && c.status < 300);
    const settle = (what: string) =>
      fake.waitFor(
        () => all.filter((a) => a.what === what).every((a) => answered(a.it)),
        60_000,
        `all "${what}" answered`,
      );
    try {
      ask('flood', 40);
      await settle('flood');

      fake.failNext(6, 429, { retryAfter: 0.2 });
      ask('429 burst', 6);
      await settle('429 burst');

      fake.failNext(2, 500, { match: /PATCH/ });
      fake.failNext(2, 500, { match: /callback/ });
      ask('5xx burst', 6);
      await settle('5xx burst');

      // questions asked while the connection is down are replayed on RESUME
      fake.dropConnection();
      ask('during a drop', 5);
      await fake.waitForReady();
      await settle('during a drop');
      expect(fake.resumes).toBeGreaterThan(0);

      fake.requestReconnect();
      ask('during op 7', 3);
      await settle('during op 7');

      // a refused resume: the client IDENTIFYs afresh (Discord does not replay the old session)
      const identifies = fake.identifies;
      fake.refuseNextResume();
      fake.dropConnection();
      await fake.waitFor(() => fake.identifies > identifies && fake.connected, 30_000, 'a fresh IDENTIFY');
      ask('after a fresh identify', 5);
      await settle('after a fresh identify');

      const unanswered = all.filter((a) => !answered(a.it));
      console.log(
        `\nDiscord faults: ${all.length} questions, ${unanswered.length} unanswered; resumes ${fake.resumes}, identifies ${fake.identifies}; ` +
          `REST 429s ${fake.calls.filter((c) => c.status === 429).length}, 5xx ${fake.calls.filter((c) => c.status >= 500).length}, late callbacks ${fake.calls.filter((c) => c.status === 404).length}`,
      );
      expect(unanswered).toEqual([]);
      expect(errors).toEqual([]);
      expect(bot.client.isReady()).toBe(true);
    } finally {
      process.off('unhandledRejection', onRejection);
      await bot.stop();
      await fake.stop();
    }
  }, 300_000);
});
