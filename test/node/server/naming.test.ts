import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { supportChannelName, usernameFrom } from '../../../src/server/service.js';

describe('Mattermost names for new users', () => {
  it('keeps only lowercase letters, digits, dot, dash and underscore', () => {
    assert.equal(usernameFrom('Jane.Doe+ERP'), 'jane.doeerp');
    assert.equal(usernameFrom('Øystein Ærø'), 'ysteinr');
    assert.equal(usernameFrom('a_b-c.d'), 'a_b-c.d');
  });

  it('starts with a letter and has at least three characters', () => {
    assert.equal(usernameFrom('42nd.street'), 'nd.street');
    assert.equal(usernameFrom('x'), 'userx');
    assert.equal(usernameFrom('!!!'), 'user');
  });

  it('fits the 22 characters the web app allows and does not end in punctuation', () => {
    const name = usernameFrom('averyveryverylongname.withpunctuation');
    assert.ok(name.length <= 22, name);
    assert.equal(name, 'averyveryverylongname');
    assert.equal(usernameFrom('abcdefghijklmnopqrstu-vwxyz'), 'abcdefghijklmnopqrstu');
  });

  it('avoids the names Mattermost reserves', () => {
    for (const reserved of ['all', 'channel', 'here', 'system', 'matterbot']) {
      assert.equal(usernameFrom(reserved), `${reserved}-user`);
    }
  });

  it('names support channels after the username, or the id when the username cannot be one', () => {
    const id = 'a'.repeat(26);
    assert.equal(supportChannelName({ id, username: 'alice' }), 'support-alice');
    assert.equal(supportChannelName({ id, username: 'jane.doe' }), `support-${id}`);
    assert.equal(supportChannelName({ id, username: 'trailing_' }), `support-${id}`);
    assert.equal(supportChannelName({ id, username: 'double__under' }), `support-${id}`);
  });
});
