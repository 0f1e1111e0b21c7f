// A user's support conversation: a channel whose ownership Mattermost itself shows.
import { SUPPORT_CHANNEL_PREFIX } from '../shared/demo-users.js';
import { MM_LIMITS, cutRunes } from './claims.js';
import { ApiError } from './errors.js';
import type { Logger } from './logger.js';
import { MattermostError } from './mattermost.js';
import type { MattermostAdmin, MmChannel, MmUser } from './mattermost.js';

/** Hex characters of the keyed hash in the name: 128 bits. */
const NAME_HASH_CHARS = 32;
const encoder = new TextEncoder();

/**
 * Names support conversations `support-<HMAC-SHA-256(key, user id)>`: nobody without the
 * key can tell which name will be a user's, so nobody can create it first.
 */
export class SupportChannelNames {
  readonly #key: Promise<CryptoKey>;

  constructor(key: string) {
    this.#key = crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  async nameFor(userId: string): Promise<string> {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await this.#key, encoder.encode(userId)));
    let hex = '';
    for (const byte of mac) hex += byte.toString(16).padStart(2, '0');
    return `${SUPPORT_CHANNEL_PREFIX}${hex.slice(0, NAME_HASH_CHARS)}`;
  }
}

/**
 * The name of the previous scheme: `support-<username>`, or `support-<user id>` when the
 * username is not a valid channel name part. Anyone could have created such a channel:
 * `SupportConversations` migrates one only when Mattermost shows it is ours.
 */
export function legacySupportChannelName(user: { id: string; username: string }): string {
  const fits = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/.test(user.username) && !user.username.includes('__');
  return `${SUPPORT_CHANNEL_PREFIX}${fits ? user.username : user.id}`;
}

interface Deps {
  mm: MattermostAdmin;
  logger: Logger;
  names: SupportChannelNames;
  /** The account of MM_ADMIN_TOKEN, which creates every support conversation. */
  provisioner: () => Promise<MmUser>;
  toApiError: (err: unknown, doing: string) => ApiError;
}

/**
 * Finds, migrates or creates a user's support conversation, and reconciles its members:
 * a private channel, created by the provisioning account, named by `SupportChannelNames`,
 * whose members are exactly the user and the current agents.
 */
export class SupportConversations {
  readonly #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  /** The conversation's channel id. `agents` are the current agents (active accounts), never the user. */
  async ensure(teamId: string, user: MmUser, displayName: string, agents: readonly MmUser[]): Promise<string> {
    const { mm, logger, names, toApiError } = this.#deps;
    const provisioner = await this.#deps.provisioner();
    const members = new Set([user.id, ...agents.map((a) => a.id)]);
    const name = await names.nameFor(user.id);
    const find = (channelName: string) =>
      mm.getChannelByName(teamId, channelName).catch((err: unknown) => {
        throw toApiError(err, 'look up the support channel');
      });
    const mustBeOurs = (channel: MmChannel): MmChannel => {
      if (this.#isOwned(channel, provisioner)) return channel;
      // Only someone holding the key (or Mattermost admin rights) could have made it.
      logger.error(
        { channelId: channel.id, userId: user.id, type: channel.type, creatorId: channel.creator_id },
        "a channel holds the name of this user's support conversation but was not made by the auth server",
      );
      throw new ApiError(
        409,
        'support_channel_conflict',
        "Another channel holds this user's support conversation name; an administrator must remove it",
      );
    };

    let channel = await find(name);
    if (channel) channel = mustBeOurs(channel);
    else channel = await this.#migrate(teamId, user, name, members, provisioner);
    if (!channel) {
      try {
        channel = await mm.createChannel({
          team_id: teamId,
          name,
          display_name: cutRunes(`Support · ${displayName}`, MM_LIMITS.channelDisplayNameRunes),
          type: 'P',
          purpose: `Support conversation with ${displayName}`,
        });
        logger.info({ channelId: channel.id, userId: user.id }, 'support channel created');
      } catch (err) {
        // A concurrent instance created it first.
        const raced = err instanceof MattermostError && err.status === 400 ? await find(name) : null;
        if (!raced) throw toApiError(err, 'create the support channel');
        channel = mustBeOurs(raced);
      }
    }
    await this.#reconcile(channel.id, members);
    return channel.id;
  }

  /** Private, and created by the provisioning account: nobody else can make such a channel. */
  #isOwned(channel: MmChannel, provisioner: MmUser): boolean {
    return channel.type === 'P' && channel.creator_id === provisioner.id;
  }

  /**
   * The previous scheme's channel, renamed to the new name when Mattermost shows it is
   * ours: private, created by the provisioning account, and its members the user and
   * current agents (the provisioning account may still be one). Anything else under that
   * name is left alone, and the user gets a new conversation.
   */
  async #migrate(
    teamId: string,
    user: MmUser,
    name: string,
    members: ReadonlySet<string>,
    provisioner: MmUser,
  ): Promise<MmChannel | null> {
    const { mm, logger, toApiError } = this.#deps;
    const legacyName = legacySupportChannelName(user);
    const legacy = await mm.getChannelByName(teamId, legacyName).catch((err: unknown) => {
      throw toApiError(err, 'look up the previous support channel');
    });
    if (!legacy) return null;
    let memberIds: string[] = [];
    if (this.#isOwned(legacy, provisioner)) {
      memberIds = await mm.listChannelMemberIds(legacy.id).catch((err: unknown) => {
        throw toApiError(err, 'list the members of the previous support channel');
      });
    }
    const passes = memberIds.includes(user.id) && memberIds.every((id) => members.has(id) || id === provisioner.id);
    if (!passes) {
      logger.warn(
        { channelId: legacy.id, userId: user.id, name: legacyName },
        'a channel with the previous support conversation name fails the ownership checks; left alone',
      );
      return null;
    }
    const renamed = await mm.renameChannel(legacy.id, name).catch((err: unknown) => {
      throw toApiError(err, 'rename the previous support channel');
    });
    logger.info({ channelId: legacy.id, userId: user.id }, 'support channel migrated to a keyed name');
    return renamed;
  }

  /** Members exactly `members`: the missing added, anyone else (the provisioning account too) removed. */
  async #reconcile(channelId: string, members: ReadonlySet<string>): Promise<void> {
    const { mm, logger, toApiError } = this.#deps;
    const current = new Set(
      await mm.listChannelMemberIds(channelId).catch((err: unknown) => {
        throw toApiError(err, 'list the members of the support channel');
      }),
    );
    for (const id of members) {
      if (current.has(id)) continue;
      await mm.addToChannel(channelId, id).catch((err: unknown) => {
        throw toApiError(err, 'add a member to the support channel');
      });
    }
    for (const id of current) {
      if (members.has(id)) continue;
      await mm.removeFromChannel(channelId, id).catch((err: unknown) => {
        if (err instanceof MattermostError && err.status === 404) return; // left meanwhile
        throw toApiError(err, 'remove a member from the support channel');
      });
      logger.info({ channelId, userId: id }, 'removed from a support channel: neither its user nor an agent');
    }
  }
}
