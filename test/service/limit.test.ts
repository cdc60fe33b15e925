// The question limiter: at most max at once, the rest in arrival order, a failure frees its slot.
import { describe, expect, test } from 'vitest';
import { Limiter } from '../../src/service/limit.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Limiter', () => {
  test('runs at most max at once and starts the waiting ones in arrival order', async () => {
    const l = new Limiter(2);
    let now = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) =>
      l.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++now);
        await tick();
        now--;
        return i * 10;
      });
    const out = await Promise.all([0, 1, 2, 3, 4, 5].map(task));
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(l.load).toEqual({ running: 0, waiting: 0 });
  });

  test('a task that throws passes its slot on; its caller gets the error', async () => {
    const l = new Limiter(1);
    const first = l.run(async () => {
      await tick();
      throw new Error('boom');
    });
    const second = l.run(async () => 'ok');
    expect(l.load).toEqual({ running: 1, waiting: 1 });
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
    expect(l.load).toEqual({ running: 0, waiting: 0 });
  });

  test('0 means no limit', async () => {
    const l = new Limiter(0);
    let now = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        l.run(async () => {
          peak = Math.max(peak, ++now);
          await tick();
          now--;
        }),
      ),
    );
    expect(peak).toBe(5);
  });
});
