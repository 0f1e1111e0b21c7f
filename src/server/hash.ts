const encoder = new TextEncoder();

/** SHA-256 as hex, through Web Crypto so it runs in any fetch runtime. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Compares two secrets without leaking where they differ through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** A random secret nobody keeps (Mattermost passwords of provisioned users). */
export function randomSecret(bytes = 32): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let out = '';
  for (const byte of buf) out += byte.toString(16).padStart(2, '0');
  // Satisfies Mattermost's optional complexity rules (upper, lower, digit, symbol).
  return `Aa1!${out}`;
}
