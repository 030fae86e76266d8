import { writeFile } from 'node:fs/promises';
import type { MirrorTarget } from '../config.js';
import { buildDuArgs } from '../argv/files.js';
import { buildRsyncArgs } from '../argv/mirror.js';
import { digestFile, syncFile } from '../atomic-file.js';
import { readProcessReadBytes } from '../progress.js';
import { runCommand, startCommand, type RunEnvironment } from '../runner.js';
import { commandFailure, compareDigest, hostOf, verifyFailure, type KindDriver } from './kind.js';
import { CadangError } from '../../errors.js';

/** What an rsync run changed, from its itemised output. */
export interface MirrorChanges {
  created: number;
  updated: number;
  deleted: number;
  lines: string[];
}

/** Reads rsync's `--itemize-changes` lines: `>f+++++++++ new`, `>f.st...... changed`, `*deleting old`. */
export function parseItemizedChanges(stdout: string): MirrorChanges {
  const lines = stdout.split('\n').filter((line) => /^([<>ch.*][fdLDS]|\*deleting)/.test(line));
  let created = 0;
  let updated = 0;
  let deleted = 0;
  for (const line of lines) {
    if (line.startsWith('*deleting')) deleted += 1;
    else if (/^[<>c][fdLDS]\+{9}/.test(line)) created += 1;
    // `.d..t......`: no data sent, but attributes (time, mode, owner) changed; still a change.
    else updated += 1;
  }
  return { created, updated, deleted, lines };
}

/** rsync exit 24: source files vanished during the run (a live tree); the mirror is still consistent. */
const rsyncWarningExits = [24] as const;

function rsyncSpec(target: MirrorTarget, run: RunEnvironment, dryRun: boolean) {
  return { tool: 'rsync' as const, args: buildRsyncArgs(target, { sourceHost: hostOf(run, target.via), mirrorHost: hostOf(run, target.mirrorTo.via) }, { dryRun }), warningExitCodes: rsyncWarningExits };
}

/**
 * Mirror: keeps `mirrorTo` equal to `source` with rsync -a --delete. A dry run first counts what
 * would be deleted and refuses beyond `maxDelete` (a wiped source must not wipe the mirror).
 * The copy Cadang keeps is the change report; the mirror itself lives at `mirrorTo`.
 */
export const mirrorKind: KindDriver<MirrorTarget> = {
  describeSource: (target) => `${target.via === undefined ? '' : `${target.via}:`}${target.source} -> ${target.mirrorTo.via === undefined ? '' : `${target.mirrorTo.via}:`}${target.mirrorTo.path}`,

  async estimate({ target, run }) {
    const result = await runCommand({ tool: 'du', args: buildDuArgs({ include: [target.source], exclude: target.exclude }), via: target.via }, run);
    const total = /^(\d+)\s+total$/m.exec(result.stdout);
    return total ? Number(total[1]) : undefined;
  },

  async produce({ target, run, partialPath, progress }) {
    progress.setPhase('dump');
    const planned = await runCommand(rsyncSpec(target, run, true), run);
    // Exit 25: even the dry run hit --max-delete.
    if (planned.exitCode === 25) throw new CadangError('mirror-delete-limit', 'delete limit', { limit: target.maxDelete });
    if (planned.status === 'error') throw commandFailure(planned);
    const plan = parseItemizedChanges(planned.stdout);
    if (plan.deleted > target.maxDelete) throw new CadangError('mirror-delete-limit', `would delete ${plan.deleted} files`, { wouldDelete: plan.deleted, limit: target.maxDelete });

    const running = startCommand(rsyncSpec(target, run, false), run, { stdout: 'pipe' });
    let stdout = '';
    running.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const poller = target.via === undefined ? setInterval(() => void readProcessReadBytes(running.pid).then((bytes) => bytes !== undefined && progress.setDone(bytes)), 250) : undefined;
    const result = await running.result;
    if (poller !== undefined) clearInterval(poller);
    if (result.exitCode === 25) throw new CadangError('mirror-delete-limit', 'delete limit', { limit: target.maxDelete });
    if (result.status === 'error') throw commandFailure(result);
    const changes = parseItemizedChanges(stdout);
    await writeFile(partialPath, `${changes.lines.join('\n')}\n`, { flag: 'wx', mode: 0o640 });
    await syncFile(partialPath);
    const digest = await digestFile(partialPath);
    return {
      digest,
      tools: ['rsync'],
      command: running.display,
      details: { mirrorTo: target.mirrorTo, created: changes.created, updated: changes.updated, deleted: changes.deleted, report: 'the copy file lists every change' },
      warnings: result.status === 'warning' ? [result.stderr.trim().split('\n').slice(-3).join('\n')] : [],
    };
  },

  async verify(path, manifest, { onBytes }) {
    // The report is the copy: its checksum is checked. The mirror's equality with a live source
    // is checked by the next run's dry run, not here (the source may have moved on).
    compareDigest(await digestFile(path, undefined, onBytes), manifest);
    if (typeof manifest.details.mirrorTo !== 'object') throw verifyFailure('manifest has no mirror destination');
    return { report: 'ok' };
  },
};
