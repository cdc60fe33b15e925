// A re-indexing child process for tests, labelled like a bot shard on another machine and stopped
// where its script prints PAUSED (inside the embed stage), so another process can look at it.
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './env.js';

/** Runs `script args…` under tsx and resolves once it prints PAUSED (rejects if it exits first). */
export function pausedChild(script: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, DOSSIER_PROCESS_LABEL: 'shard 1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('PAUSED')) resolve(child);
    });
    child.stderr!.on('data', (d) => (err += d));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before pausing:\n${out}\n${err}`)));
  });
}
