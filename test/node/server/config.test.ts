import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { weakSecretReason } from '../../../src/server/config.js';
import { ConfigError, loadConfig } from '../../../src/server/index.js';

const valid = {
  MM_BASE_URL: 'http://127.0.0.1:8065/',
  MM_ADMIN_TOKEN: 'admintoken',
  MM_TEAM_SLUG: 'erp',
  JWT_SECRET: 'x'.repeat(32),
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, 'throws ConfigError');
    return [...err.problems];
  }
  assert.fail('loadConfig accepted an invalid configuration');
}

describe('auth server configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    assert.equal(config.mmBaseUrl, 'http://127.0.0.1:8065', 'trailing slash removed');
    assert.equal(config.port, 3001);
    assert.equal(config.hostCookie, 'bisman_host');
    assert.equal(config.tokenTtlSeconds, 12 * 3600);
    assert.equal(config.mmProxy, false);
    assert.equal(config.production, false);
    assert.deepEqual(config.portals, []);
  });

  it('limits host JWTs to 24 h of life and an iat at most 60 s ahead, unless told otherwise', () => {
    const config = loadConfig(valid);
    assert.equal(config.jwtMaxLifetimeSeconds, 24 * 3600);
    assert.equal(config.jwtMaxFutureIatSeconds, 60);
    const custom = loadConfig({ ...valid, JWT_MAX_LIFETIME_SECONDS: '900', JWT_MAX_FUTURE_IAT_SECONDS: '5' });
    assert.equal(custom.jwtMaxLifetimeSeconds, 900);
    assert.equal(custom.jwtMaxFutureIatSeconds, 5);
    const found = problems({ ...valid, JWT_MAX_LIFETIME_SECONDS: '0', JWT_MAX_FUTURE_IAT_SECONDS: 'a minute' });
    assert.equal(found.length, 2, found.join('\n'));
    assert.ok(found[0]?.startsWith('JWT_MAX_FUTURE_IAT_SECONDS must be a whole number'), found.join('\n'));
    assert.ok(found[1]?.startsWith('JWT_MAX_LIFETIME_SECONDS must be a whole number'), found.join('\n'));
  });

  it('names every missing required variable at once', () => {
    const found = problems({});
    assert.ok(
      found.some((p) => p.startsWith('MM_BASE_URL')),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => p.startsWith('MM_ADMIN_TOKEN')),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => p.includes('JWT_SECRET') && p.includes('JWKS_URL')),
      found.join('\n'),
    );
  });

  it('explains each malformed value in one line', () => {
    const found = problems({
      ...valid,
      MM_BASE_URL: 'ftp://mm',
      JWT_SECRET: 'short',
      PORT: '70000',
      TOKEN_TTL_SECONDS: 'soon',
      MM_PROXY: 'maybe',
      ALLOWED_ORIGINS: 'https://ok.example,https://bad.example/path',
      REDIS_URL: 'localhost:6379',
      MM_TEAM_SLUG: 'Not A Team',
    });
    const expect = [
      'MM_BASE_URL must be an http(s) URL',
      'JWT_SECRET must be at least 32',
      'PORT must be a whole number',
      'TOKEN_TTL_SECONDS',
      'MM_PROXY must be true, false, 1 or 0',
      '"https://bad.example/path"',
      'REDIS_URL must start with redis://',
      'MM_TEAM_SLUG',
    ];
    for (const text of expect)
      assert.ok(
        found.some((p) => p.includes(text)),
        `missing "${text}" in:\n${found.join('\n')}`,
      );
    assert.equal(found.length, expect.length, found.join('\n'));
    for (const p of found) assert.ok(!p.includes('\n'), 'one line each');
  });

  it('takes only true, false, 1 or 0 for booleans', () => {
    for (const value of ['yes', 'no', 'on', 'enabled']) {
      const found = problems({ ...valid, MM_PROXY: value });
      assert.deepEqual(found, [`MM_PROXY must be true, false, 1 or 0 (got "${value}")`]);
    }
    assert.equal(loadConfig({ ...valid, MM_PROXY: 'TRUE' }).mmProxy, true);
    assert.equal(loadConfig({ ...valid, MM_PROXY: '1' }).mmProxy, true);
    assert.equal(loadConfig({ ...valid, MM_PROXY: '0' }).mmProxy, false);
  });

  it('takes TRUST_PROXY as true/false (one proxy or none), a number of proxies, or their addresses', () => {
    const trust = (value?: string) => loadConfig({ ...valid, TRUST_PROXY: value }).trustProxy;
    assert.deepEqual(trust(), { hops: 0 });
    assert.deepEqual(trust('false'), { hops: 0 });
    assert.deepEqual(trust('0'), { hops: 0 });
    assert.deepEqual(trust('TRUE'), { hops: 1 }, 'true keeps meaning one proxy');
    assert.deepEqual(trust('1'), { hops: 1 });
    assert.deepEqual(trust('2'), { hops: 2 });
    assert.deepEqual(trust('10.0.0.0/8, 192.168.1.7,fd00::/8'), { proxies: ['10.0.0.0/8', '192.168.1.7', 'fd00::/8'] });
    for (const value of ['yes', 'on', '17', '10.0.0.0/33', 'proxy.internal'])
      assert.deepEqual(problems({ ...valid, TRUST_PROXY: value }), [
        `TRUST_PROXY must be true, false, a number of proxies from 0 to 16, or the proxies' addresses or CIDR ranges, comma-separated (got "${value}")`,
      ]);
  });

  it('requires MM_PUBLIC_URL with MM_PROXY in production, and never builds it from a request', () => {
    // A strong secret: production refuses a weak one, whatever else is set.
    const production = {
      ...valid,
      NODE_ENV: 'production',
      MM_PROXY: 'true',
      JWT_SECRET: randomBytes(32).toString('base64'),
      SUPPORT_CHANNEL_KEY: randomBytes(32).toString('base64'),
    };
    assert.ok(
      problems(production).some((p) => p.startsWith('MM_PUBLIC_URL is required in production with MM_PROXY=true')),
    );
    assert.equal(
      loadConfig({ ...production, MM_PUBLIC_URL: 'https://erp.example/chat' }).mmPublicUrl,
      'https://erp.example/chat',
    );
  });

  it('checks the gateway limits and the health probe exemptions', () => {
    const config = loadConfig(valid);
    assert.deepEqual(config.gateway, { maxFrameBytes: 1024 * 1024, maxSocketsPerIp: 20, authTimeoutSeconds: 10 });
    assert.deepEqual(config.healthProbes, { networks: [], token: undefined });
    const found = problems({
      ...valid,
      WS_MAX_FRAME_BYTES: '10',
      WS_MAX_SOCKETS_PER_IP: '0',
      WS_AUTH_TIMEOUT_SECONDS: 'soon',
      HEALTH_PROBE_NETWORKS: '10.1.0.0/16,kubelet',
      HEALTH_PROBE_TOKEN: 'short',
    });
    for (const text of [
      'WS_MAX_FRAME_BYTES must be a whole number from 1024',
      'WS_MAX_SOCKETS_PER_IP must be a whole number from 1',
      'WS_AUTH_TIMEOUT_SECONDS must be a whole number from 1',
      'HEALTH_PROBE_NETWORKS: "kubelet" is not an IP address or CIDR range',
      'HEALTH_PROBE_TOKEN must be at least 32 characters',
    ])
      assert.ok(
        found.some((p) => p.startsWith(text)),
        `missing "${text}" in:\n${found.join('\n')}`,
      );
    assert.equal(found.length, 5, found.join('\n'));
  });

  it('requires the team name in production', () => {
    const { MM_TEAM_SLUG: _omit, ...rest } = valid;
    assert.equal(loadConfig(rest).mmTeamSlug, 'erp', 'development falls back to the demo team');
    assert.ok(
      problems({ ...rest, NODE_ENV: 'production' }).some((p) => p.startsWith('MM_TEAM_SLUG is required in production')),
    );
  });

  it('parses portals and reports their mistakes by position', () => {
    const config = loadConfig({
      ...valid,
      PORTALS: JSON.stringify([
        { kid: 'acme', secret: 'p'.repeat(32), origins: ['https://portal.acme.test'], tabs: ['support'] },
      ]),
    });
    assert.equal(config.portals[0]?.kid, 'acme');
    assert.deepEqual(config.portals[0]?.tabs, ['support']);

    assert.ok(problems({ ...valid, PORTALS: '{not json' }).some((p) => p.startsWith('PORTALS must be JSON')));
    const found = problems({
      ...valid,
      PORTALS: JSON.stringify([
        { kid: 'a', origins: ['https://a.test'] },
        { kid: 'b', secret: 'p'.repeat(32), origins: ['not-an-origin'], tabs: ['chat'] },
      ]),
    });
    assert.ok(
      found.some((p) => p.startsWith('PORTALS[0]') && p.includes('exactly one of secret or jwksUrl')),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => p.startsWith('PORTALS[1].origins[0]')),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => p.startsWith('PORTALS[1].tabs[0]')),
      found.join('\n'),
    );
  });

  describe('weak settings: refused in production, a warning elsewhere', () => {
    const RANDOM_SECRET = 'Vq3J9zR1xT6bN0mK4pW8yH2cL7dF5sGa';
    const strong = {
      MM_BASE_URL: 'https://chat.example.com',
      MM_ADMIN_TOKEN: 'admintoken',
      MM_TEAM_SLUG: 'erp',
      JWT_SECRET: RANDOM_SECRET,
      SUPPORT_CHANNEL_KEY: 'pL4sW9eR2tY7uI0oA3dF6gH1jK8zX5cV',
      ALLOWED_ORIGINS: 'https://erp.example.com',
    };
    const plain = {
      ...strong,
      MM_BASE_URL: 'http://mattermost.internal:8065',
      MM_PUBLIC_URL: 'http://chat.example.com',
      JWT_SECRET: undefined,
      JWKS_URL: 'http://idp.example.com/jwks.json',
      ALLOWED_ORIGINS: 'http://erp.example.com,https://erp2.example.com',
      PORTALS: JSON.stringify([
        { kid: 'acme', jwksUrl: 'http://acme.example/jwks', origins: ['http://portal.acme.example'] },
      ]),
    };

    it('a strong production configuration starts without a warning', () => {
      const config = loadConfig({ ...strong, NODE_ENV: 'production' });
      assert.deepEqual(config.warnings, []);
    });

    it('in production, plain http to a host that is not loopback is refused, one line per setting', () => {
      const found = problems({ ...plain, NODE_ENV: 'production' });
      const names = [
        'MM_BASE_URL',
        'MM_PUBLIC_URL',
        'JWKS_URL',
        'ALLOWED_ORIGINS',
        'PORTALS[0].jwksUrl',
        'PORTALS[0].origins',
      ];
      assert.deepEqual(
        found.map((p) => p.split(' ')[0]),
        names,
        found.join('\n'),
      );
      for (const p of found) assert.match(p, /plain http to a host that is not loopback: .+; use https:\/\/$/);
      assert.ok(found[3]?.includes('"http://erp.example.com"'), 'names the origin');
      for (const p of found) assert.ok(!p.includes('\n'), 'one line each');
    });

    it('names a URL by its origin only and never quotes a secret, as the lines go to logs', () => {
      const secret = 'Zq'.repeat(16);
      const found = problems({
        ...strong,
        NODE_ENV: 'production',
        MM_BASE_URL: 'http://admin:hunter2@mattermost.internal:8065/?token=abc',
        JWT_SECRET: secret,
      });
      assert.equal(found.length, 2, found.join('\n'));
      assert.ok(found[0]?.startsWith('MM_BASE_URL "http://mattermost.internal:8065" is plain http'), found[0]);
      for (const p of found) for (const leak of ['hunter2', 'token=abc', 'Zq']) assert.ok(!p.includes(leak), p);
    });

    it('in production, loopback may use http: localhost, 127.0.0.0/8 and ::1', () => {
      for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]']) {
        const config = loadConfig({
          ...strong,
          NODE_ENV: 'production',
          MM_BASE_URL: `http://${host}:8065`,
          ALLOWED_ORIGINS: `http://${host}:5173`,
        });
        assert.deepEqual(config.warnings, [], host);
      }
      for (const host of ['0.0.0.0', '128.0.0.1', '10.0.0.5', 'localhost.example.com', '[::]']) {
        const found = problems({ ...strong, NODE_ENV: 'production', MM_BASE_URL: `http://${host}:8065` });
        assert.equal(found.length, 1, `${host}: ${found.join('\n')}`);
      }
    });

    it('outside production, the same settings start, and each is said once as a warning', () => {
      const config = loadConfig(plain);
      assert.equal(config.warnings.length, 6, config.warnings.join('\n'));
      assert.deepEqual(config.warnings, problems({ ...plain, NODE_ENV: 'production' }));
    });

    it('a JWT_SECRET of 32 repeated letters, or a portal secret like it, is refused in production', () => {
      const weak = {
        ...strong,
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(32),
        PORTALS: JSON.stringify([{ kid: 'acme', secret: 'ab'.repeat(16), origins: ['https://portal.acme.example'] }]),
      };
      assert.deepEqual(
        problems(weak).map((p) => p.split(' (')[0]),
        ['JWT_SECRET is weak', 'PORTALS[0].secret is weak'],
      );
      const { NODE_ENV: _dev, ...development } = weak;
      assert.equal(loadConfig(development).warnings.length, 2);
    });

    it('calls a secret weak for what it is made of, not only its length', () => {
      const weak: Record<string, RegExp> = {
        ['x'.repeat(32)]: /repeats a piece of 1 character$/,
        ['0123456789abcdef'.repeat(2)]: /repeats a piece of 16 characters/,
        ['abcabcabcabcabcabcabcabcabcabcab']: /repeats a piece of 3 characters/,
        ['aaaabbbbccccddddeeeeffffgggghhhh']: /runs or sequences/,
        ['abcdefghijklmnopqrstuvwxyz012345']: /runs or sequences/,
        ['zyxwvutsrqponmlkjihgfedcba987654']: /runs or sequences/,
        ['aabbaabbccaabbaaccbbaabbccaaccbbdd']: /only 4 distinct characters/,
        ['a-string-secret-at-least-256-bits-long']: /published example/,
        ['please-change-me-before-production!!']: /placeholder/,
      };
      for (const [secret, reason] of Object.entries(weak))
        assert.match(weakSecretReason(secret) ?? 'strong', reason, secret);
      // What operators are told to use: none of these may be refused.
      for (let i = 0; i < 2000; i++) {
        for (const secret of [
          randomBytes(16).toString('hex'),
          randomBytes(32).toString('base64'),
          randomBytes(24).toString('base64url'),
        ])
          assert.equal(weakSecretReason(secret), undefined, secret);
      }
    });
  });

  it('requires SUPPORT_CHANNEL_KEY (32+ characters) in production, and derives a stable one outside it', () => {
    const production = { ...valid, NODE_ENV: 'production', ALLOWED_ORIGINS: 'https://erp.example' };
    assert.ok(problems(production).some((p) => p.startsWith('SUPPORT_CHANNEL_KEY is required in production')));
    assert.ok(
      problems({ ...valid, SUPPORT_CHANNEL_KEY: 'short' }).some((p) => p.startsWith('SUPPORT_CHANNEL_KEY must be')),
    );
    const derived = loadConfig(valid);
    assert.equal(derived.supportChannelKeyDerived, true);
    assert.equal(loadConfig(valid).supportChannelKey, derived.supportChannelKey, 'stable');
    assert.notEqual(loadConfig({ ...valid, MM_ADMIN_TOKEN: 'other' }).supportChannelKey, derived.supportChannelKey);
    const key = 'k'.repeat(32);
    const set = loadConfig({ ...valid, SUPPORT_CHANNEL_KEY: key });
    assert.equal(set.supportChannelKey, key);
    assert.equal(set.supportChannelKeyDerived, false);
  });

  it('takes SUPPORT_AGENTS as user ids or (for a transition) usernames, nothing else', () => {
    const id = 'a1b2c3d4e5f6g7h8i9j0k1l2m3';
    assert.deepEqual(loadConfig({ ...valid, SUPPORT_AGENTS: `${id}, Sam` }).supportAgents, [id, 'sam']);
    assert.ok(
      problems({ ...valid, SUPPORT_AGENTS: 'sam,ｋｉｍ,a b' }).some((p) => p.startsWith('SUPPORT_AGENTS: "ｋｉｍ"')),
    );
  });
});
