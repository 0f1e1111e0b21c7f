/**
 * Public XSS payloads (DOMPurify, OWASP, markdown-it, micromark, Markdown-XSS-Payloads;
 * see ../shared/security/README.md beside the repo). They live outside the repo (they must
 * not ship in the package). `/__shared/` is the middleware the test runner may map to
 * `../shared`; the dev server's own outside-root path reaches the same file without any
 * configuration.
 */
const VECTOR_URLS = [
  '/__shared/security/xss-public-vectors.json',
  '/__wds-outside-root__/1/shared/security/xss-public-vectors.json',
];

export async function loadVectors(): Promise<string[]> {
  for (const url of VECTOR_URLS) {
    const response = await fetch(url);
    if (!response.ok) continue;
    const data: unknown = await response.json();
    if (Array.isArray(data) && data.every((item) => typeof item === 'string')) return data as string[];
  }
  throw new Error(`xss-public-vectors.json not found at ${VECTOR_URLS.join(' or ')}`);
}
