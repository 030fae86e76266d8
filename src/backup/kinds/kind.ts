import type { BackupConfig, BackupTarget, SshHost } from '../config.js';
import type { ToolName } from '../argv/tools.js';
import type { Digest } from '../atomic-file.js';
import { classifyCommandFailure } from '../classify.js';
import type { ProgressTracker } from '../progress.js';
import type { CommandResult, RunEnvironment } from '../runner.js';
import type { SecretFolder } from '../secrets.js';
import type { BackupManifest } from '../types.js';
import { CadangError } from '../../errors.js';

/** What a kind gets to write one copy. */
export interface ProduceContext<T extends BackupTarget = BackupTarget> {
  target: T;
  run: RunEnvironment;
  /** Where the copy is written; the executor renames it after verification. */
  partialPath: string;
  /** Private 0700 folder for FIFOs (the stream, an option file served as a pipe); removed after the job. */
  work: SecretFolder;
  /** The target's password, when it has one. */
  password: string | undefined;
  compression: BackupConfig['compression'];
  progress: ProgressTracker;
  /** A FIFO made ready while the source was measured (local compressed pipelines). */
  fifo?: Promise<string>;
  /** Called once the copy's own tools have started (side work waits for it so it never delays them). */
  onToolsStarted?: () => void;
}

/** What a kind reports about the copy it wrote. */
export interface Produced {
  digest: Digest;
  tools: ToolName[];
  /** The argv that ran, for the manifest (secrets never reach argv, so nothing to redact). */
  command: string;
  details: Record<string, unknown>;
  warnings: string[];
  /**
   * Details still being gathered once the copy is written (PostgreSQL counts rows inside the
   * dump's own snapshot while the copy is verified, so the count never competes with the dump);
   * merged into the manifest before it is written. It settles in every path and releases what it
   * holds open; aborting the run's signal ends it early.
   */
  laterDetails?: Promise<Record<string, unknown>>;
}

/** What verification needs: tools and, for databases, nothing else (it reads only the copy). */
export interface VerifyContext {
  run: RunEnvironment;
  onBytes?: (read: number) => void;
}

/** One source kind: how to measure, copy and check it. */
export interface KindDriver<T extends BackupTarget = BackupTarget> {
  /** A short description of the source for manifests and the targets list. */
  describeSource(target: T): string;
  /** Estimated source bytes (tree size, database size), for the room check and progress. */
  estimate(context: Omit<ProduceContext<T>, 'partialPath'>): Promise<number | undefined>;
  /**
   * A quick upper bound of the source bytes, found without reading the source (the used bytes of
   * the file systems a local tree lives on); undefined when there is none. When the destination
   * obviously has room for it, the copy starts at once and estimate() runs beside it.
   */
  upperBound?(target: T): Promise<number | undefined>;
  produce(context: ProduceContext<T>): Promise<Produced>;
  /**
   * Re-reads a copy from its medium: SHA-256 and size compared to the manifest, plus the
   * kind's own check. Returns facts for the record; `rowCounts`, when returned, are the rows
   * counted in the copy and become the manifest's `details.rowCounts`. Throws
   * CadangError("verify-failed").
   */
  verify(path: string, manifest: BackupManifest, context: VerifyContext): Promise<Record<string, unknown>>;
}

/** Turns a failed tool into a CadangError whose code is the failure's cause. */
export function commandFailure(result: CommandResult): CadangError {
  const code = classifyCommandFailure(result);
  return new CadangError(code, `${result.display.split(' ')[0]} exited ${result.exitCode ?? result.interruption}`, {
    tool: result.tool,
    program: result.display.split(' ')[0],
    exitCode: result.exitCode,
    stderr: result.stderr.slice(-2000),
  });
}

/** Throws the verify failure a checksum or size mismatch means. */
export function compareDigest(actual: Digest, manifest: Pick<BackupManifest, 'sha256' | 'sizeBytes'>): void {
  if (actual.sizeBytes !== manifest.sizeBytes) throw new CadangError('verify-failed', 'size mismatch', { problem: 'size', expected: manifest.sizeBytes, actual: actual.sizeBytes });
  if (actual.sha256 !== manifest.sha256) throw new CadangError('verify-failed', 'checksum mismatch', { problem: 'checksum', expected: manifest.sha256, actual: actual.sha256 });
}

/**
 * When a content check fails, a damaged file is the likelier cause: re-hash it and report a
 * checksum or size mismatch first, else the content problem.
 */
export async function explainContentFailure(path: string, manifest: Pick<BackupManifest, 'sha256' | 'sizeBytes'>, problem: CadangError): Promise<never> {
  const { digestFile } = await import('../atomic-file.js');
  compareDigest(await digestFile(path), manifest);
  throw problem;
}

/** Throws verify-failed for a kind-specific problem. */
export function verifyFailure(detail: string, context: Record<string, unknown> = {}): CadangError {
  return new CadangError('verify-failed', detail, { problem: 'content', detail, ...context });
}

/** The SSH host a target runs on, if any. */
export function hostOf(run: RunEnvironment, via: string | undefined): SshHost | undefined {
  return via === undefined ? undefined : run.sshHosts[via];
}
