import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
    for (const name of ['MM_PROXY', 'TRUST_PROXY']) {
      for (const value of ['yes', 'no', 'on', 'enabled']) {
        const found = problems({ ...valid, [name]: value });
        assert.deepEqual(found, [`${name} must be true, false, 1 or 0 (got "${value}")`]);
      }
      assert.equal(loadConfig({ ...valid, [name]: 'TRUE' })[name === 'MM_PROXY' ? 'mmProxy' : 'trustProxy'], true);
      assert.equal(loadConfig({ ...valid, [name]: '1' })[name === 'MM_PROXY' ? 'mmProxy' : 'trustProxy'], true);
      assert.equal(loadConfig({ ...valid, [name]: '0' })[name === 'MM_PROXY' ? 'mmProxy' : 'trustProxy'], false);
    }
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
