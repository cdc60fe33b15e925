import { describe, expect, it } from 'vitest';
import { declaredEncoding, decodeAs, decodeDeclared } from '../../src/archive/decode.js';

const bytes = (...xs: number[]) => Uint8Array.from(xs);
const xml = (enc: string, rest: number[] = []) =>
  Uint8Array.from([...Buffer.from(`<?xml version="1.0" encoding="${enc}"?><a>`, 'latin1'), ...rest]);

describe('declaredEncoding', () => {
  it('a BOM first, then the Content-Type charset (over the XML declaration), then the declaration', () => {
    expect(declaredEncoding(bytes(0xff, 0xfe, 0x41, 0), 'text/xml; charset=ISO-8859-1')).toBe('utf-16le');
    expect(declaredEncoding(xml('windows-1252'), 'application/rss+xml; charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(declaredEncoding(xml('windows-1252'), 'application/rss+xml')).toBe('windows-1252');
    expect(declaredEncoding(xml('windows-1252'))).toBe('windows-1252');
  });
  it('nothing for UTF-8, no declaration, or an encoding Node does not know', () => {
    expect(declaredEncoding(xml('UTF-8'))).toBeUndefined();
    expect(declaredEncoding(xml('windows-1252'), 'text/xml; charset=utf-8')).toBeUndefined();
    expect(declaredEncoding(Buffer.from('<rss>'))).toBeUndefined();
    expect(declaredEncoding(xml('x-klingon'))).toBeUndefined();
  });
});

describe('decodeAs / decodeDeclared', () => {
  it('windows-1252 (and latin1 labels, as browsers read them) map 0x80–0x9F to their characters', () => {
    // “quoted” – € …
    const b = bytes(0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0x80, 0x85, 0xe9);
    expect(decodeAs('windows-1252', b).text).toBe('\u201cq\u201d \u2013 \u20ac\u2026\u00e9');
    expect(decodeAs('iso-8859-1', b).text).toBe('\u201cq\u201d \u2013 \u20ac\u2026\u00e9');
  });
  it('a body is decoded with what it declares, else as UTF-8', () => {
    expect(decodeDeclared(xml('windows-1252', [0x93, 0x94])).text).toMatch(/<a>\u201c\u201d$/);
    expect(decodeDeclared(Buffer.from('caf\u00e9 \u201cx\u201d'), 'text/xml; charset=utf-8')).toEqual({
      text: 'caf\u00e9 \u201cx\u201d',
      replaced: false,
    });
    expect(decodeDeclared(bytes(0x63, 0xe9)).replaced).toBe(true); // latin1 bytes, nothing declared: replaced and said
  });
});
