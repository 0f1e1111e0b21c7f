/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { Session, SessionError, fetchTokenFrom, type ChatToken } from '../../../src/data/index.js';

interface Call {
  url: string;
  init: RequestInit;
}

/** A `fetch` that records calls and answers from a queue. */
function fakeFetch(...answers: Array<Response | Error>) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    if (answer instanceof Error) throw answer;
    return answer;
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const goodToken = {
  token: 'tok-1',
  userId: 'u1',
  serverUrl: 'https://chat.example/',
  teamId: 't1',
  teamName: 'erp',
  supportAgent: false,
  expiresAt: 123,
};

describe('fetchTokenFrom', () => {
  it('posts an empty JSON body with the host cookies and bearer token, and returns the token', async () => {
    const { calls, fetch } = fakeFetch(json(goodToken));
    let host = 'host-jwt';
    const source = fetchTokenFrom('/api/chat/token', { fetch, hostToken: () => host });
    const token = await source();
    expect(token).to.deep.equal({ ...goodToken, serverUrl: 'https://chat.example' });
    expect(calls).to.have.length(1);
    const [call] = calls;
    expect(call!.url).to.equal('/api/chat/token');
    expect(call!.init).to.include({ method: 'POST', credentials: 'include', body: '{}' });
    expect((call!.init.headers as Record<string, string>).Authorization).to.equal('Bearer host-jwt');
    host = '';
    const second = fakeFetch(json(goodToken));
    await fetchTokenFrom('/api/chat/token', { fetch: second.fetch, hostToken: () => host })();
    expect((second.calls[0]!.init.headers as Record<string, string>).Authorization).to.equal(undefined);
  });

  for (const status of [401, 403]) {
    it(`turns a ${status} into an unauthorized SessionError with the server's message`, async () => {
      const { fetch } = fakeFetch(json({ error: 'Not signed in' }, status));
      const error = await fetchTokenFrom('/api/chat/token', { fetch })().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SessionError);
      expect(error).to.include({ kind: 'unauthorized', message: 'Not signed in' });
    });
  }

  it('reports a network failure or a 5xx as unreachable', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'), json({ message: 'down' }, 503));
    const source = fetchTokenFrom('/api/chat/token', { fetch });
    for (let i = 0; i < 2; i++) {
      const error = await source().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SessionError);
      expect((error as SessionError).kind).to.equal('unreachable');
    }
  });

  it('refuses an answer that is not a token', async () => {
    const { fetch } = fakeFetch(
      json({ token: 'x' }),
      new Response('<html>', { status: 200 }),
      json({ error: 'bad' }, 400),
    );
    const source = fetchTokenFrom('/api/chat/token', { fetch });
    const errors = [
      await source().catch((e: unknown) => e),
      await source().catch((e: unknown) => e),
      await source().catch((e: unknown) => e),
    ];
    for (const error of errors) expect((error as SessionError).kind).to.equal('invalid');
    expect((errors[0] as Error).message).to.contain('userId');
    expect((errors[0] as Error).message).to.not.contain('"x"');
  });

  it('asks for a renewed token with {"renew":true} when told the last one was refused', async () => {
    const { calls, fetch } = fakeFetch(json(goodToken), json({ ...goodToken, token: 'tok-2' }));
    const source = fetchTokenFrom('/api/chat/token', { fetch });
    await source();
    const renewed = await source({ renew: true });
    expect(renewed.token).to.equal('tok-2');
    expect(calls.map((call) => call.init.body)).to.deep.equal(['{}', '{"renew":true}']);
  });

  it('revokes through the logout route beside the token route', async () => {
    const { calls, fetch } = fakeFetch(new Response(null, { status: 204 }));
    const source = fetchTokenFrom('https://erp.example/api/chat/token', { fetch });
    await source.logout!({ token: 'tok-9', userId: 'u', serverUrl: 'https://chat.example' });
    expect(calls[0]!.url).to.equal('https://erp.example/api/chat/logout');
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).to.equal('Bearer tok-9');
  });
});

