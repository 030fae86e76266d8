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

/** Work folders under Cadang's data folder, and in the system's temporary folder. */
const workPrefix = 'job-';
const tmpPrefix = 'cadang-secret-';
/**
 * What versions before the named pipes left in /tmp: option files with plaintext passwords.
 * Such a folder is recognised by its name and by holding nothing but what they wrote there.
 */
const legacyTmpFolder = /^cadang-secret-[A-Za-z0-9]{6}$/;
const legacyNames = new Set(['my.cnf', 'pgpass', 'stream.fifo']);

async function holdsOnly(dir: string, names: ReadonlySet<string>): Promise<boolean> {
  const entries = await readdir(dir).catch(() => undefined);
  return entries !== undefined && entries.every((entry) => names.has(entry));
}

/**
 * Creates a private (0700) folder for a job's FIFOs: under `base` (Cadang's data folder) when
 * given, else in the system's temporary folder. Its name holds the host and pid; creating one
 * first removes the folders beside it whose run is dead (`removedStale` names them), so a
 * killed run's leftovers never outlive the next start.
 */
export async function createSecretFolder(base?: string): Promise<SecretFolder & { removedStale: string[] }> {
  const parent = base ?? tmpdir();
  const prefix = base === undefined ? tmpPrefix : workPrefix;
  if (base !== undefined) {
    await mkdir(base, { recursive: true, mode: 0o700 });
    await chmod(base, 0o700);
  }
  const removedStale = await removeStaleWorkFolders(parent, prefix);
  const dir = await mkdtemp(join(parent, `${prefix}${hostname()}-${process.pid}-`));
  const pipes: string[] = [];
  return {
    removedStale,
    async write(name, content) {
      const file = join(dir, name);
      if (!pipes.includes(file)) {
        await createFifo(file, { tools: resolveTools(), sshHosts: {} });
        pipes.push(file);
      }
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
 * Removes the work folders in `parent` that a run on this host left when it was killed (its pid
 * is gone), and in the temporary folder those of versions that wrote option files there.
 * Returns the names removed; what cannot be read or removed is left alone.
 */
export async function removeStaleWorkFolders(parent: string, prefix = workPrefix): Promise<string[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const removed: string[] = [];
  const mine = `${prefix}${hostname()}-`;
  for (const name of names) {
    let stale = prefix === tmpPrefix && legacyTmpFolder.test(name) && (await holdsOnly(join(parent, name), legacyNames));
    if (name.startsWith(mine)) {
      const pid = Number(name.slice(mine.length).split('-')[0]);
      stale = Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid);
    }
    if (!stale) continue;
    if (await rm(join(parent, name), { recursive: true, force: true }).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}
