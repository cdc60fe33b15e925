// Safety for URL sources: only http(s), and never private, loopback, link-local or otherwise
// internal addresses (unless ALLOW_PRIVATE_URLS), checked for every address a host resolves to.
import dns from 'node:dns';
import net from 'node:net';

export class UnsafeUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

function blockList(
  kind: string,
  v4: [string, number][],
  v6: [string, number][],
): { kind: string; list: net.BlockList } {
  const list = new net.BlockList();
  for (const [a, p] of v4) list.addSubnet(a, p, 'ipv4');
  for (const [a, p] of v6) list.addSubnet(a, p, 'ipv6');
  return { kind, list };
}

// Order matters only for the reason shown; every range here is refused.
const RANGES = [
  blockList('unspecified', [['0.0.0.0', 8]], [['::', 128]]),
  blockList('loopback', [['127.0.0.0', 8]], [['::1', 128]]),
  blockList(
    'private',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
    [['fc00::', 7]],
  ),
  blockList('carrier-grade NAT', [['100.64.0.0', 10]], []),
  blockList('link-local', [['169.254.0.0', 16]], [['fe80::', 10]]),
  blockList('multicast', [['224.0.0.0', 4]], [['ff00::', 8]]),
  blockList(
    'reserved',
    [
      ['240.0.0.0', 4],
      ['192.0.0.0', 24],
      ['198.18.0.0', 15],
    ],
    [
      ['100::', 64],
      ['2001::', 32],
      ['2001:10::', 28],
      ['fec0::', 10],
    ],
  ),
  blockList(
    'documentation',
    [
      ['192.0.2.0', 24],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
    ],
    [['2001:db8::', 32]],
  ),
];

/** The IPv4 address hidden inside an IPv6 one (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIPv4(ip6: string): string | undefined {
  const words = expandIPv6(ip6);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zero(0, 5) && words[5] === 0xffff) return v4(words[6], words[7]); // ::ffff:a.b.c.d
  if (zero(0, 6) && (words[6] !== 0 || words[7] > 1)) return v4(words[6], words[7]); // ::a.b.c.d (deprecated)
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6], words[7]); // NAT64
  if (words[0] === 0x2002) return v4(words[1], words[2]); // 6to4
  return undefined;
}

function expandIPv6(ip: string): number[] | undefined {
  let s = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const p = dotted[1].split('.').map(Number);
    s = `${s.slice(0, -dotted[1].length)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0');
  const all = [...h, ...fill, ...t];
  if (all.length !== 8) return undefined;
  return all.map((w) => parseInt(w, 16));
}

/** Why an address must not be fetched ("private", "loopback", ...), or undefined when it is public. */
export function blockedReason(ip: string): string | undefined {
  const family = net.isIP(ip);
  if (family === 0) return 'not an IP address';
  if (family === 4) {
    if (ip === '255.255.255.255') return 'broadcast';
    return RANGES.find((r) => r.list.check(ip, 'ipv4'))?.kind;
  }
  const inner = embeddedIPv4(ip);
  if (inner) {
    const r = blockedReason(inner);
    return r ? `${r} (IPv4 ${inner} inside IPv6)` : undefined;
  }
  return RANGES.find((r) => r.list.check(ip.replace(/%.*$/, ''), 'ipv6'))?.kind;
}

const ALLOW_HINT = 'set ALLOW_PRIVATE_URLS=true to allow';

/** true allows every address; a function allows the internal addresses it accepts (tests: only their own server). */
export type PrivatePolicy = boolean | ((address: string) => boolean);

/** Why this address is refused under the policy, or undefined when it may be fetched. */
export function refusal(address: string, policy: PrivatePolicy): string | undefined {
  if (policy === true) return undefined;
  const why = blockedReason(address);
  if (!why) return undefined;
  return typeof policy === 'function' && policy(address) ? undefined : why;
}

/** Throws UnsafeUrlError unless the URL is http(s) (and, without allowPrivate, not an internal IP literal). */
export function checkUrlSyntax(url: string, allowPrivate: PrivatePolicy): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UnsafeUrlError(`refusing ${url}: not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UnsafeUrlError(`refusing ${url}: only http and https URLs can be sources`);
  if (u.username || u.password)
    throw new UnsafeUrlError(`refusing ${u.protocol}//${u.host}${u.pathname}: credentials in URLs are not supported`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    const why = refusal(host, allowPrivate);
    if (why) throw new UnsafeUrlError(`refusing ${url}: ${why} address; ${ALLOW_HINT}`);
  }
  return u;
}

export type LookupFn = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupFn = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Resolves the host and throws unless every address is public (or allowPrivate). Returns the addresses. */
export async function checkUrl(
  url: string,
  allowPrivate: PrivatePolicy,
  lookup: LookupFn = systemLookup,
): Promise<{ address: string; family: number }[]> {
  const u = checkUrlSyntax(url, allowPrivate);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return [{ address: host, family: net.isIP(host) }];
  let addrs: { address: string; family: number }[];
  try {
    addrs = await lookup(host);
  } catch (err) {
    throw new Error(
      `cannot resolve ${host} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the URL and the network`,
    );
  }
  if (addrs.length === 0) throw new Error(`cannot resolve ${host}: no addresses`);
  for (const a of addrs) {
    const why = refusal(a.address, allowPrivate);
    if (why)
      throw new UnsafeUrlError(`refusing ${url}: ${host} resolves to ${a.address}, a ${why} address; ${ALLOW_HINT}`);
  }
  return addrs;
}

/**
 * A `lookup` for http.request that re-checks what the socket actually connects to, so a host
 * cannot pass checkUrl and then resolve to an internal address a moment later (DNS rebinding).
 */
export function guardedLookup(allowPrivate: PrivatePolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const wanted =
        options.family === 4 || options.family === 6 ? list.filter((a) => a.family === options.family) : list;
      // every address must pass, not just the one used: the socket may fall back to another
      const bad = wanted.find((a) => refusal(a.address, allowPrivate));
      if (bad)
        return callback(
          new UnsafeUrlError(
            `refusing ${hostname}: resolves to ${bad.address}, a ${refusal(bad.address, allowPrivate)} address; ${ALLOW_HINT}`,
          ),
          '',
          0,
        );
      if (wanted.length === 0)
        return callback(Object.assign(new Error(`cannot resolve ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, wanted);
      callback(null, wanted[0].address, wanted[0].family);
    });
  };
}
