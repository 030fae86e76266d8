import type { ToolName } from './argv/tools.js';
import { runCommand, type RunEnvironment } from './runner.js';

const cache = new Map<string, string>();

/** ssh has no --version; it prints its version for -V (on standard error). */
const versionArgs: Partial<Record<ToolName, readonly string[]>> = { ssh: ['-V'] };

/** The first line of `TOOL --version` (`ssh -V`), cached per tool path; "unknown" when it says nothing. */
export async function readToolVersion(tool: ToolName, run: RunEnvironment): Promise<string> {
  const path = run.tools[tool];
  if (path === undefined) return 'missing';
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const result = await runCommand({ tool, args: versionArgs[tool] ?? ['--version'] }, { ...run, onCommand: undefined });
  const line = `${result.stdout}\n${result.stderr}`.split('\n').map((text) => text.replace(/\*/g, '').trim()).find((text) => text !== '') ?? 'unknown';
  cache.set(path, line);
  return line;
}
