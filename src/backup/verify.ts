import { stat } from 'node:fs/promises';
import type { Locale } from '../i18n/messages.js';
import { isCadangError } from '../errors.js';
import type { BackupConfig } from './config.js';
import { listStoredCopies, readManifest } from './copy-store.js';
import { destinationRoot, isMediumPresent, resolveDestination } from './destination.js';
import { driverFor } from './kinds/index.js';
import { backupMessages } from './messages.js';
import type { RunEnvironment } from './runner.js';
import { resolveTools, type ResolvedTools } from './tools.js';
import type { BackupManifest, BackupTarget } from './types.js';

/** The result of re-checking one copy against its manifest. */
export interface VerifyResult {
  path: string;
  ok: boolean;
  /** A sentence for the user when not ok. */
  problem?: string;
  details?: Record<string, unknown>;
  manifest?: BackupManifest;
}

/** Options of `cadang verify`. */
export interface VerifyOptions {
  config: BackupConfig;
  locale?: Locale;
  tools?: ResolvedTools;
  signal?: AbortSignal;
  onBytes?: (read: number) => void;
}

/**
 * Re-checks one copy later: the file's size and SHA-256 against its manifest, then the kind's
 * own check (tar listing, pg_restore --list, dump completion line, SQLite integrity_check).
 */
export async function verifyCopy(path: string, options: VerifyOptions): Promise<VerifyResult> {
  const m = backupMessages(options.locale ?? 'id');
  const manifest = await readManifest(path);
  if (manifest === undefined) return { path, ok: false, problem: m.manifestMissing(path) };
  const present = await stat(path).then(() => true, () => false);
  if (!present) return { path, ok: false, problem: m.copyMissing(), manifest };
  const run: RunEnvironment = { tools: options.tools ?? resolveTools(options.config.tools), sshHosts: options.config.sshHosts, signal: options.signal };
  try {
    const details = await driverFor({ kind: manifest.kind } as BackupTarget).verify(path, manifest, { run, onBytes: options.onBytes });
    return { path, ok: true, details, manifest };
  } catch (error) {
    if (!isCadangError(error)) throw error;
    const problem = error.context.problem === 'checksum' ? m.checksumMismatch() : error.context.problem === 'size' ? m.sizeMismatch() : String(error.context.detail ?? error.message);
    return { path, ok: false, problem, manifest };
  }
}

/** Verifies every committed copy on a medium (or the internal folder, label "internal"). */
export async function verifyMedium(label: string, options: VerifyOptions): Promise<VerifyResult[] | { absent: true; message: string }> {
  const m = backupMessages(options.locale ?? 'id');
  const destination = resolveDestination(options.config, label);
  if (destination === undefined) return { absent: true, message: m.unknownDestination(label) };
  if (destination.kind === 'medium' && !(await isMediumPresent(destination.medium))) {
    return { absent: true, message: m.mediumAbsent(destination.medium.label, destination.medium.mountPoint) };
  }
  const results: VerifyResult[] = [];
  for (const copy of await listStoredCopies(destinationRoot(destination))) results.push(await verifyCopy(copy.path, options));
  return results;
}
