// The emulator is a development tool whose accounts have published passwords: it listens
// on loopback unless told, in so many words, to listen where other machines reach it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RemoteHostRefused, startEmulator } from '../../../src/emulator/node.js';

describe('startEmulator: where it listens', () => {
  it('refuses a host other machines can reach (0.0.0.0, ::, a LAN address) without allowRemote', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10', 'emulator.example']) {
      await assert.rejects(startEmulator({ host, seed: true }), (err: unknown) => {
        assert.ok(err instanceof RemoteHostRefused, String(err));
        assert.match(err.message, new RegExp(`refusing to listen on ${host.replace(/\./g, '\\.')}`));
        assert.match(err.message, /allowRemote/);
        return true;
      });
    }
  });

  it('listens on loopback (127.0.0.1, localhost) as before', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const emu = await startEmulator({ host });
      try {
        assert.equal((await fetch(`${emu.url}/api/v4/system/ping`)).status, 200, host);
      } finally {
        await emu.close();
      }
    }
  });

  it('with allowRemote, goes on to listen there (192.0.2.10 is no interface of ours, so the OS refuses instead)', async () => {
    // A documentation address (RFC 5737): the check is passed without opening a port to anyone.
    await assert.rejects(startEmulator({ host: '192.0.2.10', allowRemote: true }), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'EADDRNOTAVAIL', String(err));
      return true;
    });
  });
});
