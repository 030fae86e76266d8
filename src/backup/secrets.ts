import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CadangError } from '../errors.js';
import { commandFailure } from './kinds/kind.js';
import { runCommand, type RunEnvironment } from './runner.js';
import { registerSecretPipe, unregisterSecretPipe } from './secret-pipe.js';
import { isProcessAlive } from './target-lock.js';
import { resolveTools } from './tools.js';

/** A password reference from the configuration. */
export interface PasswordRef {
  passwordEnv?: string;
  passwordFile?: string;
}

/** Why a secret could not be read; the message catalogue turns it into a sentence. */
export type SecretProblem = { problem: 'env-missing'; name: string } | { problem: 'file-mode'; file: string; mode: string } | { problem: 'file-missing'; file: string };

/**
 * Reads the password a reference names: an environment variable, or a file that only its owner
 * may read (mode 0600 or 0400). Returns undefined when the reference names none (password-less
 * or peer authentication). Throws CadangError("secret-unavailable") with a SecretProblem as context.
 */
export async function readPassword(ref: PasswordRef, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (ref.passwordEnv !== undefined) {
    const value = env[ref.passwordEnv];
    if (value === undefined || value === '') throw secretError({ problem: 'env-missing', name: ref.passwordEnv });
    return value;
  }
  if (ref.passwordFile !== undefined) {
    const file = ref.passwordFile;
    await checkOwnerOnly(file);
    const text = await readFile(file, 'utf8').catch(() => {
      throw secretError({ problem: 'file-missing', file });
    });
    return text.replace(/\r?\n$/, '');
  }
  return undefined;
}

/** Refuses a secret file that its group or others may read or write. */
export async function checkOwnerOnly(file: string): Promise<void> {
  const info = await stat(file).catch(() => {
    throw secretError({ problem: 'file-missing', file });
  });
  if ((info.mode & 0o077) !== 0) throw secretError({ problem: 'file-mode', file, mode: (info.mode & 0o777).toString(8).padStart(4, '0') });
}

function secretError(problem: SecretProblem): CadangError {
  return new CadangError('secret-unavailable', 'secret unavailable', { ...problem });
}

/** A private folder (0700) for the FIFOs tools meet in and read secrets from; `dispose` removes it. */
export interface SecretFolder {
  /**
   * Makes a named pipe (0600) that hands `content` to each tool naming it in its argv, and
   * returns its path. The content never rests on disk (see secret-pipe.ts).
   */
  write(name: string, content: string): Promise<string>;
  /** The path a name would have in the folder (for FIFOs and tool output). */
  path(name: string): string;
  dispose(): Promise<void>;
}

const workPrefix = `job-`;

/**
 * Creates a private folder for a job's FIFOs: under `base` (Cadang's data folder, 0700) when
 * given, else in the system's temporary folder. Its name holds the host and pid, so
 * `removeStaleWorkFolders` can tell a dead run's folder from a live one.
 */
export async function createSecretFolder(base?: string): Promise<SecretFolder> {
  let dir: string;
  if (base === undefined) dir = await mkdtemp(join(tmpdir(), 'cadang-secret-'));
  else {
    await mkdir(base, { recursive: true, mode: 0o700 });
    await chmod(base, 0o700);
    dir = await mkdtemp(join(base, `${workPrefix}${hostname()}-${process.pid}-`));
  }
  const pipes: string[] = [];
  return {
    async write(name, content) {
      const file = join(dir, name);
      if (pipes.includes(file)) {
        registerSecretPipe(file, content);
        return file;
      }
      await createFifo(file, { tools: resolveTools(), sshHosts: {} });
      pipes.push(file);
      registerSecretPipe(file, content);
      return file;
    },
    path: (name) => join(dir, name),
    async dispose() {
      for (const file of pipes) unregisterSecretPipe(file);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a FIFO (mode 0600) for tools to meet in; Node has no mkfifo of its own. */
export async function createFifo(path: string, run: RunEnvironment): Promise<string> {
  const made = await runCommand({ tool: 'mkfifo', args: ['-m', '600', '--', path] }, run);
  if (made.status !== 'ok') throw commandFailure(made);
  return path;
}

/**
 * Removes the work folders under `base` that a run on this host left when it was killed (its
 * pid is gone). Returns the names removed; a missing `base` is not an error.
 */
export async function removeStaleWorkFolders(base: string): Promise<string[]> {
  const names = await readdir(base).catch(() => [] as string[]);
  const removed: string[] = [];
  const mine = `${workPrefix}${hostname()}-`;
  for (const name of names) {
    if (!name.startsWith(mine)) continue;
    const pid = Number(name.slice(mine.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid)) continue;
    await rm(join(base, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
