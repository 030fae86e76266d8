import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ToolPaths } from './config.js';
import { defaultToolFiles, type ToolName } from './argv/tools.js';

/** Absolute paths of the tools found on this host; a missing tool is simply absent. */
export type ResolvedTools = Partial<Record<ToolName, string>>;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a program on PATH (or checks an absolute path); undefined when it is not there. */
export function findExecutable(file: string, path = process.env.PATH ?? ''): string | undefined {
  if (isAbsolute(file)) return isExecutable(file) ? file : undefined;
  for (const dir of path.split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, file))) return join(dir, file);
  }
  return undefined;
}

/** Resolves every tool once: the configured path, else the first default name found on PATH. */
export function resolveTools(configured: ToolPaths = {}, path?: string): ResolvedTools {
  const resolved: ResolvedTools = {};
  for (const [name, candidates] of Object.entries(defaultToolFiles) as [ToolName, readonly string[]][]) {
    const wanted = configured[name];
    const found = wanted !== undefined ? findExecutable(wanted, path) : candidates.map((candidate) => findExecutable(candidate, path)).find(Boolean);
    if (found !== undefined) resolved[name] = found;
  }
  return resolved;
}
