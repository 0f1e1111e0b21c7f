// Servers under load run in their own Node process, so the load generator never shares
// their event loop. A child prints one JSON line ({url, ...}) once it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child<T> {
  info: T;
  process: ChildProcess;
  close(): Promise<void>;
}

export async function startChild<T>(
  script: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<Child<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start in ${timeoutMs} ms: ${stderr.trim().slice(-300)}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      const lines = stderr
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const reason = lines.find((l) => /Error|error:/.test(l)) ?? lines.slice(-2).join(' / ');
      reject(new Error(`${script} exited with ${code}: ${reason.slice(0, 300)}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${script} printed ${line.slice(0, 200)}`));
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    info,
    process: child,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** For the child side: print where we listen, and stop cleanly on SIGTERM. */
export function announce(info: object, close: () => unknown): void {
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.once('SIGTERM', () => {
    void Promise.resolve(close()).finally(() => process.exit(0));
  });
}
