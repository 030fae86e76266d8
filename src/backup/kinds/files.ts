import { pipeline } from 'node:stream/promises';
import type { FilesTarget } from '../config.js';
import { buildDuArgs, buildTarCreateArgs, buildTarListArgs } from '../argv/files.js';
import { digestFile } from '../atomic-file.js';
import { runCommand, startCommand } from '../runner.js';
import { usedBytesBound } from '../source-bound.js';
import { writeCompressedCopy } from './compressed-pipeline.js';
import { commandFailure, compareDigest, verifyFailure, type KindDriver } from './kind.js';

/** tar exit 1: "some files differ" (changed while being read); the copy is usable, with a warning. */
const tarWarningExits = [1] as const;

/** Files: a tar stream of the included paths, compressed with zstd. */
export const filesKind: KindDriver<FilesTarget> = {
  describeSource: (target) => target.include.map((path) => (target.via === undefined ? path : `${target.via}:${path}`)).join(', '),

  async estimate({ target, run }) {
    const result = await runCommand({ tool: 'du', args: buildDuArgs(target), via: target.via, background: true }, run);
    // du exits 1 when a path is missing; the backup itself reports that clearly, so only parse here.
    const total = /^(\d+)\s+total$/m.exec(result.stdout);
    return total ? Number(total[1]) : undefined;
  },

  upperBound: async (target) => (target.via === undefined ? usedBytesBound(target.include) : undefined),

  async produce(context) {
    const { target } = context;
    context.progress.setPhase('compress');
    const result = await writeCompressedCopy(
      context,
      target.via === undefined
        ? { piped: { tool: 'tar', args: buildTarCreateArgs(target), warningExitCodes: tarWarningExits } }
        : { remote: { tool: 'tar', args: buildTarCreateArgs(target), via: target.via, warningExitCodes: tarWarningExits } },
    );
    const warnings = result.producer.status === 'warning' ? [result.producer.stderr.trim().split('\n').slice(-5).join('\n')] : [];
    return { digest: result.digest, tools: ['tar', 'zstd'], command: result.command, details: { include: target.include, exclude: target.exclude }, warnings };
  },

  async verify(path, manifest, { run, onBytes }) {
    // The checksum re-read and `tar --list` (which decompresses with zstd, checking its frame
    // checksums, and walks every header) read the copy side by side from the medium.
    const lister = startCommand({ tool: 'tar', args: buildTarListArgs(run.tools.zstd ?? 'zstd', path) }, run, { stdout: 'pipe' });
    let entries = 0;
    const counting = pipeline(lister.stdout!, async (lines: AsyncIterable<Buffer>) => {
      for await (const chunk of lines) for (const byte of chunk) if (byte === 10) entries += 1;
    });
    const [digest, result] = await Promise.all([digestFile(path, undefined, onBytes), lister.result, counting]);
    compareDigest(digest, manifest);
    if (result.status === 'error') throw verifyFailure(`tar --list: ${result.stderr.trim().split('\n').slice(-2).join(' ') || commandFailure(result).message}`);
    if (entries === 0) throw verifyFailure('archive is empty');
    return { entries };
  },
};
