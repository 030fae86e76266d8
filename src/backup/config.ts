import { z } from 'zod';
import { isValidCron } from '../workflow/schedule.js';

/**
 * The `backup:` section of Cadang's configuration: the Daftar Backup (registered targets), the
 * storage media, the internal backup folder, tool paths and time limits. Secrets appear only as
 * references (`passwordEnv`, `passwordFile`, `identityFile`), never as values.
 */

const namePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const targetName = z
  .string()
  .regex(namePattern, 'use lower-case letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit');

const absolutePath = z.string().refine((value) => value.startsWith('/'), 'must be an absolute path (starting with "/")');

/** A password reference: the name of an environment variable or a file readable only by its owner. */
const passwordRef = {
  passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as SIMPEG_DB_PASSWORD').optional(),
  passwordFile: absolutePath.optional(),
};

/** Rejects a literal `password:` with a sentence that says what to write instead. */
function refuseLiteralPassword(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if ('password' in value) {
    ctx.addIssue({
      code: 'custom',
      path: ['password'],
      message: 'literal passwords are not allowed in the configuration; use passwordEnv: VAR_NAME or passwordFile: /path (mode 0600)',
    });
  }
  if (value.passwordEnv !== undefined && value.passwordFile !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['passwordFile'], message: 'give either passwordEnv or passwordFile, not both' });
  }
}

/** Connection settings of a database server; the password only as a reference. */
function databaseConnection(defaultPort: number) {
  return z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).default(defaultPort),
      user: z.string().min(1),
      database: z.string().min(1),
      ...passwordRef,
    })
    .passthrough()
    .superRefine(refuseLiteralPassword)
    .transform(({ host, port, user, database, passwordEnv, passwordFile }) => ({ host, port, user, database, passwordEnv, passwordFile }));
}

const postgresConnection = databaseConnection(5432);
const mysqlConnection = databaseConnection(3306);

const retentionSchema = z
  .object({
    keepLast: z.number().int().min(1).optional(),
    keepDaily: z.number().int().min(0).optional(),
    keepWeekly: z.number().int().min(0).optional(),
    keepMonthly: z.number().int().min(0).optional(),
  })
  .strict();

const commonTarget = {
  name: targetName,
  description: z.string().optional(),
  /** Words a request may use for this target (server, application or folder names); the officer maps them. */
  aliases: z.array(z.string()).default([]),
  /** An SSH host from `backup.sshHosts`; absent means this host. */
  via: z.string().optional(),
  /** Cron expression of the Jadwal Backup (read by the scheduler). */
  schedule: z.string().refine(isValidCron, 'write a cron expression of 5 fields (minute hour day month weekday), e.g. "0 2 * * 1-5", or 6 with seconds first').optional(),
  retention: retentionSchema.optional(),
  /** Where copies go: `internal` or the label of a registered medium. */
  destinations: z.array(z.string()).default(['internal']),
  /** The `cadang worker --queue NAME` that backs this target up (on the host that reaches its data); absent: the main service process. */
  worker: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "-" and "_"').optional(),
  /** How many times a backup interrupted by a stopped worker is started again (0: it ends the step as failed). */
  retries: z.number().int().min(0).max(5).default(0),
};

const filesTarget = z
  .object({
    ...commonTarget,
    kind: z.literal('files'),
    include: z.array(absolutePath).min(1, 'list at least one folder or file to back up'),
    exclude: z.array(z.string()).default([]),
  })
  .strict();

const postgresTarget = z.object({ ...commonTarget, kind: z.literal('postgres'), connection: postgresConnection }).strict();

const mysqlTarget = z.object({ ...commonTarget, kind: z.literal('mysql'), connection: mysqlConnection }).strict();

const sqliteTarget = z
  .object({ ...commonTarget, kind: z.literal('sqlite'), path: absolutePath })
  .strict()
  .refine((target) => target.via === undefined, { message: 'SQLite files are copied with the SQLite backup API on this host; remote SQLite targets are not supported', path: ['via'] });

const mirrorTarget = z
  .object({
    ...commonTarget,
    kind: z.literal('mirror'),
    /** The folder kept in sync (on `via` when set). */
    source: absolutePath,
    /** Where the mirror lives; `via` here names an SSH host for a remote mirror. */
    mirrorTo: z.object({ path: absolutePath, via: z.string().optional() }).strict(),
    exclude: z.array(z.string()).default([]),
    /** Refuse a sync that would delete more than this many files (rsync --max-delete). */
    maxDelete: z.number().int().min(0).default(1000),
  })
  .strict()
  .refine((target) => !(target.via && target.mirrorTo.via), {
    message: 'rsync cannot copy between two remote hosts: set via on the source or on mirrorTo, not both',
    path: ['mirrorTo', 'via'],
  });

