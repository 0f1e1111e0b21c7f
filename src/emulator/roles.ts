/**
 * Mattermost's built-in roles (`server/public/model/role.go`: `MakeDefaultRoles`), shaped
 * as `model.Role`. The permission lists are the defaults' main entries, not all of them:
 * enough for a client (the web app's `haveIChannelPermission`, `haveISystemPermission`) to
 * reach the answers the real server's defaults give.
 */
import type { Role } from '@mattermost/types/roles';
import { newId } from './core.js';

const CHANNEL_USER = [
  'read_channel',
  'read_channel_content',
  'add_reaction',
  'remove_reaction',
  'create_post',
  'edit_post',
  'delete_post',
  'upload_file',
  'use_channel_mentions',
  'use_group_mentions',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'delete_public_channel',
  'delete_private_channel',
  'create_post_public',
];
const CHANNEL_GUEST = [
  'read_channel',
  'read_channel_content',
  'add_reaction',
  'remove_reaction',
  'upload_file',
  'edit_post',
  'create_post',
  'use_channel_mentions',
];
const TEAM_USER = [
  'list_team_channels',
  'join_public_channels',
  'read_public_channel',
  'view_team',
  'create_public_channel',
  'create_private_channel',
  'invite_user',
  'add_user_to_team',
];
const TEAM_GUEST = ['view_team'];
const SYSTEM_USER = [
  'list_public_teams',
  'join_public_teams',
  'create_direct_channel',
  'create_group_channel',
  'view_members',
  'create_team',
  'create_emojis',
  'delete_emojis',
  'list_users_without_team',
];
const SYSTEM_GUEST = ['create_direct_channel', 'create_group_channel'];
const TEAM_ADMIN = [
  'edit_others_posts',
  'remove_user_from_team',
  'manage_team',
  'import_team',
  'manage_team_roles',
  'manage_channel_roles',
  'manage_others_incoming_webhooks',
  'manage_others_outgoing_webhooks',
  'manage_slash_commands',
  'manage_others_slash_commands',
  'manage_incoming_webhooks',
  'manage_outgoing_webhooks',
  'delete_post',
  'delete_others_posts',
  'convert_public_channel_to_private',
  'convert_private_channel_to_public',
];
const CHANNEL_ADMIN = ['manage_channel_roles', 'use_group_mentions', 'manage_public_channel_banner'];
const SYSTEM_ADMIN = [
  ...new Set([
    ...SYSTEM_USER,
    ...TEAM_USER,
    ...TEAM_ADMIN,
    ...CHANNEL_USER,
    ...CHANNEL_ADMIN,
    'manage_system',
    'manage_roles',
    'edit_other_users',
    'manage_bots',
    'manage_others_bots',
    'create_bot',
    'read_bots',
    'read_others_bots',
    'assign_bot',
    'create_user_access_token',
    'read_user_access_token',
    'revoke_user_access_token',
    'manage_oauth',
    'manage_system_wide_oauth',
    'demote_to_guest',
    'promote_guest',
    'sysconsole_read_user_management_users',
    'sysconsole_write_user_management_users',
  ]),
];

const BUILT_IN: Array<[name: string, displayName: string, description: string, permissions: string[]]> = [
  ['system_user', 'authentication.roles.global_user.name', 'authentication.roles.global_user.description', SYSTEM_USER],
  [
    'system_admin',
    'authentication.roles.global_admin.name',
    'authentication.roles.global_admin.description',
    SYSTEM_ADMIN,
  ],
  [
    'system_guest',
    'authentication.roles.global_guest.name',
    'authentication.roles.global_guest.description',
    SYSTEM_GUEST,
  ],
  [
    'system_user_access_token',
    'authentication.roles.system_user_access_token.name',
    'authentication.roles.system_user_access_token.description',
    ['create_user_access_token', 'read_user_access_token', 'revoke_user_access_token'],
  ],
  ['team_user', 'authentication.roles.team_user.name', 'authentication.roles.team_user.description', TEAM_USER],
  ['team_admin', 'authentication.roles.team_admin.name', 'authentication.roles.team_admin.description', TEAM_ADMIN],
  ['team_guest', 'authentication.roles.team_guest.name', 'authentication.roles.team_guest.description', TEAM_GUEST],
  [
    'channel_user',
    'authentication.roles.channel_user.name',
    'authentication.roles.channel_user.description',
    CHANNEL_USER,
  ],
  [
    'channel_admin',
    'authentication.roles.channel_admin.name',
    'authentication.roles.channel_admin.description',
    CHANNEL_ADMIN,
  ],
  [
    'channel_guest',
    'authentication.roles.channel_guest.name',
    'authentication.roles.channel_guest.description',
    CHANNEL_GUEST,
  ],
];

/** The built-in roles, by name, each with an id of its own (as the store gives them). */
export function builtInRoles(now: number): Map<string, Role> {
  const roles = new Map<string, Role>();
  for (const [name, displayName, description, permissions] of BUILT_IN) {
    roles.set(name, {
      id: newId(),
      name,
      display_name: displayName,
      description,
      create_at: now,
      update_at: now,
      delete_at: 0,
      permissions: [...permissions],
      scheme_managed: name !== 'system_user_access_token',
      built_in: true,
    });
  }
  return roles;
}
