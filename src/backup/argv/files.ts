import type { FilesTarget } from '../config.js';

/** Tar member names are relative to "/" so a restore recreates the full paths under the chosen folder. */
function toMemberName(path: string): string {
  const relative = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return relative === '' ? '.' : relative;
}

/** `tar` arguments that write the target's included paths, minus its excludes, to `output` ("-" is standard output). */
export function buildTarCreateArgs(target: Pick<FilesTarget, 'include' | 'exclude'>, output = '-'): readonly string[] {
  return [
    '--create',
    `--file=${output}`,
    '--directory=/',
    '--sparse',
    ...target.exclude.map((pattern) => `--exclude=${pattern}`),
    '--',
    ...target.include.map(toMemberName),
  ];
}

/** `tar` arguments that list a zstd-compressed archive (verification); "-" reads standard input. */
export function buildTarListArgs(zstdPath: string, archive = '-'): readonly string[] {
  return ['--list', `--use-compress-program=${zstdPath}`, `--file=${archive}`];
}

/** `tar` arguments that extract a zstd-compressed archive from standard input into `folder`. */
export function buildTarExtractArgs(zstdPath: string, folder: string): readonly string[] {
  return ['--extract', `--use-compress-program=${zstdPath}`, '--file=-', `--directory=${folder}`, '--same-permissions'];
}

/** `du` arguments that measure the bytes tar will read, honouring the same excludes. */
export function buildDuArgs(target: Pick<FilesTarget, 'include' | 'exclude'>): readonly string[] {
  return ['--summarize', '--total', '--bytes', ...target.exclude.map((pattern) => `--exclude=${pattern}`), '--', ...target.include];
}