/** One entry of the Daftar Backup Data dan Informasi. */
export const backupTargetSchema = z.discriminatedUnion('kind', [filesTarget, postgresTarget, mysqlTarget, sqliteTarget, mirrorTarget]);

const sshHostSchema = z
  .object({
    address: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1),
    /** Private key, mode 0600. */
    identityFile: absolutePath,
    /** known_hosts file that pins the host key; connections to unknown keys are refused. */
    knownHostsFile: absolutePath,
    connectTimeoutSeconds: z.number().int().min(1).default(10),
  })
  .strict();

const mediumSchema = z
  .object({
    label: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_" or "-"'),
    kind: z.enum(['external-disk', 'flash-disk', 'server']),
    capacityBytes: z.number().int().positive(),
    mountPoint: absolutePath,
  })
  .strict();

const toolsSchema = z
  .object({
    tar: z.string(),
    zstd: z.string(),
    du: z.string(),
    mkfifo: z.string(),
    pgDump: z.string(),
    pgRestore: z.string(),
    psql: z.string(),
    mysqlDump: z.string(),
    mysql: z.string(),
    rsync: z.string(),
    ssh: z.string(),
    setpriv: z.string(),
  })
  .partial()
  .strict()
  .default({});

export const backupConfigSchema = z
  .object({
    /** Internal backup: the folder on this server that holds copies. */
    internalFolder: z.string().default('./data/backups'),
    targets: z.array(backupTargetSchema).default([]),
    media: z.array(mediumSchema).default([]),
    sshHosts: z.record(z.string(), sshHostSchema).default({}),
    tools: toolsSchema,
    compression: z.object({ level: z.number().int().min(1).max(19).default(3), threads: z.number().int().min(0).default(0) }).strict().default({ level: 3, threads: 0 }),
    timeouts: z
      .object({
        /** A tool that produces no bytes for this long is considered stuck and stopped. */
        stallSeconds: z.number().int().min(1).default(300),
        /** Upper bound for one job. */
        maxSeconds: z.number().int().min(1).default(12 * 3600),
      })
      .strict()
      .default({ stallSeconds: 300, maxSeconds: 12 * 3600 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.targets.forEach((target, index) => {
      if (seen.has(target.name)) ctx.addIssue({ code: 'custom', path: ['targets', index, 'name'], message: `target name "${target.name}" is used twice` });
      seen.add(target.name);
      const vias = [target.via, target.kind === 'mirror' ? target.mirrorTo.via : undefined];
      for (const via of vias) {
        if (via !== undefined && !(via in config.sshHosts)) {
          ctx.addIssue({ code: 'custom', path: ['targets', index, 'via'], message: `unknown SSH host "${via}"; add it under backup.sshHosts` });
        }
      }
      target.destinations.forEach((destination, d) => {
        if (destination !== 'internal' && !config.media.some((medium) => medium.label === destination)) {
          ctx.addIssue({ code: 'custom', path: ['targets', index, 'destinations', d], message: `unknown medium "${destination}"; use "internal" or a label under backup.media` });
        }
      });
    });
  })
  .default({
    internalFolder: './data/backups',
    targets: [],
    media: [],
    sshHosts: {},
    tools: {},
    compression: { level: 3, threads: 0 },
    timeouts: { stallSeconds: 300, maxSeconds: 12 * 3600 },
  });

export type BackupConfig = z.output<typeof backupConfigSchema>;
export type BackupTarget = z.output<typeof backupTargetSchema>;
export type TargetKind = BackupTarget['kind'];
export type FilesTarget = Extract<BackupTarget, { kind: 'files' }>;
export type PostgresTarget = Extract<BackupTarget, { kind: 'postgres' }>;
export type MysqlTarget = Extract<BackupTarget, { kind: 'mysql' }>;
export type SqliteTarget = Extract<BackupTarget, { kind: 'sqlite' }>;
export type MirrorTarget = Extract<BackupTarget, { kind: 'mirror' }>;
export type SshHost = z.output<typeof sshHostSchema>;
export type StorageMediumConfig = z.output<typeof mediumSchema>;
export type RetentionPolicy = z.output<typeof retentionSchema>;
export type ToolPaths = z.output<typeof toolsSchema>;

/** Parses one target (from the database's BackupTarget.config JSON, say) with the same rules as the file. */
export function parseBackupTarget(value: unknown): BackupTarget {
  return backupTargetSchema.parse(value);
}
