// The auth server in its own process, configured from the environment like the bin.
import { loadConfig, startAuthServer } from '../../src/server/node.js';
import { announce } from '../lib/child.js';

const config = loadConfig(process.env);
const server = await startAuthServer(config, { port: 0, host: '127.0.0.1' });
announce({ url: server.url }, () => server.close());
