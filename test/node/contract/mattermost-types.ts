// The @mattermost/types shapes that the contract tests check. ts-json-schema-generator
// reads this file (see schemas.ts) and emits one JSON Schema definition per shape, under
// the shape's own name (UserProfile, Post...). Aliases rather than re-exports, so that
// the generator walks only these types and not every type of each module.
// Nothing imports this file at run time.
import type { UserAutocomplete } from '@mattermost/types/autocomplete';
import type { ChannelMembership, ChannelUnread, ChannelViewResponse, ServerChannel } from '@mattermost/types/channels';
import type { StatusOK } from '@mattermost/types/client4';
import type { FileInfo, FileUploadResponse } from '@mattermost/types/files';
import type { PaginatedPostList, Post, PostList } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { Role } from '@mattermost/types/roles';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Bot } from '@mattermost/types/bots';
import type { Team, TeamMembership, TeamUnread } from '@mattermost/types/teams';
import type { UserAccessToken, UserProfile, UserStatus } from '@mattermost/types/users';

export type ContractUserProfile = UserProfile;
export type ContractUserAutocomplete = UserAutocomplete;
export type ContractUserStatus = UserStatus;
export type ContractUserAccessToken = UserAccessToken;
export type ContractTeam = Team;
export type ContractTeamMembership = TeamMembership;
export type ContractTeamUnread = TeamUnread;
export type ContractChannel = ServerChannel;
export type ContractChannelMembership = ChannelMembership;
export type ContractChannelUnread = ChannelUnread;
export type ContractChannelViewResponse = ChannelViewResponse;
export type ContractPost = Post;
export type ContractPostList = PostList;
export type ContractPaginatedPostList = PaginatedPostList;
export type ContractReaction = Reaction;
export type ContractFileInfo = FileInfo;
export type ContractFileUploadResponse = FileUploadResponse;
export type ContractStatusOK = StatusOK;
export type ContractRole = Role;
export type ContractPreferenceType = PreferenceType;
export type ContractBot = Bot;
