// Script (not a test): writes a WordPress export of ~SIZE MB to a temp dir and loads it, printing
// time and peak memory. The issue asks that a 100+ MB export parse under 500 MB.
// Run: npx tsx test/archive/big-wxr.ts [MB=110]
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { loadSources } from '../../src/archive/load.js';

const targetMb = Number(process.argv[2] ?? 110);
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-bigwxr-'));
const file = path.join(dir, 'export.xml');

const para = (i: number, k: number) =>
  `The agency said on ${['Monday', 'Tuesday', 'Friday'][k % 3]} that officer number ${i} had met a source in Vienna &#8212; ` +
  `an &#8220;asset&#8221; run since 2009 &amp; paid in cash. Officials declined to comment on the case, citing national security.`;

const out = createWriteStream(file);
const write = async (s: string) => {
  if (!out.write(s)) await once(out, 'drain');
};
await write(
  `<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Big blog</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n`,
);
let bytes = 0;
let i = 0;
while (bytes < targetMb * 1024 * 1024) {
  i++;
  const type = i % 10 === 0 ? 'attachment' : 'post';
  const status = i % 25 === 0 ? 'draft' : type === 'attachment' ? 'inherit' : 'publish';
  const body = Array.from({ length: 12 }, (_, k) => `<p>${para(i, k)}</p>`).join('\n');
  const comments = Array.from(
    { length: 3 },
    (_, k) =>
      `<wp:comment><wp:comment_id>${i * 10 + k}</wp:comment_id><wp:comment_content><![CDATA[Comment ${k} on post ${i}: ${para(i, k)}]]></wp:comment_content></wp:comment>`,
  ).join('\n');
  const item =
    `<item>\n<title>Post number ${i} about espionage</title>\n<link>https://blog.example.com/${2008 + (i % 15)}/01/01/01-${i}/</link>\n` +
    `<pubDate>Tue, 05 Mar 2019 10:00:00 +0000</pubDate>\n<dc:creator><![CDATA[jdoe]]></dc:creator>\n` +
    `<content:encoded><![CDATA[${body}]]></content:encoded>\n<wp:post_id>${i}</wp:post_id>\n<wp:post_date><![CDATA[${2008 + (i % 15)}-0${1 + (i % 9)}-1${i % 10} 10:00:00]]></wp:post_date>\n` +
    `<wp:status><![CDATA[${status}]]></wp:status>\n<wp:post_type><![CDATA[${type}]]></wp:post_type>\n` +
    `<category domain="post_tag" nicename="spies"><![CDATA[Spies]]></category>\n${comments}\n</item>\n`;
  bytes += Buffer.byteLength(item);
  await write(item);
}
await write('</channel>\n</rss>\n');
out.end();
await once(out, 'finish');
const size = (await fs.stat(file)).size;

let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const baseline = process.memoryUsage().rss;
const t0 = performance.now();
const r = await loadSources([file]);
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(
  JSON.stringify({
    fileMB: +(size / 1048576).toFixed(1),
    items: i,
    articles: r.articles.length,
    warnings: r.warnings.length,
    seconds: +seconds.toFixed(1),
    mbPerSecond: +(size / 1048576 / seconds).toFixed(1),
    baselineRssMB: Math.round(baseline / 1048576),
    peakRssMB: Math.round(peak / 1048576),
  }),
);
await fs.rm(dir, { recursive: true, force: true });
