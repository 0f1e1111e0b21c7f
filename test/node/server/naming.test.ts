import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SupportChannelNames, legacySupportChannelName } from '../../../src/server/support-channel.js';
import { usernameFor, withSuffix } from '../../../src/server/username.js';

const VALID = /^[a-z][a-z0-9._-]{2,21}$/;

describe('Mattermost names for new users', () => {
  const named = (email: string, name = '', preferredUsername?: string) =>
    usernameFor({ email, name, preferredUsername });

  it('takes the preferred username, else the email local part without its +tag, else the name', async () => {
    assert.equal(await named('jd@acme.test', 'Jane Doe', 'Jane.Doe+ERP'), 'jane.doeerp');
    assert.equal(await named('jane.doe+erp@acme.test', 'Jane Doe'), 'jane.doe');
    assert.equal(await named('jane_doe-2@acme.test', 'Jane Doe'), 'jane_doe-2');
  });

  it('names a short email after the person rather than padding it', async () => {
    assert.equal(await named('lx@acme.test', 'Li Xiang'), 'li.xiang');
    assert.equal(await named('lx@acme.test', 'Li   Xiang-Wu'), 'li.xiang-wu');
    assert.equal(await named('lx@acme.test', 'lx'), 'user-lx', 'nothing longer to go by');
  });

  it('cuts long names to 22 characters without ending in punctuation', async () => {
    assert.equal(await named('averyveryverylongname.withpunctuation@acme.test'), 'averyveryverylongname');
    assert.equal(await named('a@acme.test', 'Maximilian Alexander von Habsburg'), 'maximilian.alexander.v');
  });

  it('drops accents and folds Latin letters, and falls back for other scripts', async () => {
    assert.equal(await named('oe@acme.test', 'Øystein Ærø'), 'oystein.aero');
    assert.equal(await named('jm@acme.test', 'José Müller-Łukasz'), 'jose.muller-lukasz');
    assert.equal(await named('12345@mail.test', 'Дмитрий Иванов'), 'user-12345');
    const cjk = await named('李雷@例子.test', '李雷');
    assert.match(cjk, /^user-[0-9a-f]{8}$/);
    assert.equal(await named('李雷@例子.test', '李雷'), cjk, 'the same person always gets the same name');
    assert.notEqual(await named('韩梅梅@例子.test', '韩梅梅'), cjk);
  });

  it('makes a valid name from symbols, digits and reserved words', async () => {
    assert.match(await named('!!!@acme.test', '*** ???'), /^user-[0-9a-f]{8}$/);
    assert.equal(await named('42nd.street@acme.test', 'Ann Lee'), 'ann.lee', 'a username starts with a letter');
    assert.equal(await named('--x--@acme.test', '..'), 'user-x');
    assert.equal(await named('all@acme.test', 'all'), 'user-all');
    for (const email of [
      '!!!@acme.test',
      '42@acme.test',
      'here@acme.test',
      'a.-_.b@acme.test',
      `${'9'.repeat(40)}@acme.test`,
    ]) {
      assert.match(await named(email), VALID, email);
    }
  });

  it('never shows the host subject', async () => {
    const identity = { key: '|host-4242', subject: 'host-4242', email: '!!!@acme.test', name: '' };
    assert.doesNotMatch(await usernameFor(identity), /4242/);
  });

  it('numbers a taken name, still within 22 characters', () => {
    assert.equal(withSuffix('jane.doe', 2), 'jane.doe2');
    assert.equal(withSuffix('a'.repeat(22), 12), `${'a'.repeat(20)}12`);
    assert.equal(withSuffix('abcdefghijklmnopqrstu.v', 3), 'abcdefghijklmnopqrstu3');
    assert.equal(withSuffix('user-12', 2), 'user-12-2', "not user-122, another person's name");
  });

  it("never generates a name in the portal accounts' namespace (portal-…)", async () => {
    assert.doesNotMatch(await named('x@acme.test', 'X', 'portal-0123456789abcdef'), /^portal-/);
    assert.doesNotMatch(await named('portal-deadbeef@acme.test', 'portal-deadbeef'), /^portal-/);
  });

  it('names support conversations by a keyed hash of the user id: unguessable without the key, stable with it', async () => {
    const id = 'a'.repeat(26);
    const names = new SupportChannelNames('k'.repeat(32));
    const name = await names.nameFor(id);
    assert.match(name, /^support-[0-9a-f]{32}$/);
    assert.equal(await new SupportChannelNames('k'.repeat(32)).nameFor(id), name, 'stable across restarts');
    assert.notEqual(await new SupportChannelNames('j'.repeat(32)).nameFor(id), name, 'another key, another name');
    assert.notEqual(await names.nameFor('b'.repeat(26)), name);
  });

  it("knows the previous scheme's names (support-<username>, else the id), to migrate them", () => {
    const id = 'a'.repeat(26);
    assert.equal(legacySupportChannelName({ id, username: 'alice' }), 'support-alice');
    assert.equal(legacySupportChannelName({ id, username: 'jane.doe' }), `support-${id}`);
    assert.equal(legacySupportChannelName({ id, username: 'trailing_' }), `support-${id}`);
    assert.equal(legacySupportChannelName({ id, username: 'double__under' }), `support-${id}`);
  });
});
