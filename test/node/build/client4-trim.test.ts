// The page bundle's Client4 trim (scripts/client4-trim.mjs): on the installed
// @mattermost/client, what the widget calls survives with everything it reaches, the result
// still talks to Mattermost (the emulator) exactly like the untrimmed class, and what the
// trim cannot follow stops the build.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import ts from 'typescript';
import type { Client4 } from '@mattermost/client';
import {
  Client4TrimError,
  LIST_MODULE,
  trimClient4,
  trimClient4Plugin,
  widgetCalls,
} from '../../../scripts/client4-trim.mjs';
import { startEmulator, seedDemo, EmulatorCore, type RunningEmulator } from '../../../src/emulator/node.js';

const require = createRequire(import.meta.url);
const CLIENT4_PATH = require.resolve('@mattermost/client/lib/client4.js');
const installed = readFileSync(CLIENT4_PATH, 'utf8');
const calls = widgetCalls(readFileSync(LIST_MODULE, 'utf8'));
const trimmed = trimClient4(installed, calls);

/** Each member of the module's Client4 class and the `this.x` names its code uses. */
function classMembers(source: string): Map<string, Set<string>> {
  const file = ts.createSourceFile('client4.js', source, ts.ScriptTarget.Latest, true);
  const found = file.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'Client4',
  );
  assert.ok(found, 'class Client4');
  const members = new Map<string, Set<string>>();
  for (const member of found.members) {
    if (!member.name || !ts.isIdentifier(member.name)) continue;
    const uses = members.get(member.name.text) ?? new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword)
        uses.add(node.name.text);
      ts.forEachChild(node, visit);
    };
    visit(member);
    members.set(member.name.text, uses);
  }
  return members;
}

/** The module's Client4 class, evaluated as Node would load the file. */
function client4Class(code: string): typeof Client4 {
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', code)(module.exports, createRequire(CLIENT4_PATH), module);
  return module.exports['default'] as typeof Client4;
}

