import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '#common';

/**
 * Server-side request forgery guard for push endpoints (docs/adr/0014). A subscription's endpoint is a URL any
 * signed-in user chooses, and this service POSTs to it: without a guard anyone could make it reach NATS, MongoDB
 * or a cloud metadata service inside our network. So endpoints must be https:// on a host whose every address is
 * public, checked when the subscription is saved and again at every connection (guardedLookup), so a DNS answer
 * that changes after the check ("rebinding") is refused too. WEBPUSH_ALLOW_HTTP=true lifts both rules (tests and
 * local runs, where the push service is on loopback).
 */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** Whether `address` (IPv4 or IPv6, IPv4-mapped included) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return isPublicAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refused = (message: string) => DomainError.validation([{ field: 'endpoint', message }]);

/** Refuses an endpoint that is not https:// or that resolves to any non-public address (unless allowed). */
export async function assertPushEndpoint(endpoint: string, allowHttpAndPrivate: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw refused('endpoint must be a URL');
  }
  if (url.username || url.password) throw refused('endpoint must not carry credentials');
  if (allowHttpAndPrivate) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused('endpoint must be an http(s) URL');
    return;
  }
  if (url.protocol !== 'https:') throw refused('endpoint must be an https:// URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  } catch {
    throw refused("endpoint's host does not resolve");
  }
  if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address))) {
    throw refused('endpoint must be on a public address (private, loopback and link-local addresses are refused)');
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses non-public answers at connection time: the address connected to is
 * the one checked, so a host that resolved to a public address when the subscription was saved cannot point at
 * an internal one later.
 */
export function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) {
      const refusal: NodeJS.ErrnoException = new Error(`push endpoint host ${hostname} resolves to a non-public address`);
      refusal.code = 'EPUSHADDRESS';
      return callback(refusal, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    callback(null, first.address, first.family);
  });
}
