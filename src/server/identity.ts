import { createRemoteJWKSet, customFetch, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JWSAlgorithm, JWTPayload, JWTVerifyGetKey } from 'jose';
import type { AuthConfig, PortalConfig } from './config.js';
import { MM_LIMITS, displayText, emailVerified, hostEmail } from './claims.js';
import { ApiError } from './errors.js';

/** Who the host app says the user is. */
export interface HostIdentity {
  /** `sub`, namespaced by the portal's kid so portals cannot collide with the host app or each other. */
  readonly key: string;
  readonly subject: string;
  readonly email: string;
  /** False only when the JWT says `email_verified: false`: the e-mail then links to no existing account. */
  readonly emailVerified: boolean;
  /** Cleaned for display: no control, bidi or zero-width characters; bounded. */
  readonly name: string;
  readonly preferredUsername?: string;
  /** The portal whose key signed the JWT, if any. */
  readonly portal?: PortalConfig;
  /** JWT expiry, ms epoch. */
  readonly expiresAt: number;
}

// Pinned per key type, so a token cannot pick an algorithm that makes our key mean
// something else (HS256 signed with an RSA public key, or alg "none").
const HMAC_ALGS: JWSAlgorithm[] = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC_ALGS: JWSAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

const CACHE_MAX = 10_000;
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * How long a fetched JWKS is used (jose's cacheMaxAge), and so how long a JWT verified with
 * one of its keys is trusted without another look: a key the identity provider withdraws
 * stops working within this, as it would without the cache.
 */
const JWKS_MAX_AGE_MS = 10 * 60_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Room for a first and a last name of Mattermost's size. */
const NAME_MAX_RUNES = MM_LIMITS.firstNameRunes + 1 + MM_LIMITS.lastNameRunes;

type Key = { kind: 'secret'; secret: Uint8Array } | { kind: 'jwks'; jwks: JWTVerifyGetKey };
/** A verified JWT's identity, trusted until `until` (ms epoch). */
type Verified = { readonly identity: HostIdentity; readonly until: number };

function invalid(code: string, message: string): ApiError {
  return new ApiError(401, code, message);
}

/**
 * Verifies host JWTs. A verified JWT is remembered until it expires (a bounded LRU), or
 * for JWKS keys until the key set is due to be fetched again, so a page that asks for its
 * chat token often pays for the signature check once.
 */
export class IdentityVerifier {
  readonly #config: AuthConfig;
  readonly #now: () => number;
  readonly #secret: Uint8Array | undefined;
  readonly #jwks: JWTVerifyGetKey | undefined;
  readonly #portals = new Map<string, { portal: PortalConfig; key: Key }>();
  readonly #cache = new Map<string, Verified>();

  constructor(config: AuthConfig, deps: { fetch: typeof fetch; now: () => number }) {
    this.#config = config;
    this.#now = deps.now;
    const encoder = new TextEncoder();
    this.#secret = config.jwtSecret ? encoder.encode(config.jwtSecret) : undefined;
    const remote = (url: string) =>
      createRemoteJWKSet(new URL(url), {
        cacheMaxAge: JWKS_MAX_AGE_MS,
        [customFetch]: (input: string, init: RequestInit) => deps.fetch(input, init),
      });
    this.#jwks = config.jwksUrl ? remote(config.jwksUrl) : undefined;
    for (const portal of config.portals) {
      const key: Key = portal.secret
        ? { kind: 'secret', secret: encoder.encode(portal.secret) }
        : { kind: 'jwks', jwks: remote(portal.jwksUrl!) };
      this.#portals.set(portal.kid, { portal, key });
    }
  }

  /** The identity of a JWT verified before and not expired since (synchronous), else undefined. */
  cached(jwt: string): HostIdentity | undefined {
    // Keyed by the JWT itself: it only lives in this process's memory, and hashing it
    // through Web Crypto (async, off-thread in Node) cost more than the whole request.
    const cached = this.#cache.get(jwt);
    if (cached === undefined) return undefined;
    if (cached.until > this.#now()) {
      // Refresh its LRU position.
      this.#cache.delete(jwt);
      this.#cache.set(jwt, cached);
      return cached.identity;
    }
    this.#cache.delete(jwt);
    return undefined;
  }

  async verify(jwt: string): Promise<HostIdentity> {
    const cached = this.cached(jwt);
    if (cached) return cached;
    const verified = await this.#verifyFresh(jwt);
    this.#cache.set(jwt, verified);
    if (this.#cache.size > CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
    return verified.identity;
  }

  async #verifyFresh(jwt: string): Promise<Verified> {
    let kid: string | undefined;
    let alg: string | undefined;
    try {
      ({ kid, alg } = decodeProtectedHeader(jwt));
    } catch {
      throw invalid('malformed_token', 'The host token is not a well-formed JWT');
    }
    if (jwt.split('.').length !== 3)
      throw invalid('malformed_token', 'The host token is not a well-formed JWS (three dot-separated parts)');

    let key: Key;
    let portal: PortalConfig | undefined;
    const portalEntry = kid === undefined ? undefined : this.#portals.get(kid);
    if (portalEntry) {
      key = portalEntry.key;
      portal = portalEntry.portal;
    } else if (kid === undefined && this.#secret && (alg?.startsWith('HS') || !this.#jwks)) {
      // The header's alg only picks which of our keys to try; each key still accepts
      // only its own algorithms, so a forged alg gains nothing.
      key = { kind: 'secret', secret: this.#secret };
    } else if (this.#jwks) {
      key = { kind: 'jwks', jwks: this.#jwks };
    } else {
      throw invalid('unknown_key', 'The host token names a key id (kid) this server does not know');
    }

    const options = {
      algorithms: key.kind === 'secret' ? HMAC_ALGS : ASYMMETRIC_ALGS,
      // Portals have their own issuers; the host app's are configured.
      issuer: portal ? undefined : this.#config.jwtIssuer,
      audience: portal ? undefined : this.#config.jwtAudience,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(this.#now()),
    };
    let payload: JWTPayload;
    try {
      payload =
        key.kind === 'secret'
          ? (await jwtVerify(jwt, key.secret, options)).payload
          : (await jwtVerify(jwt, key.jwks, options)).payload;
    } catch (err) {
      throw describeJoseError(err);
    }
    checkTokenAge(payload, this.#now() / 1000, this.#config);

    const claims = readClaims(payload, portal);
    const identity: HostIdentity = {
      // Unambiguous even when a kid contains "|": the kid is escaped.
      key: portal ? `p:${encodeURIComponent(portal.kid)}|${payload.sub}` : `|${payload.sub}`,
      subject: payload.sub!,
      ...claims,
      portal,
      expiresAt: payload.exp! * 1000,
    };
    const expiresWithTolerance = identity.expiresAt + CLOCK_TOLERANCE_SECONDS * 1000;
    return {
      identity,
      until: key.kind === 'jwks' ? Math.min(expiresWithTolerance, this.#now() + JWKS_MAX_AGE_MS) : expiresWithTolerance,
    };
  }
}

/**
 * A host JWT must be short-lived and issued by a clock close to ours: a leaked JWT with `exp`
 * a century ahead (or `iat` a year ahead) would otherwise be a permanent credential. Without
 * `iat` nobody can tell when it was issued, so it may reach at most as far as one issued
 * now could: `exp` within the lifetime (plus the allowed clock lead) from now. jose checks
 * `exp` and `nbf`, and `iat` only against a maximum age, which says nothing about lifetime.
 */
export function checkTokenAge(
  payload: JWTPayload,
  nowSeconds: number,
  limits: Pick<AuthConfig, 'jwtMaxFutureIatSeconds' | 'jwtMaxLifetimeSeconds'>,
): void {
  const { jwtMaxFutureIatSeconds: maxLead, jwtMaxLifetimeSeconds: maxLifetime } = limits;
  const exp = payload.exp!;
  const iat = payload.iat;
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat)))
    throw invalid('invalid_claims', 'The host token\'s "iat" claim must be a number of seconds');
  if (iat !== undefined && iat > nowSeconds + maxLead) {
    throw invalid(
      'token_not_yet_valid',
      `The host token was issued in the future ("iat" more than ${maxLead} s ahead of this server's clock)`,
    );
  }
  const lifetime = iat === undefined ? exp - nowSeconds - maxLead : exp - iat;
  if (lifetime > maxLifetime) {
    throw invalid(
      'token_lifetime_too_long',
      iat === undefined
        ? `The host token has no "iat" and expires more than ${maxLifetime} s from now; issue host tokens that live at most that long`
        : `The host token lives ${Math.round(lifetime)} s ("exp" - "iat"); this server accepts at most ${maxLifetime} s`,
    );
  }
}

/**
 * The identity's claims, cleaned and bounded (claims.ts). A portal's e-mail is never
 * used to find or make an account (its accounts are linked by kid and sub), so only
 * its shape is checked.
 */
function readClaims(
  payload: JWTPayload,
  portal: PortalConfig | undefined,
): Pick<HostIdentity, 'email' | 'emailVerified' | 'name' | 'preferredUsername'> {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 256) {
    throw invalid('invalid_claims', 'The host token needs a "sub" claim (1-256 characters)');
  }
  const email = portal ? portalEmail(payload.email) : hostEmail(payload.email);
  if (email === undefined)
    throw invalid('invalid_claims', 'The host token needs an "email" claim with an email address');
  const preferred = displayText(payload.preferred_username, MM_LIMITS.usernameRunes);
  return {
    email,
    emailVerified: !portal && emailVerified(payload.email_verified),
    name: displayText(payload.name, NAME_MAX_RUNES) || email.split('@')[0]!,
    preferredUsername: preferred || undefined,
  };
}

/** A portal's e-mail claim: its shape only (bounded first), since it is never stored. */
function portalEmail(claim: unknown): string | undefined {
  if (typeof claim !== 'string') return undefined;
  const email = claim.trim().toLowerCase();
  return email.length <= MM_LIMITS.emailBytes && EMAIL.test(email) ? email : undefined;
}

function describeJoseError(err: unknown): ApiError {
  if (err instanceof errors.JWTExpired) return invalid('token_expired', 'The host token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf')
      return invalid('token_not_yet_valid', 'The host token is not valid yet (nbf is in the future)');
    if (err.claim === 'iss')
      return invalid('invalid_issuer', 'The host token was issued by an issuer this server does not accept');
    if (err.claim === 'aud') return invalid('invalid_audience', 'The host token is meant for another audience');
    return invalid('invalid_claims', `The host token's "${err.claim}" claim is missing or invalid`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) {
    return invalid('unsupported_algorithm', 'The host token uses a signing algorithm this key does not allow');
  }
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return invalid('invalid_signature', 'The host token signature does not verify');
  if (err instanceof errors.JWKSNoMatchingKey)
    return invalid('unknown_key', 'No key of the configured JWKS matches the host token');
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return new ApiError(
      503,
      'jwks_unavailable',
      'The identity provider keys (JWKS) could not be loaded; try again shortly',
      5,
    );
  }
  if (err instanceof errors.JOSEError) return invalid('malformed_token', 'The host token is not a valid JWT');
  // jose surfaces a failed JWKS fetch as a plain error.
  return new ApiError(
    503,
    'jwks_unavailable',
    'The identity provider keys (JWKS) could not be loaded; try again shortly',
    5,
  );
}
