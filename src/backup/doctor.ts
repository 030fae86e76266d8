import { access } from 'node:fs/promises';
import type { BackupConfig, BackupTarget } from './config.js';
import { debianPackageOf, defaultToolFiles, type ToolName } from './argv/tools.js';
import { describeFailure } from './failure-message.js';
import { commandFailure } from './kinds/kind.js';
import { mysqlAuth, queryMysql } from './kinds/mysql.js';
import { postgresAuthEnv, queryPostgres } from './kinds/postgres.js';
import { runCommand, type RunEnvironment } from './runner.js';
import { createSecretFolder, readPassword } from './secrets.js';
import { readToolVersion } from './tool-versions.js';
import { resolveTools } from './tools.js';
import type { Locale } from '../i18n/messages.js';
import { CadangError, isCadangError } from '../errors.js';
import { freeBytes, isMediumPresent } from './destination.js';

/** One tool as doctor found it. */
export interface ToolCheck {
  tool: ToolName;
  program: string;
  path?: string;
  version?: string;
  /** The Debian package to install when it is missing. */
  debianPackage: string;
}

/** Whether a target's source answers now. */
export interface TargetCheck {
  target: string;
  reachable: boolean;
  problem?: string;
}

/** Which tools are present (with versions) and which are missing (with their Debian package). */
export async function checkTools(config: Pick<BackupConfig, 'tools' | 'sshHosts'>): Promise<ToolCheck[]> {
  const tools = resolveTools(config.tools);
  const run: RunEnvironment = { tools, sshHosts: config.sshHosts };
  const names = Object.keys(defaultToolFiles) as ToolName[];
  return Promise.all(
    names.map(async (tool) => ({
      tool,
      program: tools[tool]?.split('/').pop() ?? defaultToolFiles[tool].join(' / '),
      path: tools[tool],
      version: tools[tool] === undefined ? undefined : await readToolVersion(tool, run),
      debianPackage: debianPackageOf[tool],
    })),
  );
}

/**
 * Checks that a target's source can be reached right now: a local path exists; a database
 * answers `SELECT 1` with the configured credentials; an SSH host accepts the key.
 */
export async function checkTarget(target: BackupTarget, config: BackupConfig, options: { locale?: Locale; env?: NodeJS.ProcessEnv } = {}): Promise<TargetCheck> {
  const locale = options.locale ?? 'id';
  const run: RunEnvironment = { tools: resolveTools(config.tools), sshHosts: config.sshHosts, signal: AbortSignal.timeout(20_000) };
  const work = await createSecretFolder();
  try {
    if (target.via !== undefined) {
      const result = await runCommand({ tool: 'du', args: ['--version'], via: target.via }, run);
      if (result.status !== 'ok') throw commandFailure(result);
    }
    switch (target.kind) {
      case 'files':
        if (target.via === undefined) for (const path of target.include) await access(path).catch(() => fail('source-missing'));
        break;
      case 'mirror':
        if (target.via === undefined) await access(target.source).catch(() => fail('source-missing'));
        break;
      case 'sqlite':
        await access(target.path).catch(() => fail('source-missing'));
        break;
      case 'postgres': {
        const password = await readPassword(target.connection, options.env);
        await queryPostgres(target, target.connection.database, 'SELECT 1', await postgresAuthEnv(target, password, work), run);
        break;
      }
      case 'mysql': {
        const password = await readPassword(target.connection, options.env);
        await queryMysql(target, target.connection.database, 'SELECT 1', await mysqlAuth(target, password, work), run);
        break;
      }
    }
    return { target: target.name, reachable: true };
  } catch (error) {
    if (!isCadangError(error)) throw error;
    return { target: target.name, reachable: false, problem: describeFailure(error.code as never, error.context, target.name, '', locale) };
  } finally {
    await work.dispose();
  }
}

function fail(code: 'source-missing'): never {
  throw new CadangError(code, code);
}

/** The tools each kind of target runs (backup, verify, restore), and ssh for a remote source or mirror. */
const toolsOfKind: Record<BackupTarget['kind'], ToolName[]> = {
  files: ['tar', 'zstd'],
  postgres: ['pgDump', 'pgRestore', 'psql', 'zstd'],
  mysql: ['mysqlDump', 'mysql', 'zstd'],
  sqlite: [],
  mirror: ['rsync'],
};

/** The tools the registered targets need. */
export function toolsNeededBy(target: BackupTarget): ToolName[] {
  const remote = target.via !== undefined || (target.kind === 'mirror' && target.mirrorTo.via !== undefined);
  return [...toolsOfKind[target.kind], ...(remote ? (['ssh'] as ToolName[]) : [])];
}

/** Everything doctor checked; `healthy` is false when something a target needs is missing or unreachable. */
export interface DoctorReport {
  healthy: boolean;
  tools: Array<ToolCheck & { neededBy: string[]; ok: boolean }>;
  media: Array<{ label: string; mountPoint: string; mounted: boolean; freeBytes?: number; neededBy: string[]; ok: boolean }>;
  targets: TargetCheck[];
}

/**
 * Checks tools, media and targets together. A missing tool or an absent medium counts against
 * health only when a registered target needs it (a medium: a target names it as a destination);
 * every target must be reachable.
 */
export async function runDoctor(config: BackupConfig, options: { locale?: Locale; env?: NodeJS.ProcessEnv } = {}): Promise<DoctorReport> {
  const neededBy = (wanted: (target: BackupTarget) => boolean) => config.targets.filter(wanted).map((target) => target.name);
  const tools = (await checkTools(config)).map((tool) => {
    const needers = neededBy((target) => toolsNeededBy(target).includes(tool.tool));
    return { ...tool, neededBy: needers, ok: tool.version !== undefined || needers.length === 0 };
  });
  const media = (await checkMedia(config)).map((medium, index) => {
    const needers = neededBy((target) => target.destinations.includes(medium.label));
    return { ...medium, mountPoint: config.media[index]!.mountPoint, neededBy: needers, ok: medium.mounted || needers.length === 0 };
  });
  const targets: TargetCheck[] = [];
  for (const target of config.targets) targets.push(await checkTarget(target, config, options));
  const healthy = tools.every((tool) => tool.ok) && media.every((medium) => medium.ok) && targets.every((target) => target.reachable);
  return { healthy, tools, media, targets };
}

/** Whether each registered medium is mounted (label file present) and its free space. */
export async function checkMedia(config: Pick<BackupConfig, 'media'>): Promise<{ label: string; mounted: boolean; freeBytes?: number }[]> {
  return Promise.all(
    config.media.map(async (medium) => {
      const mounted = await isMediumPresent(medium);
      return { label: medium.label, mounted, freeBytes: mounted ? await freeBytes(medium.mountPoint) : undefined };
    }),
  );
}
