// Bytes → text. Invalid UTF-8 is replaced (U+FFFD), never fatal; the caller warns once per file.
import { isUtf8 } from 'node:buffer';

export interface Decoded {
  text: string;
  /** true when some bytes were not valid UTF-8 (or UTF-16 with a BOM) and were replaced */
  replaced: boolean;
}

export type UnicodeEncoding = 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/**
 * UTF-16 or UTF-32 recognised from the bytes: a byte-order mark, else the zero bytes that text in
 * those encodings has where ASCII characters ("<?xml", "{", letters) sit (XML 1.0 appendix F reads
 * the first four bytes the same way). undefined for UTF-8 and everything else.
 */
export function sniffUnicode(b: Uint8Array): { encoding: UnicodeEncoding; bom: number } | undefined {
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', bom: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', bom: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(b.length, 1024) & ~3;
  if (n < 8) return undefined;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (b[i] === 0) zeros[i & 3]++;
  const q = n / 4;
  const most = (k: number) => zeros[k] >= 0.9 * q;
  const few = (k: number) => zeros[k] <= 0.1 * q;
  if (most(1) && most(2) && most(3) && few(0)) return { encoding: 'utf-32le', bom: 0 };
  if (most(0) && most(1) && most(2) && few(3)) return { encoding: 'utf-32be', bom: 0 };
  const odd = zeros[1] + zeros[3];
  const even = zeros[0] + zeros[2];
  if (odd >= 0.7 * 2 * q && even <= 0.05 * 2 * q) return { encoding: 'utf-16le', bom: 0 };
  if (even >= 0.7 * 2 * q && odd <= 0.05 * 2 * q) return { encoding: 'utf-16be', bom: 0 };
  return undefined;
}

/** Decodes a whole file: UTF-16 or UTF-32 when its bytes say so (see sniffUnicode), else UTF-8 (BOM stripped). */
export function decodeBytes(buf: Uint8Array): Decoded {
  const uni = sniffUnicode(buf);
  if (uni) return decodeAs(uni.encoding, buf);
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  const replaced = !isUtf8(body);
  return { text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body), replaced };
}

/**
 * The encoding a text names for itself when it is not UTF-8: UTF-16/32 bytes, else the charset of an
 * HTTP Content-Type (which takes precedence for a fetched body, RFC 7303), else an XML declaration.
 * undefined for UTF-8 or an encoding Node does not know (read as UTF-8; bad bytes are reported).
 */
export function declaredEncoding(head: Uint8Array, contentType?: string): string | undefined {
  const uni = sniffUnicode(head);
  if (uni) return uni.encoding;
  const fromHeader = contentType ? /;\s*charset\s*=\s*"?([A-Za-z0-9._-]+)"?/i.exec(contentType)?.[1] : undefined;
  const decl = fromHeader
    ? undefined
    : /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
        Buffer.from(head.subarray(0, 200)).toString('latin1'),
      );
  const label = (fromHeader ?? decl?.[1])?.toLowerCase();
  if (!label || label === 'utf-8' || label === 'utf8') return undefined;
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return undefined;
  }
}

/** Decodes a whole body: with the encoding it declares (see declaredEncoding), else as decodeBytes does. */
export function decodeDeclared(buf: Uint8Array, contentType?: string): Decoded {
  const enc = declaredEncoding(buf, contentType);
  return enc ? decodeAs(enc, buf) : decodeBytes(buf);
}

// windows-1252 in 0x80–0x9F (what WHATWG decodes for windows-1252, ISO-8859-1, latin1 and ASCII
// labels); Node 20's TextDecoder maps those bytes to C1 controls instead (curly quotes became U+0093)
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(buf: Uint8Array): string {
  const latin = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
  return latin.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]));
}

/** UTF-32 (not among the encodings TextDecoder knows): code point by code point. */
function decodeUtf32(buf: Uint8Array, littleEndian: boolean): Decoded {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let replaced = buf.length % 4 !== 0;
  let text = '';
  const cps: number[] = [];
  for (let i = 0; i + 4 <= buf.length; i += 4) {
    const c = view.getUint32(i, littleEndian);
    const ok = c <= 0x10ffff && (c < 0xd800 || c > 0xdfff);
    if (!ok) replaced = true;
    cps.push(ok ? c : 0xfffd);
    if (cps.length === 8192) {
      text += String.fromCodePoint(...cps);
      cps.length = 0;
    }
  }
  return { text: text + String.fromCodePoint(...cps), replaced };
}

/** Decodes with a named encoding (a label TextDecoder knows, or UTF-32); a leading BOM is dropped, bad bytes are replaced, and said. */
export function decodeAs(encoding: string, buf: Uint8Array): Decoded {
  const uni = sniffUnicode(buf);
  const body = uni && uni.encoding === encoding ? buf.subarray(uni.bom) : buf;
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(body, encoding === 'utf-32le');
  if (new TextDecoder(encoding).encoding === 'windows-1252') return { text: decodeWindows1252(body), replaced: false };
  return decodeWith(encoding, body);
}

function decodeWith(encoding: string, buf: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(buf), replaced: false };
  } catch {
    return { text: new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(buf), replaced: true };
  }
}

/** How many bytes at the end of buf start a UTF-8 sequence that the next chunk completes. */
function incompleteTail(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Streaming UTF-8 decoder for large files: chunk by chunk, remembering whether anything
 * was replaced. Sequences split across chunks are carried over, so they are not "invalid".
 */
export class StreamDecoder {
  replaced = false;
  private carry: Uint8Array = new Uint8Array(0);
  private first = true;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  write(chunk: Uint8Array): string {
    let buf: Uint8Array = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.first && buf.length >= 3) {
      this.first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const tail = incompleteTail(buf);
    const whole = buf.subarray(0, buf.length - tail);
    this.carry = Uint8Array.from(buf.subarray(buf.length - tail));
    if (!this.replaced && !isUtf8(whole)) this.replaced = true;
    return this.decoder.decode(whole, { stream: true });
  }

  end(): string {
    if (this.carry.length) this.replaced = true; // the file ends inside a character
    const out = this.decoder.decode(this.carry);
    this.carry = new Uint8Array(0);
    return out;
  }
}
