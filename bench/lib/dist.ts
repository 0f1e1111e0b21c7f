// The page bundle (dist/bisman-chat.js and dist/chunks/) that the size and browser parts
// measure: built once per bench run by `npm run build`, into a private copy.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build as esbuild } from 'esbuild';
import { trimClient4Plugin } from '../../scripts/client4-trim.mjs';
import { minifyCssLiterals } from '../../scripts/css-literals.mjs';

const run = promisify(execFile);

export interface PageBundle {
  /** The folder holding bisman-chat.js and chunks/. */
  dir: string;
  /** Set when `npm run build` failed and this is its bundle step alone (no compile hints). */
  note?: string;
}

/** The bundle step of scripts/build.mjs alone (esbuild, same options), into outDir. */
async function bundleAlone(outDir: string): Promise<void> {
  await esbuild({
    entryPoints: { 'bisman-chat': 'src/bundle.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [minifyCssLiterals, trimClient4Plugin()],
    logLevel: 'silent',
  });
}

/**
 * `npm run build`, then a private copy of the page bundle's files, read at once: other
 * people's builds empty dist/ too. One retry when the build fails or the file is gone.
 */
async function buildFresh(copyDir: string): Promise<string | undefined> {
  let failure = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await run('npm', ['run', 'build'], { maxBuffer: 64 * 2 ** 20, timeout: 300_000 });
      cpSync('dist', copyDir, {
        recursive: true,
        filter: (source) => source.endsWith('.js') || statSync(source).isDirectory(),
      });
      if (existsSync(path.join(copyDir, 'bisman-chat.js'))) return undefined;
      failure = 'dist/bisman-chat.js missing after npm run build';
    } catch (error) {
      const output =
        String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
      const lines = output
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const errors = lines.filter((l) => /error TS\d+|^Error|error:|ENOENT/i.test(l));
      failure = `npm run build failed: ${(errors.length ? `${errors.length} error line(s), first: ${errors[0]}` : lines.slice(-2).join(' / ') || (error instanceof Error ? error.message : '')).slice(0, 240)}`;
    }
  }
  return failure;
}

let built: Promise<PageBundle> | undefined;
const copyDir = path.join(os.tmpdir(), `bisman-bench-dist-${process.pid}`);

/**
 * The page bundle, built on first use. When `npm run build` fails (often someone's work in
 * progress fails the type check), its bundle step alone, with a note; rejects when that
 * fails too.
 */
export function pageBundle(): Promise<PageBundle> {
  built ??= (async () => {
    rmSync(copyDir, { recursive: true, force: true });
    const failure = await buildFresh(copyDir);
    if (!failure) return { dir: copyDir };
    const aloneDir = path.join(copyDir, 'alone');
    try {
      await bundleAlone(aloneDir);
    } catch (error) {
      throw new Error(
        `${failure}; the bundle step alone failed too: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
      );
    }
    return { dir: aloneDir, note: `${failure}; measured on its bundle step alone (no compile hints)` };
  })();
  return built;
}

/** Removes the copy (at the end of the run). */
export function removePageBundle(): void {
  built = undefined;
  rmSync(copyDir, { recursive: true, force: true });
}
