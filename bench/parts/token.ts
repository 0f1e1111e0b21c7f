// Token server: autocannon against POST /api/chat/token for an already provisioned user,
// beside a bare Hono JSON endpoint served the same way, alternating in the same run.
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { startChild, type Child } from '../lib/child.js';
import { toCalibration } from '../lib/calibration.js';
import { median, notMeasured, type Row } from '../lib/report.js';

const PART = 'Token server';
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_TOKEN_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_TOKEN_ROUNDS ?? 3);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

interface Load {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Load> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function tokenPart(): Promise<Row[]> {
  const children: Child<{ url: string; adminToken?: string }>[] = [];
  try {
    const bare = await startChild<{ url: string }>('bench/servers/bare.ts');
    children.push(bare);
    let emulator: Child<{ url: string; adminToken: string }>;
    let auth: Child<{ url: string }>;
    try {
      emulator = await startChild('bench/servers/emulator.ts');
      children.push(emulator);
      auth = await startChild('bench/servers/auth.ts', {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        MM_BASE_URL: emulator.info.url,
        MM_ADMIN_TOKEN: emulator.info.adminToken,
        MM_TEAM_SLUG: 'erp',
        JWT_SECRET,
        SUPPORT_CHANNEL_KEY: 'bench-support-channel-key-0123456789abcdef',
        ALLOWED_ORIGINS: 'http://127.0.0.1',
        // A load test from one address: lift the per-user and per-address limits.
        RATE_LIMIT_PER_IP: '10000000',
        RATE_LIMIT_PER_SUBJECT: '10000000',
      });
      children.push(auth);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      return [
        notMeasured(PART, 'token issuing req/s', reason, '≥ 0.60× bare Hono req/s'),
        notMeasured(PART, 'token issuing p99', reason, '≤ 2.00× bare Hono p99'),
      ];
    }
    const hostJwt = await new SignJWT({ email: 'bench@bisman.example', name: 'Bench User' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench-user')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const tokenUrl = `${auth.info.url}/api/chat/token`;
    const headers = { authorization: `Bearer ${hostJwt}`, origin: 'http://127.0.0.1' };
    // Provision the user once: the figure is for a user who already exists.
    const first = await fetch(tokenUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    if (!first.ok) {
      const reason = `POST /api/chat/token answered ${first.status}: ${(await first.text()).slice(0, 200)}`;
      return [
        notMeasured(PART, 'token issuing req/s', reason, '≥ 0.60× bare Hono req/s'),
        notMeasured(PART, 'token issuing p99', reason, '≤ 2.00× bare Hono p99'),
      ];
    }
    const bareRuns: Load[] = [];
    const tokenRuns: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer machine.
      if (round % 2 === 0) {
        bareRuns.push(await load(`${bare.info.url}/api/chat/token`, headers));
        tokenRuns.push(await load(tokenUrl, headers));
      } else {
        tokenRuns.push(await load(tokenUrl, headers));
        bareRuns.push(await load(`${bare.info.url}/api/chat/token`, headers));
      }
    }
    const bareRps = median(bareRuns.map((r) => r.rps));
    const bareP99 = median(bareRuns.map((r) => r.p99));
    const tokenRps = median(tokenRuns.map((r) => r.rps));
    const tokenP99 = median(tokenRuns.map((r) => r.p99));
    const bad = tokenRuns.reduce((n, r) => n + r.non2xx + r.errors, 0);
    const badNote = bad ? `${bad} non-2xx answers or errors under load` : undefined;
    const setup = `${CONNECTIONS} connections × ${DURATION_S} s, ${ROUNDS} rounds`;
    return [
      {
        part: PART,
        figure: `token issuing, provisioned user: req/s (${setup})`,
        unit: 'req/s',
        samples: tokenRuns.map((r) => r.rps),
        reference: `bare Hono ${Math.round(bareRps)} req/s`,
        ratio: { value: tokenRps / bareRps, of: 'bare Hono' },
        budget: `≥ 0.60× bare Hono (≥ ${Math.round(0.6 * bareRps)} req/s)`,
        pass: tokenRps >= 0.6 * bareRps && !bad,
        ...(badNote ? { note: badNote } : {}),
      },
      {
        part: PART,
        figure: 'token issuing: p99 latency',
        unit: 'ms',
        samples: tokenRuns.map((r) => r.p99),
        reference: `bare Hono ${bareP99} ms`,
        ratio: { value: tokenP99 / bareP99, of: 'bare Hono' },
        budget: `≤ 2.00× bare Hono (≤ ${2 * bareP99} ms)`,
        pass: tokenP99 <= 2 * bareP99 && !bad,
      },
      {
        part: PART,
        figure: 'bare Hono JSON endpoint: req/s',
        unit: 'req/s',
        samples: bareRuns.map((r) => r.rps),
        reference: 'reference',
      },
      {
        part: PART,
        figure: 'bare Hono JSON endpoint: p99 latency',
        unit: 'ms',
        samples: bareRuns.map((r) => r.p99),
        reference: 'reference',
        ratio: toCalibration(bareRuns.map((r) => r.p99)),
      },
    ];
  } finally {
    await Promise.all(children.map((c) => c.close()));
  }
}
