/**
 * Whether a host name or address can only mean this machine: `localhost`, 127.0.0.0/8 or
 * `::1` (bracketed as in a URL, or bare as in a listen address). The auth server lets
 * loopback URLs use plain http in production; the emulator listens on loopback unless told
 * otherwise. Anything else, `0.0.0.0` and `::` included, is reachable from elsewhere.
 * Pure: safe to import from the browser, the server and the emulator.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase();
  if (name === 'localhost' || name === '::1' || name === '[::1]') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255);
}

/** Whether a URL is `https:`, or `http:` to a loopback host (nothing crosses a network). */
export function isSecureOrLoopbackUrl(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || isLoopbackHost(parsed.hostname);
}
