import type { BackupTarget, StorageMediumConfig, TargetKind } from './config.js';

/** What a running job is doing: dumping a database, compressing a tree, flushing to disk, verifying. */
export type BackupPhase = 'estimate' | 'dump' | 'compress' | 'write' | 'verify';

/** A progress report of a running job; the chat renders it as a progress message. */
export interface BackupProgress {
  target: string;
  phase: BackupPhase;
  /** Source bytes processed so far (uncompressed). */
  bytesDone: number;
  /** Estimated source size measured before the start; undefined when unknown. */
  bytesTotal?: number;
  /** 0–100, only when a total is known. */
  percent?: number;
  /** Bytes per second over the job so far. */
  rateBytesPerSecond: number;
  /** Seconds left at the current rate, when a total is known. */
  etaSeconds?: number;
}

/** Where a copy is written: the internal backup folder or a registered storage medium. */
export type BackupDestination =
  | { kind: 'internal'; folder: string }
  | { kind: 'medium'; medium: StorageMediumConfig };

/** Why a job failed; SOP steps and the chat branch on these codes, users read the message. */
export type FailureCode =
  | 'tool-missing'
  | 'secret-unavailable'
  | 'auth-failed'
  | 'privilege-missing'
  | 'host-unreachable'
  | 'source-missing'
  | 'source-unreadable'
  | 'disk-full'
  | 'medium-removed'
  | 'target-busy'
  | 'timeout'
  | 'verify-failed'
  | 'mirror-delete-limit'
  | 'tool-failed';

/** The manifest written beside every copy (`NAME.manifest.json`); it is the copy's commit marker. */
export interface BackupManifest {
  formatVersion: 1;
  target: string;
  kind: TargetKind;
  /** File name of the copy, relative to the manifest's folder. */
  file: string;
  host: string;
  source: string;
  mediumLabel?: string;
  startedAt: { utc: string; wib: string };
  finishedAt: { utc: string; wib: string };
  sizeBytes: number;
  sha256: string;
  /** Estimated source size used for the room check and progress. */
  sourceBytes?: number;
  tools: { name: string; version: string }[];
  /** The command line(s) run, as argv arrays joined for reading, with secrets removed. */
  command: string;
  /** Kind-specific facts: table row counts at dump time, number of tar entries, rsync changes … */
  details: Record<string, unknown>;
  warnings: string[];
}

/** A finished, verified copy. */
export interface BackupCopyResult {
  path: string;
  manifestPath: string;
  sizeBytes: number;
  sha256: string;
  mediumLabel?: string;
  manifest: BackupManifest;
}

/** How a job ended. Medium-absent and not-enough-room are SOP A branches, not crashes. */
export type BackupOutcome =
  | { status: 'succeeded'; copy: BackupCopyResult; warnings: string[] }
  | { status: 'medium-absent'; mediumLabel: string; message: string }
  | { status: 'not-enough-room'; mediumLabel?: string; requiredBytes: number; availableBytes: number; message: string }
  | { status: 'failed'; code: FailureCode; message: string; detail?: string }
  | { status: 'cancelled'; message: string };

export type { BackupTarget };
