// Browser entry: registers the elements and exports the public types.
import './define.js';

export type { DemoUser } from './shared/demo-users.js';
