// Bytes → text. Invalid UTF-8 is replaced (U+FFFD), never fatal; the caller warns once per file.
import { isUtf8 } from 'node:buffer';

export interface Decoded {
  text: string;
  /** true when some bytes were not valid UTF-8 (or UTF-16 with a BOM) and were replaced */
  replaced: boolean;
}

/** Decodes a whole file: UTF-16 when it has a BOM, else UTF-8 (BOM stripped). */
export function decodeBytes(buf: Uint8Array): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return decodeWith('utf-16le', buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return decodeWith('utf-16be', buf.subarray(2));
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  const replaced = !isUtf8(body);
  return { text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body), replaced };
}

/**
 * The encoding a text names for itself when it is not UTF-8: a UTF-16 BOM, else the charset of an
 * HTTP Content-Type (which takes precedence for a fetched body, RFC 7303), else an XML declaration.
 * undefined for UTF-8 or an encoding Node does not know (read as UTF-8; bad bytes are reported).
 */
export function declaredEncoding(head: Uint8Array, contentType?: string): string | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
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
  if (!enc) return decodeBytes(buf);
  const bom = enc.startsWith('utf-16') && buf.length >= 2 && (buf[0] === 0xff || buf[0] === 0xfe) ? 2 : 0;
  return decodeAs(enc, buf.subarray(bom));
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

/** Decodes with a named encoding (a label TextDecoder knows); bad bytes are replaced, and said. */
export function decodeAs(encoding: string, buf: Uint8Array): Decoded {
  if (new TextDecoder(encoding).encoding === 'windows-1252') return { text: decodeWindows1252(buf), replaced: false };
  return decodeWith(encoding, buf);
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
