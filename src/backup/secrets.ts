import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CadangError } from '../errors.js';

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

/** A private folder (0700) for option files; `dispose` removes it and everything in it. */
export interface SecretFolder {
  /** Writes a 0600 file and returns its path. */
  write(name: string, content: string): Promise<string>;
  /** The path a name would have in the folder (for FIFOs and tool output). */
  path(name: string): string;
  dispose(): Promise<void>;
}

/** Creates a private folder for password and option files that tools read. */
export async function createSecretFolder(): Promise<SecretFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'cadang-secret-'));
  return {
    async write(name, content) {
      const file = join(dir, name);
      await writeFile(file, content, { mode: 0o600, flag: 'wx' });
      return file;
    },
    path: (name) => join(dir, name),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
