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
