// The entity repair in front of the XML parser: what it rewrites, what it leaves alone (CDATA,
// comments, XML's own entities), and that a chunk boundary anywhere changes nothing.
import { describe, expect, it } from 'vitest';
import { EntityRepair } from '../../src/archive/formats/xml-repair.js';

const repair = (s: string) => {
  const r = new EntityRepair();
  return { text: r.push(s) + r.end(), bare: r.bare, unknown: r.unknown };
};

describe('EntityRepair', () => {
  it('escapes a bare &, turns HTML5 names into character references, keeps XML ones', () => {
    expect(repair('<t>Tom & Jerry &hellip; &LT;b&GT; &amp; &lt; &#x41; &foo; &</t>')).toEqual({
      text: '<t>Tom &amp; Jerry &#x2026; &#x3c;b&#x3e; &amp; &lt; &#x41; &amp;foo; &amp;</t>',
      bare: 2,
      unknown: 1,
    });
  });

  it('reads numeric references as browsers do: 0x80–0x9F as windows-1252, impossible ones as U+FFFD', () => {
    expect(repair('&#150;&#x92;&#0;&#xD800;').text).toBe('&#x2013;&#x2019;&#xfffd;&#xfffd;');
  });

  it('leaves CDATA sections, comments and the doctype alone', () => {
    const s = '<!DOCTYPE rss><c><![CDATA[a & b &hellip;]]></c><!-- x & y -->';
    expect(repair(s)).toEqual({ text: s, bare: 0, unknown: 0 });
  });

  it('gives the same text whatever the chunk boundaries', () => {
    const text =
      '<title>Tom & Jerry</title>\n<link>https://e.com/?p=2&utm=rss</link>\n<d>&bdquo;x&ldquo; &frac12;</d>' +
      '<c><![CDATA[a & b]]></c><!-- & --><e>&CounterClockwiseContourIntegral; &amp;</e>';
    const whole = repair(text).text;
    for (let k = 1; k < text.length; k++) {
      for (const k2 of [k, Math.min(text.length, k + 3)]) {
        const r = new EntityRepair();
        const out = r.push(text.slice(0, k)) + r.push(text.slice(k, k2)) + r.push(text.slice(k2)) + r.end();
        expect(out, `split at ${k}/${k2}`).toBe(whole);
      }
    }
  });

  it('passes a clean chunk through as it is', () => {
    const chunk = '<item><title>Plain</title><d><![CDATA[x & y]]></d></item>';
    expect(new EntityRepair().push(chunk)).toBe(chunk);
  });
});
