/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { UploadError } from '../../../src/data/index.js';
import type { BrowserEmulator } from '../../helpers/emulator-browser.js';
import { useStores } from './stores.js';
import { channelByName, messages, until } from './wait.js';

describe('ChatStore conversation features', () => {
  let emulator: BrowserEmulator;
  const fixture = useStores({ maxFileSize: 1024 * 1024 });
  const { onlineStoreFor: storeFor, userId } = fixture;
  /** Alice and Bob both in town-square, with one post of Alice's loaded in both. */
  const twoInTownSquare = async () => {
    const alice = await storeFor('alice');
    const bob = await storeFor('bob');
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    await bob.openChannel(channelId);
    await alice.send(channelId, 'Lunch at noon?');
    const postId = alice.state.posts.get(channelId)!.order.at(-1)!;
    await until(bob, (state) => state.posts.get(channelId)?.byId.has(postId) ?? false, 'the post at bob');
    return { alice, bob, channelId, postId };
  };

  beforeEach(() => {
    emulator = fixture.emulator;
  });

  it('shows a reaction to both users live, and its removal', async () => {
    const { alice, bob, channelId, postId } = await twoInTownSquare();
    await alice.toggleReaction(channelId, postId, 'tada');
    const added = await until(
      bob,
      (state) => state.posts.get(channelId)!.byId.get(postId)!.reactions.length === 1,
      'the reaction at bob',
    );
    expect(added.posts.get(channelId)!.byId.get(postId)!.reactions).to.deep.equal([
      { emoji: 'tada', userIds: [userId('alice')] },
    ]);
    await until(
      alice,
      (state) => state.posts.get(channelId)!.byId.get(postId)!.reactions.length === 1,
      'the reaction at alice',
    );
    await alice.toggleReaction(channelId, postId, 'tada');
    await until(
      bob,
      (state) => state.posts.get(channelId)!.byId.get(postId)!.reactions.length === 0,
      'the removal at bob',
    );
  });

  it('shows an edit and a delete to the other user live', async () => {
    const { alice, bob, channelId, postId } = await twoInTownSquare();
    await alice.editPost(postId, 'Lunch at one?');
    expect(alice.state.posts.get(channelId)!.byId.get(postId)!.message).to.equal('Lunch at one?');
    const edited = await until(
      bob,
      (state) => state.posts.get(channelId)!.byId.get(postId)!.message === 'Lunch at one?',
      'the edit at bob',
    );
    expect(edited.posts.get(channelId)!.byId.get(postId)!.editAt).to.be.greaterThan(0);
    await alice.deletePost(postId);
    expect(alice.state.posts.get(channelId)!.byId.get(postId)!.deleted).to.equal(true);
    const deleted = await until(
      bob,
      (state) => state.posts.get(channelId)!.byId.get(postId)!.deleted,
      'the delete at bob',
    );
    expect(deleted.posts.get(channelId)!.byId.get(postId)!.message).to.equal('');
    expect(emulator.core.getPost(postId)?.delete_at ?? 1).to.be.greaterThan(0);
  });

  it('loads a thread, follows live replies and counts them on the root', async () => {
    const { alice, bob, channelId, postId } = await twoInTownSquare();
    emulator.core.createPost({ channelId, userId: userId('bob'), message: 'first reply', rootId: postId });
    await until(
      alice,
      (state) => state.posts.get(channelId)!.byId.get(postId)!.replyCount === 1,
      'the first reply counted',
    );
    await alice.openThread(postId);
    let thread = alice.state.threads.get(postId)!;
    expect(alice.state.activeThreadId).to.equal(postId);
    expect(thread.loading).to.equal(false);
    expect(thread.root?.message).to.equal('Lunch at noon?');
    expect(thread.order.map((id) => thread.byId.get(id)!.message)).to.deep.equal(['first reply']);

    await bob.send(channelId, 'second reply', { rootId: postId });
    thread = (
      await until(alice, (state) => state.threads.get(postId)!.order.length === 2, 'the live reply in the thread')
    ).threads.get(postId)!;
    expect(thread.order.map((id) => thread.byId.get(id)!.message)).to.deep.equal(['first reply', 'second reply']);
    await until(
      alice,
      (state) => state.posts.get(channelId)!.byId.get(postId)!.replyCount === 2,
      'the root counting two replies',
    );
    expect(alice.state.threads.get(postId)!.root!.replyCount).to.equal(2);

    await alice.send(channelId, 'my reply', { rootId: postId });
    thread = alice.state.threads.get(postId)!;
    expect(thread.order.map((id) => thread.byId.get(id)!.message)).to.deep.equal([
      'first reply',
      'second reply',
      'my reply',
    ]);
    expect(thread.byId.get(thread.order[2]!)!.state).to.equal('sent');

    alice.closeThread(postId);
    expect(alice.state.threads.has(postId)).to.equal(false);
    expect(alice.state.activeThreadId).to.equal(undefined);
  });

  it('uploads files with progress and sends them with a message', async () => {
    const { alice, bob, channelId } = await twoInTownSquare();
    const file = new File(['quarterly numbers'], 'report.txt', { type: 'text/plain' });
    let lastProgress: [number, number] | undefined;
    const ids = await alice.uploadFiles(channelId, [file], {
      onProgress: (loaded, total) => (lastProgress = [loaded, total]),
    });
    expect(ids).to.have.length(1);
    if (lastProgress) expect(lastProgress[0]).to.equal(lastProgress[1]);
    const sending = alice.send(channelId, 'The report', { fileIds: ids });
    const pending = alice.state.posts.get(channelId)!;
    expect(pending.byId.get(pending.order.at(-1)!)!.files.map((f) => f.name)).to.deep.equal(['report.txt']);
    await sending;
    const state = await until(
      bob,
      (s) => messages(s, channelId).includes('The report'),
      'the post with the file at bob',
    );
    const posts = state.posts.get(channelId)!;
    const post = posts.byId.get(posts.order.at(-1)!)!;
    expect(post.files.map((f) => [f.id, f.name])).to.deep.equal([[ids[0], 'report.txt']]);

    const link = await bob.fileUrl(ids[0]!, 'file');
    const url = link.href;
    expect(url).to.match(/^blob:/);
    // Not an image: inert bytes to download (file-urls.ts), whatever the server's type.
    expect(link.image).to.equal(undefined);
    const fetched = await fetch(url);
    expect(fetched.headers.get('content-type')).to.equal('application/octet-stream');
    expect(await fetched.text()).to.equal('quarterly numbers');
    expect(await bob.fileUrl(ids[0]!, 'file')).to.equal(link);

    // stop() revokes the URLs and hands out a new function, so lists that cache by function ask again.
    const before = bob.fileUrl;
    bob.stop();
    expect(bob.fileUrl).not.to.equal(before);
    let revoked = false;
    await fetch(url).catch(() => (revoked = true));
    expect(revoked).to.equal(true);
  });

  it('turns a 413 into "File too large (max 1 MB)"', async () => {
    const alice = await storeFor('alice');
    const channelId = channelByName(alice.state, 'town-square').id;
    const big = new File([new Uint8Array(1024 * 1024 + 1)], 'huge.bin');
    let caught: unknown;
    try {
      await alice.uploadFiles(channelId, [big]);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(UploadError);
    expect((caught as UploadError).message).to.equal('File too large (max 1 MB).');
    expect((caught as UploadError).tooLarge).to.equal(true);
  });

  it('notifies subscribers of a change even when something read the state first', async () => {
    const alice = await storeFor('alice');
    const channelId = channelByName(alice.state, 'town-square').id;
    await alice.openChannel(channelId);
    let seen = alice.state;
    const notified = new Promise<void>((resolve) => {
      alice.subscribe((state) => {
        seen = state;
        if (messages(state, channelId).includes('read early')) resolve();
      });
    });
    await alice.send(channelId, 'read early');
    // Reading the snapshot before the frame's notification must not swallow it.
    expect(messages(alice.state, channelId)).to.include('read early');
    await notified;
    expect(messages(seen, channelId)).to.include('read early');
  });

  it('polls the presence of the people in the open conversation, not only DM partners', async () => {
    const alice = await storeFor('alice', { presencePoll: 100 });
    const channelId = channelByName(alice.state, 'town-square').id;
    const admin = userId('admin');
    expect([...alice.state.channels.values()].some((channel) => channel.otherUserId === admin)).to.equal(false);
    emulator.core.createPost({ channelId, userId: admin, message: 'Maintenance tonight' });
    await alice.openChannel(channelId);
    await until(alice, (state) => state.users.has(admin), 'the author loaded');
    // Others' status changes are not pushed to alice: only the poll can bring this one.
    emulator.core.setStatus(admin, 'dnd', true);
    await until(alice, (state) => state.users.get(admin)?.presence === 'dnd', 'the author shown as Do not disturb');
  });

  it('cancels an upload through its signal', async () => {
    const alice = await storeFor('alice');
    const channelId = channelByName(alice.state, 'town-square').id;
    const controller = new AbortController();
    const upload = alice.uploadFiles(channelId, [new File(['x'], 'x.txt')], { signal: controller.signal });
    controller.abort();
    let caught: unknown;
    try {
      await upload;
    } catch (error) {
      caught = error;
    }
    expect((caught as DOMException).name).to.equal('AbortError');
  });
});
