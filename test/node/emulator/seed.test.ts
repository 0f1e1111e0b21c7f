/** The demo world: who is where, and a history that reads like an ERP team's week. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatorCore, seedDemo } from '../../../src/emulator/index.js';
import { DEMO_TEAM, DEMO_USERS } from '../../../src/shared/demo-users.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function seeded() {
  let t = NOW;
  const core = new EmulatorCore({ now: () => t++ });
  return { core, world: seedDemo(core) };
}

describe('seedDemo', () => {
  it('creates the demo team with every demo user, reusing the core admin', () => {
    const { core, world } = seeded();
    assert.equal(world.team.name, DEMO_TEAM.name);
    assert.equal(world.team.display_name, DEMO_TEAM.displayName);
    assert.deepEqual(Object.keys(world.users).sort(), DEMO_USERS.map((u) => u.username).sort());
    assert.equal(world.users.admin!.id, core.adminUser.id);
    for (const user of Object.values(world.users)) assert.ok(core.isTeamMember(world.team.id, user.id));
    assert.equal(core.sessionFor(core.adminToken)?.userId, core.adminUser.id, 'the admin token still works');
  });

  it('puts people in the right channels: public, private, support and a DM', () => {
    const { core, world } = seeded();
    const members = (name: string) =>
      core
        .channelMembers(world.channels[name]!.id)
        .map((m) => core.getUser(m.user_id)!.username)
        .sort();
    for (const name of ['town-square', 'off-topic', 'sales', 'warehouse'])
      assert.equal(world.channels[name]!.type, 'O');
    for (const name of ['management', 'support-alice', 'support-bob']) assert.equal(world.channels[name]!.type, 'P');
    assert.deepEqual(members('management'), ['admin', 'alice']);
    assert.deepEqual(members('support-alice'), ['alice', 'sam']);
    assert.deepEqual(members('support-bob'), ['bob', 'sam']);
    assert.equal(world.channels['support-alice']!.display_name, 'Support · Alice Andersen');
    assert.deepEqual(members('town-square'), ['admin', 'alice', 'bob', 'sam']);
    const dm = world.channels['dm-alice-bob']!;
    assert.equal(dm.type, 'D');
    assert.equal(dm.name, [world.users.alice!.id, world.users.bob!.id].sort().join('__'));
  });

  it('writes a few days of history with threads, reactions and an edit, relative to now', () => {
    const { core, world } = seeded();
    const all = core.allChannels().flatMap((c) => core.channelPosts(c.id));
    assert.ok(all.length >= 20);
    const ages = all.map((p) => NOW - p.create_at);
    assert.ok(Math.max(...ages) >= 2 * 24 * 3600_000, 'history goes back days');
    assert.ok(Math.min(...ages) > 0, 'nothing in the future');
    assert.ok(
      all.some((p) => p.root_id),
      'some replies',
    );
    assert.ok(
      all.some((p) => p.edit_at > 0),
      'an edited post',
    );
    assert.ok(
      all.some((p) => core.reactionsFor(p.id).length > 0),
      'a reaction',
    );
    const threadRoot = all.find((p) => core.decoratePost(p).reply_count > 1);
    assert.ok(threadRoot, 'a thread with several replies');
    assert.ok(core.channelPosts(world.channels['support-alice']!.id).length > 0, 'a support conversation');
  });

  it('is deterministic: the same messages in the same order every time', () => {
    const texts = () => {
      const { core } = seeded();
      return core
        .allChannels()
        .flatMap((c) => core.channelPosts(c.id).map((p) => `${c.type === 'D' ? 'dm' : c.name}:${p.message}`));
    };
    assert.deepEqual(texts(), texts());
  });

  it('leaves a few channels unread so the demo opens with badges', () => {
    const { core, world } = seeded();
    const alice = world.users.alice!.id;
    const unread = core.teamUnreads(alice)[0]!;
    const dm = core.channelMember(world.channels['dm-alice-bob']!.id, alice)!;
    assert.ok(Number(unread.msg_count) > 0 || dm.mention_count > 0);
    assert.ok(dm.mention_count > 0, 'bob wrote to alice after she last looked');
  });

  it('refuses to seed twice', () => {
    const { core } = seeded();
    assert.throws(() => seedDemo(core), /already exists/);
  });
});
