import { describe, expect, it } from 'vitest';
import {
  blockedReason,
  checkUrl,
  checkUrlSyntax,
  embeddedIPv4,
  UnsafeUrlError,
} from '../../src/archive/remote/guard.js';

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['ff02::1', 'multicast'],
  ])('%s is %s', (ip, kind) => {
    expect(blockedReason(ip)).toBe(kind);
  });

  it('sees through IPv4 addresses wrapped in IPv6', () => {
    expect(embeddedIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(blockedReason('::ffff:10.0.0.1')).toMatch(/^private \(IPv4 10\.0\.0\.1 inside IPv6\)/);
    expect(blockedReason('64:ff9b::a9fe:a9fe')).toMatch(/^link-local/);
    expect(blockedReason('2002:c0a8:0101::1')).toMatch(/^private/); // 6to4 of 192.168.1.1
  });

  it('lets public addresses through', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(blockedReason(ip), ip).toBeUndefined();
    }
  });
});

describe('checkUrl', () => {
  it('refuses other schemes and credentials', () => {
    expect(() => checkUrlSyntax('file:///etc/passwd', true)).toThrow(/only http and https/);
    expect(() => checkUrlSyntax('ftp://example.com/x', true)).toThrow(/only http and https/);
    expect(() => checkUrlSyntax('http://user:pw@example.com/', true)).toThrow(/credentials/);
    expect(() => checkUrlSyntax('not a url', true)).toThrow(/not a valid URL/);
  });

  it('refuses internal IP literals with a message saying how to allow them', () => {
    expect(() => checkUrlSyntax('http://10.0.0.1/', false)).toThrow(
      'refusing http://10.0.0.1/: private address; set ALLOW_PRIVATE_URLS=true to allow',
    );
    expect(() => checkUrlSyntax('http://[::1]:8080/', false)).toThrow(UnsafeUrlError);
    expect(() => checkUrlSyntax('http://10.0.0.1/', true)).not.toThrow();
  });

  it('refuses a host when any of its addresses is internal', async () => {
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    await expect(checkUrl('https://rebind.example/', false, lookup)).rejects.toThrow(
      /rebind\.example resolves to 10\.0\.0\.7, a private address/,
    );
    await expect(checkUrl('https://rebind.example/', true, lookup)).resolves.toHaveLength(2);
    await expect(
      checkUrl('https://ok.example/', false, async () => [{ address: '93.184.216.34', family: 4 }]),
    ).resolves.toHaveLength(1);
  });

  it('refuses localhost through the real resolver', async () => {
    await expect(checkUrl('http://localhost:9/', false)).rejects.toThrow(/loopback address/);
  });
});
