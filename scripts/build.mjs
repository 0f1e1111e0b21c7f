// npm run build: the library build for bundlers (tsc, with declarations) and
// dist/bisman-chat.js, one self-contained ES module for a <script type="module">.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    lib: { entry: 'src/bundle.ts', formats: ['es'], fileName: () => 'bisman-chat.js' },
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
console.log('built dist/ and dist/bisman-chat.js');
