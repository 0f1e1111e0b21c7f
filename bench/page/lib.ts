// The bench page with the library build (src/index.ts) bundled into it, as an app with a
// bundler ships the widget: the opening part measures it beside the page bundle.
import '../../src/index.js';
import './main.js';
