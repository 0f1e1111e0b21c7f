// The machine's description for the top of bench/results.md.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { chromiumPath } from './chromium.js';

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath(), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown (not found)';
  }
}

export function describeMachine(): string {
  const cpus = os.cpus();
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores (shared with other work while this ran; figures are medians)`,
    `- Memory: ${memory} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node: ${process.version}`,
    `- Chromium: ${chromiumVersion()}, headless`,
  ].join('\n');
}
