import type { MirrorTarget, SshHost } from '../config.js';
import { buildSshOptionArgs, quoteForRemoteShell } from './ssh.js';

interface MirrorEnds {
  /** The SSH host of the source, when it is remote. */
  sourceHost?: SshHost;
  /** The SSH host of the mirror, when it is remote. */
  mirrorHost?: SshHost;
}

function location(path: string, host: SshHost | undefined): string {
  return host === undefined ? path : `${host.address}:${path}`;
}

/**
 * `rsync` arguments that make the mirror equal to the source (deleting what the source no longer
 * has, at most `maxDelete` files) and itemise every change on standard output.
 */
export function buildRsyncArgs(target: Pick<MirrorTarget, 'source' | 'mirrorTo' | 'exclude' | 'maxDelete'>, ends: MirrorEnds, options: { dryRun: boolean }): readonly string[] {
  const remote = ends.sourceHost ?? ends.mirrorHost;
  const source = target.source.endsWith('/') ? target.source : `${target.source}/`;
  return [
    '--archive',
    '--delete',
    `--max-delete=${target.maxDelete}`,
    '--itemize-changes',
    '--stats',
    '--no-human-readable',
    ...(options.dryRun ? ['--dry-run'] : []),
    ...(remote === undefined ? [] : [`--rsh=ssh ${buildSshOptionArgs(remote).map(quoteForRemoteShell).join(' ')}`]),
    ...target.exclude.map((pattern) => `--exclude=${pattern}`),
    '--',
    location(source, ends.sourceHost),
    location(target.mirrorTo.path, ends.mirrorHost),
  ];
}
