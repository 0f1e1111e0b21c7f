/**
 * The emulator's server configuration: the part of `model.Config`
 * (`server/public/model/config.go`) that the emulator honours, the client configuration
 * derived from it (`config.GenerateLimitedClientConfig`/`GenerateClientConfig`, served by
 * `GET /config/client?format=old`), and the merge `PUT /config/patch` does.
 */
import { SERVER_VERSION } from './core.js';

export interface EmulatorConfig {
  ServiceSettings: {
    SiteURL: string;
    EnableUserAccessTokens: boolean;
    EnableBotAccountCreation: boolean;
    EnableCustomEmoji: boolean;
    CollapsedThreads: string;
    MaximumLoginAttempts: number;
    EnableOpenServer: boolean;
  };
  TeamSettings: {
    SiteName: string;
    EnableUserCreation: boolean;
    TeammateNameDisplay: string;
    MaxUsersPerTeam: number;
  };
  FileSettings: { EnableFileAttachments: boolean; MaxFileSize: number };
  PrivacySettings: { ShowEmailAddress: boolean; ShowFullName: boolean };
  LocalizationSettings: { DefaultClientLocale: string };
}

/** A patch: any subset of the sections and their settings. */
export type ConfigPatch = { [S in keyof EmulatorConfig]?: Partial<EmulatorConfig[S]> };

export function defaultConfig(input: {
  siteUrl: string;
  maxFileSize: number;
  maximumLoginAttempts: number;
}): EmulatorConfig {
  return {
    ServiceSettings: {
      SiteURL: input.siteUrl,
      EnableUserAccessTokens: true,
      // Off by default on a real server too (model/config.go): POST /bots answers 403 until enabled.
      EnableBotAccountCreation: false,
      // model/config.go SetDefaults: on by default since Mattermost 5.x.
      EnableCustomEmoji: true,
      CollapsedThreads: 'disabled',
      MaximumLoginAttempts: input.maximumLoginAttempts,
      EnableOpenServer: false,
    },
    TeamSettings: {
      SiteName: 'Mattermost',
      EnableUserCreation: true,
      TeammateNameDisplay: 'username',
      MaxUsersPerTeam: 50,
    },
    FileSettings: { EnableFileAttachments: true, MaxFileSize: input.maxFileSize },
    PrivacySettings: { ShowEmailAddress: true, ShowFullName: true },
    LocalizationSettings: { DefaultClientLocale: 'en' },
  };
}

/**
 * `config` with `patch` merged in, as `model.Config` decodes JSON over a copy: unknown
 * sections and settings are ignored; a known setting of the wrong type is refused (the
 * server's JSON decode fails, 400). Returns undefined for a refused patch.
 */
export function mergeConfig(config: EmulatorConfig, patch: unknown): EmulatorConfig | undefined {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return undefined;
  const next = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const [section, values] of Object.entries(patch as Record<string, unknown>)) {
    // Own keys only: JSON.parse makes `__proto__` an ordinary key, which must not reach a prototype.
    if (!Object.hasOwn(next, section)) continue;
    const target = next[section]!;
    if (values === null || values === undefined) continue;
    if (typeof values !== 'object' || Array.isArray(values)) return undefined;
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (!Object.hasOwn(target, key) || value === null) continue;
      if (typeof value !== typeof target[key]) return undefined;
      if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
      target[key] = value;
    }
  }
  return next as unknown as EmulatorConfig;
}

/** What the server's build and license say, beside its settings. */
export interface ServerFacts {
  /** Enterprise Edition's build says it is enterprise-ready; Team Edition's does not. */
  readonly enterpriseReady: boolean;
  /** `GuestAccountsSettings.Enable`, which only a license with guest accounts allows. */
  readonly guestAccounts: boolean;
}

/** The client configuration (`format=old`: every value a string). */
export function clientConfigOf(
  config: EmulatorConfig,
  facts: ServerFacts = { enterpriseReady: false, guestAccounts: false },
): Record<string, string> {
  const { ServiceSettings: service, TeamSettings: team, FileSettings: files, PrivacySettings: privacy } = config;
  return {
    AboutLink: '',
    AllowCustomThemes: 'true',
    BuildDate: '',
    BuildEnterpriseReady: String(facts.enterpriseReady),
    BuildHash: 'emulator',
    BuildNumber: SERVER_VERSION,
    CollapsedThreads: service.CollapsedThreads,
    DefaultClientLocale: config.LocalizationSettings.DefaultClientLocale,
    DiagnosticsEnabled: 'false',
    EnableBotAccountCreation: String(service.EnableBotAccountCreation),
    EnableChannelViewedMessages: 'true',
    EnableCustomEmoji: String(service.EnableCustomEmoji),
    EnableFileAttachments: String(files.EnableFileAttachments),
    EnableGuestAccounts: String(facts.guestAccounts),
    EnableOpenServer: String(service.EnableOpenServer),
    EnablePublicLink: 'false',
    EnableUserAccessTokens: String(service.EnableUserAccessTokens),
    EnableUserCreation: String(team.EnableUserCreation),
    ExperimentalPrimaryTeam: '',
    FeatureFlagWebSocketEventScope: 'true',
    MaxFileSize: String(files.MaxFileSize),
    MaxPostSize: '16383',
    ShowEmailAddress: String(privacy.ShowEmailAddress),
    ShowFullName: String(privacy.ShowFullName),
    SiteName: team.SiteName,
    SiteURL: service.SiteURL,
    TeammateNameDisplay: team.TeammateNameDisplay,
    Version: SERVER_VERSION,
    WebsocketPort: '80',
    WebsocketSecurePort: '443',
    WebsocketURL: '',
  };
}
