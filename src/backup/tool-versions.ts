import { randomUUID } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { ToolName } from './argv/tools.js';
import { runCommand, type RunEnvironment } from './runner.js';

/** Known versions by program file (path, size, modification time), per cache file ('' for memory only). */
const caches = new Map<string, Promise<Map<string, string>>>();

/** ssh has no --version; it prints its version for -V (on standard error). */
const versionArgs: Partial<Record<ToolName, readonly string[]>> = { ssh: ['-V'] };

/**
 * The first line of `TOOL --version` (`ssh -V`), cached per tool path as long as the program file
 * is the same (size and modification time: an upgrade is noticed); "unknown" when it says nothing.
 * With `cacheFile` the versions are also kept on disk: each `cadang backup run` is a new process,
 * and asking a tool costs a process start, which on a small copy held up the copy's own hashing.
 */
export async function readToolVersion(tool: ToolName, run: RunEnvironment, cacheFile = ''): Promise<string> {
  const file = run.tools[tool];
  if (file === undefined) return 'missing';
  const info = await stat(file).catch(() => undefined);
  const key = `${file}\0${info?.size ?? ''}\0${info?.mtimeMs ?? ''}`;
  const known = await knownVersions(cacheFile);
  const cached = info === undefined ? undefined : known.get(key);
  if (cached !== undefined) return cached;
  const result = await runCommand({ tool, args: versionArgs[tool] ?? ['--version'], background: true }, { ...run, onCommand: undefined });
  const line = `${result.stdout}\n${result.stderr}`.split('\n').map((text) => text.replace(/\*/g, '').trim()).find((text) => text !== '') ?? 'unknown';
  known.set(key, line);
  if (cacheFile !== '' && info !== undefined) await keepVersions(cacheFile, known);
  return line;
}

function knownVersions(cacheFile: string): Promise<Map<string, string>> {
  let known = caches.get(cacheFile);
  if (known === undefined) {
    known = cacheFile === '' ? Promise.resolve(new Map()) : readVersionsFile(cacheFile);
    caches.set(cacheFile, known);
  }
  return known;
}

/** The versions kept in `cacheFile`; none when it is missing or damaged (they are asked again). */
async function readVersionsFile(cacheFile: string): Promise<Map<string, string>> {
  try {
    const kept: unknown = JSON.parse(await readFile(cacheFile, 'utf8'));
    return new Map(Object.entries(kept !== null && typeof kept === 'object' ? kept : {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return new Map();
  }
}

/** Replaces the cache file whole (a reader never sees half of it); losing it costs only a lookup. */
async function keepVersions(cacheFile: string, known: Map<string, string>): Promise<void> {
  const partial = `${cacheFile}.${randomUUID()}.partial`;
  await writeFile(partial, JSON.stringify(Object.fromEntries(known)))
    .then(() => rename(partial, cacheFile))
    .catch(() => {});
}
