// The client's address, which rate limits and the gateway's socket cap count by. Behind
// reverse proxies (TRUST_PROXY) it is read from X-Forwarded-For from the right: each proxy
// appends the address it was connected from, so only the entries the trusted proxies wrote
// are true, and the leftmost ones are whatever the client sent.
import ipaddr from 'ipaddr.js';

/** Which proxies in front of this server are believed: a hop count, or their addresses. */
export type TrustProxy = { readonly hops: number } | { readonly proxies: readonly string[] };

/** The client's address from the socket peer's address and the X-Forwarded-For header. */
export type ClientAddress = (peer: string | undefined, forwardedFor: string | undefined) => string;

/** The key used when no address is known (a fetch runtime that does not say who connected). */
export const UNKNOWN_ADDRESS = 'unknown';

/** An IP address as people write them (not ipaddr's legacy `17` or `0x7f.1` IPv4 forms). */
function isAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

function isRange(value: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(value) || ipaddr.IPv6.isValidCIDR(value);
}

/** Dotted IPv4 without leading zeros: already canonical (the usual case, checked without parsing). */
const PLAIN_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** An address in one canonical spelling (IPv4-mapped IPv6 as IPv4), or undefined if it is none. */
export function canonicalAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (PLAIN_IPV4.test(trimmed)) return trimmed;
  if (!isAddress(trimmed)) return undefined;
  return ipaddr.process(trimmed).toString();
}

/** The socket peer's address (Node's own spelling, always valid): only IPv4-mapped IPv6 changes. */
function peerAddress(peer: string | undefined): string {
  if (peer === undefined) return UNKNOWN_ADDRESS;
  return peer.startsWith('::ffff:') && peer.includes('.') ? peer.slice(7) : peer;
}

/** True when `value` is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrRange(value: string): boolean {
  return isAddress(value) || isRange(value);
}

/**
 * Matches addresses against IPs and CIDR ranges, IPv4 and IPv6 (an IPv4-mapped IPv6
 * address matches its IPv4 range).
 */
export function addressMatcher(entries: readonly string[]): (address: string) => boolean {
  const ranges = entries.map((entry): [ipaddr.IPv4 | ipaddr.IPv6, number] => {
    if (isRange(entry)) {
      const [address, bits] = ipaddr.parseCIDR(entry);
      return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
        ? [(address as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)]
        : [address, bits];
    }
    const address = ipaddr.process(entry);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  });
  return (value) => {
    if (!isAddress(value)) return false;
    const address = ipaddr.process(value);
    return ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  };
}

/**
 * How the client's address is found. With no trusted proxy it is the socket peer. With
 * `hops` proxies, the peer is the nearest one and each wrote one entry, so the client is
 * the `hops`-th entry from the right. With `proxies`, entries are skipped from the right
 * while they are one of those proxies. An entry that is not an address ends the walk
 * (the last good address stands): a misconfigured chain never yields a made-up key.
 */
export function clientAddressOf(trust: TrustProxy): ClientAddress {
  if ('hops' in trust && trust.hops === 0) return peerAddress;
  const trusted: (address: string, index: number) => boolean =
    'hops' in trust ? (_address, index) => index < trust.hops : addressMatcher(trust.proxies);
  return (peer, forwardedFor) => {
    let client = peerAddress(peer);
    if (forwardedFor === undefined) return client;
    const entries = forwardedFor.split(',');
    for (let index = 0, at = entries.length - 1; trusted(client, index) && at >= 0; index++, at--) {
      const next = canonicalAddress(entries[at]);
      if (next === undefined) break;
      client = next;
    }
    return client;
  };
}
