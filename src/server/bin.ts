#!/usr/bin/env node
// bisman-chat-auth: the auth server from environment variables.
import { ConfigError, DEMO_LOGIN_WARNING, loadConfig, startAuthServer } from './node.js';

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error('bisman-chat-auth: configuration problems:');
    for (const problem of err.problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  throw err;
}

if (config.demoLogin) console.error(`bisman-chat-auth: WARNING: ${DEMO_LOGIN_WARNING}`);
// Weak settings accepted outside production (in production they are problems above).
for (const warning of config.warnings) console.error(`bisman-chat-auth: WARNING: ${warning}`);

try {
  const server = await startAuthServer(config);
  try {
    await server.service.prepare();
  } catch (err) {
    await server.close();
    throw err;
  }
  console.error(`bisman-chat-auth listening on ${server.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`bisman-chat-auth: ${signal}, closing`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  console.error(`bisman-chat-auth: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