describe('Session', () => {
  const tokens = (prefix: string, expiresIn?: number) => {
    let n = 0;
    const source = async (): Promise<ChatToken> => {
      n++;
      return {
        token: `${prefix}-${n}`,
        userId: 'u',
        serverUrl: 'https://chat.example',
        ...(expiresIn ? { expiresAt: Date.now() + expiresIn } : {}),
      };
    };
    return { source, count: () => n };
  };

  it('shares one request between concurrent refreshes', async () => {
    const { source, count } = tokens('a');
    const session = new Session(source);
    const [a, b] = await Promise.all([session.refresh(), session.refresh()]);
    expect(a.token).to.equal(b.token);
    expect(count()).to.equal(1);
  });

  it('asks the source to renew only after a refused token, never for the first or a scheduled one', async () => {
    const asked: unknown[] = [];
    let n = 0;
    const session = new Session(async (options?: { renew?: boolean }) => {
      asked.push(options);
      n++;
      return { token: `r-${n}`, userId: 'u', serverUrl: 'https://chat.example' };
    });
    const first = await session.acquire();
    await session.refresh(first.token);
    await session.refresh();
    expect(asked).to.deep.equal([undefined, { renew: true }, undefined]);
  });

  it('passes {renew: true} through a fetchTokenFrom source after a refused token', async () => {
    const { calls, fetch } = fakeFetch(json(goodToken), json({ ...goodToken, token: 'tok-2' }));
    const session = new Session(fetchTokenFrom('/api/chat/token', { fetch }));
    const first = await session.acquire();
    const second = await session.refresh(first.token);
    expect(second.token).to.equal('tok-2');
    expect(calls.map((call) => call.init.body)).to.deep.equal(['{}', '{"renew":true}']);
    session.dispose();
  });

  it('does not fetch again for a caller whose token was already replaced', async () => {
    const { source, count } = tokens('b');
    const session = new Session(source);
    const first = await session.acquire();
    const second = await session.refresh(first.token);
    expect(second.token).to.equal('b-2');
    const again = await session.refresh(first.token);
    expect(again.token).to.equal('b-2');
    expect(count()).to.equal(2);
  });

  it('renews a token before it expires', async () => {
    const { source } = tokens('c', 400);
    let renewed!: (token: ChatToken) => void;
    const next = new Promise<ChatToken>((resolve) => (renewed = resolve));
    const session = new Session(source, { refreshAt: 0.5, onToken: (token) => renewed(token) });
    const first = await session.acquire();
    const started = Date.now();
    const token = await next;
    expect(token.token).to.not.equal(first.token);
    expect(Date.now() - started).to.be.lessThan(first.expiresAt! - started);
    expect(session.token?.token).to.equal(token.token);
    session.dispose();
  });

  it('reports a renewal that the source refuses', async () => {
    let calls = 0;
    let failed!: (error: SessionError) => void;
    const failure = new Promise<SessionError>((resolve) => (failed = resolve));
    const session = new Session(
      async () => {
        calls++;
        if (calls > 1) throw new SessionError('unauthorized', 'Signed out');
        return { token: 't', userId: 'u', serverUrl: 'https://chat.example', expiresAt: Date.now() + 100 };
      },
      { onError: (error) => failed(error) },
    );
    await session.acquire();
    const error = await failure;
    expect(error.kind).to.equal('unauthorized');
    session.dispose();
  });

  it('calls the logout hook with the token and forgets it', async () => {
    const revoked: string[] = [];
    const source = Object.assign(async () => ({ token: 'z', userId: 'u', serverUrl: 'https://chat.example' }), {
      logout: async (token: ChatToken) => {
        revoked.push(token.token);
      },
    });
    const session = new Session(source);
    await session.acquire();
    await session.logout();
    expect(revoked).to.deep.equal(['z']);
    expect(session.token).to.equal(undefined);
  });
});
