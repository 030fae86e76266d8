import { stat } from 'node:fs/promises';
import type { ToolName } from './argv/tools.js';
import { runCommand, type RunEnvironment } from './runner.js';

const cache = new Map<string, string>();

/** ssh has no --version; it prints its version for -V (on standard error). */
const versionArgs: Partial<Record<ToolName, readonly string[]>> = { ssh: ['-V'] };

/**
 * The first line of `TOOL --version` (`ssh -V`), cached per tool path as long as the program file
 * is the same (size and modification time: an upgrade is noticed); "unknown" when it says nothing.
 */
export async function readToolVersion(tool: ToolName, run: RunEnvironment): Promise<string> {
  const file = run.tools[tool];
  if (file === undefined) return 'missing';
  const info = await stat(file).catch(() => undefined);
  const path = `${file}\0${info?.size ?? ''}\0${info?.mtimeMs ?? ''}`;
  const cached = info === undefined ? undefined : cache.get(path);
  if (cached !== undefined) return cached;
  const result = await runCommand({ tool, args: versionArgs[tool] ?? ['--version'] }, { ...run, onCommand: undefined });
  const line = `${result.stdout}\n${result.stderr}`.split('\n').map((text) => text.replace(/\*/g, '').trim()).find((text) => text !== '') ?? 'unknown';
  cache.set(path, line);
  return line;
}