describe('the page bundle’s Client4 trim', () => {
  test('keeps every listed member, what the subclass uses, and everything kept code calls', () => {
    const before = classMembers(installed);
    const after = classMembers(trimmed.code);
    for (const name of [...calls.listed, ...calls.subclassUses]) assert.ok(after.has(name), `${name} kept`);
    for (const [name, uses] of after) {
      for (const used of uses)
        if (before.has(used)) assert.ok(after.has(used), `${name} uses this.${used}, which must be kept`);
    }
    assert.ok(calls.subclassUses.length > 0, 'ChatClient’s own calls into Client4 are found');
  });

  test('leaves out the members nothing kept reaches, and says which it kept', () => {
    const before = classMembers(installed);
    const after = classMembers(trimmed.code);
    assert.ok(after.size < before.size / 2, `${after.size} of ${before.size} members kept`);
    assert.ok(trimmed.droppedBytes > installed.length / 2);
    assert.equal(Buffer.byteLength(installed) - Buffer.byteLength(trimmed.code), trimmed.droppedBytes);
    for (const name of trimmed.kept) assert.ok(after.has(name), name);
    // Data fields and the class's other statements stay as they were.
    for (const name of ['url', 'token', 'includeCookies', 'translations']) assert.ok(after.has(name), name);
    assert.match(trimmed.code, /exports\.ClientError = ClientError;/);
  });

  describe('the trimmed class against the emulator', () => {
    let emulator: RunningEmulator;
    let token: string;
    let aliceId: string;

    before(async () => {
      const core = new EmulatorCore();
      const world = seedDemo(core);
      emulator = await startEmulator({ core });
      aliceId = world.users['alice']!.id;
      token = core.issueToken(aliceId);
    });
    after(() => emulator?.close());

    const clientOf = (code: string): Client4 => {
      const client = new (client4Class(code))();
      client.setUrl(emulator.url);
      client.setToken(token);
      client.setIncludeCookies(false);
      return client;
    };

    test('builds the same routes and gets the same answers as the untrimmed class', async () => {
      const full = clientOf(installed);
      const trim = clientOf(trimmed.code);
      assert.equal(trim.getFilesRoute(), full.getFilesRoute());
      assert.equal(trim.getFilePreviewUrl('f1', 0), full.getFilePreviewUrl('f1', 0));
      assert.deepEqual(trim.getOptions({ method: 'get' }), full.getOptions({ method: 'get' }));
      const me = await trim.getMe();
      assert.equal(me.id, aliceId);
      assert.deepEqual(me, await full.getMe());
      const [team] = await trim.getMyTeams();
      assert.ok(team);
      assert.deepEqual(await trim.getTeamByName(team.name), await full.getTeam(team.id));
      const channels = await trim.getMyChannels(team.id);
      const townSquare = channels.find((c) => c.name === 'town-square');
      assert.ok(townSquare);
      assert.deepEqual(await trim.getChannel(townSquare.id), await full.getChannel(townSquare.id));
      assert.deepEqual(await trim.getClientConfig(), await full.getClientConfig());
    });

    test('posts, edits, reacts and deletes through the kept methods', async () => {
      const trim = clientOf(trimmed.code);
      const [team] = await trim.getMyTeams();
      const channel = (await trim.getMyChannels(team!.id)).find((c) => c.name === 'town-square')!;
      const post = await trim.createPost({
        channel_id: channel.id,
        message: 'trimmed client',
        user_id: aliceId,
      } as Parameters<Client4['createPost']>[0]);
      assert.equal(post.message, 'trimmed client');
      assert.equal((await trim.patchPost({ id: post.id, message: 'edited' })).message, 'edited');
      const reaction = await trim.addReaction(aliceId, post.id, 'smile');
      assert.equal(reaction.emoji_name, 'smile');
      const thread = await trim.getPostThread(post.id, false);
      assert.deepEqual(
        thread.posts[post.id]?.metadata?.reactions?.map((r) => r.emoji_name),
        ['smile'],
      );
      await trim.removeReaction(aliceId, post.id, 'smile');
      await trim.deletePost(post.id);
      const since = await trim.getPostsSince(channel.id, post.create_at - 1);
      assert.ok(since.posts[post.id]?.delete_at, 'the post is deleted');
    });

    test('has none of the members it left out', () => {
      const trim = clientOf(trimmed.code) as unknown as Record<string, unknown>;
      const full = clientOf(installed) as unknown as Record<string, unknown>;
      const left = [...classMembers(installed).keys()].filter((name) => !classMembers(trimmed.code).has(name));
      assert.ok(left.length > 0);
      for (const name of left) {
        assert.equal(typeof full[name], 'function', name);
        assert.equal(trim[name], undefined, name);
      }
    });
  });

  describe('refuses what it cannot follow', () => {
    const sample = `
      class Client4 {
        url = '';
        constructor() { this.ready = this.setUp(); }
        setUp() { return true; }
        get route() { return this.url + this.version(); }
        version = () => '/api/v4';
        listed() { return this.route; }
        unused() { return this.other(); }
        other() {}
      }
      exports.default = Client4;`;

    test('follows getters, arrow fields and the constructor, and leaves out the rest', () => {
      const result = trimClient4(sample, { listed: ['listed'] });
      assert.deepEqual(result.kept.sort(), ['listed', 'route', 'setUp', 'version']);
      assert.equal(result.methods, 6);
      const Client = client4Class(result.code) as unknown as new () => Record<string, () => unknown>;
      const client = new Client();
      assert.equal(client['listed']!(), '/api/v4');
      assert.equal(client['unused'], undefined);
    });

    test('a listed member the class lacks', () => {
      assert.throws(
        () => trimClient4(sample, { listed: ['listed', 'getNothing'] }),
        (error) => error instanceof Client4TrimError && /getNothing/.test(error.message),
      );
    });

    test('a member the subclass reaches through super that the class lacks', () => {
      const subclass = `
        export const CLIENT4_CALLS = ['listed'] as const;
        export class ChatClient extends lib.Client4 {
          mine() { return super.fromSuper() + this.fromThis() + this.mine(); }
        }`;
      const found = widgetCalls(subclass, 'client.ts');
      assert.deepEqual(found, { listed: ['listed'], subclassUses: ['fromSuper', 'fromThis'] });
      assert.throws(() => trimClient4(sample, found), /fromSuper, fromThis/);
    });

    test('a computed this[...] in code that is kept', () => {
      const planted = sample.replace('listed() {', 'listed() { this[name]();');
      assert.throws(
        () => trimClient4(planted, { listed: ['listed'] }),
        (error) => error instanceof Client4TrimError && /this\[name\]/.test(error.message),
      );
      // In a member nothing reaches, it cannot run: no reason to stop.
      assert.doesNotThrow(() =>
        trimClient4(sample.replace('unused() {', 'unused() { this[name]();'), { listed: ['listed'] }),
      );
    });

    test('this handed on, whose members could be anything', () => {
      assert.throws(
        () => trimClient4(sample.replace('listed() {', 'listed() { use(this);'), { listed: ['listed'] }),
        /hands `this` on/,
      );
    });

    test('a module without the class, or a list that is not plain names', () => {
      assert.throws(() => trimClient4('class Other {}', { listed: [] }), /class Client4 not found/);
      assert.throws(() => widgetCalls('export const CLIENT4_CALLS = [name];'), /only member names in quotes/);
      assert.throws(() => widgetCalls('export const CALLS = [];'), /no `const CLIENT4_CALLS/);
    });

    test('a computed access planted in the installed client', () => {
      const planted = installed.replace(/class Client4 \{/, '$&\n    planted() { return this[name](); }');
      assert.throws(() => trimClient4(planted, { listed: [...calls.listed, 'planted'] }), /this\[name\]/);
    });

    test('a listed member the installed client lacks fails the esbuild build, naming it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bisman-client4-trim-'));
      try {
        const listModule = join(dir, 'client.ts');
        writeFileSync(listModule, `export const CLIENT4_CALLS = ['getMe', 'getNothingAtAll'] as const;`);
        const entry = join(dir, 'entry.js');
        writeFileSync(entry, `import Client4 from ${JSON.stringify(CLIENT4_PATH)}; console.log(Client4);`);
        await assert.rejects(
          build({
            entryPoints: [entry],
            bundle: true,
            write: false,
            logLevel: 'silent',
            plugins: [trimClient4Plugin({ listModule })],
          }),
          /getNothingAtAll/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
