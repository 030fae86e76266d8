import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!);

describe('layering (STYLE.md habit 1)', () => {
  it('the workflow core and the backup executor import no chat platform', () => {
    const offenders = ['src/workflow', 'src/backup'].flatMap(sourceFiles)
      .flatMap((file) => importsOf(file).filter((name) => /^(telegraf|@slack\/)/.test(name)).map((name) => `${file} → ${name}`));
    expect(offenders).toEqual([]);
  });

  it('the workflow core does no I/O: no storage, service, bots or node:fs', () => {
    const offenders = sourceFiles('src/workflow')
      .flatMap((file) => importsOf(file).filter((name) => /(storage|service|bots)\//.test(name) || name === 'node:fs' && !file.includes('builtin')).map((name) => `${file} → ${name}`));
    expect(offenders).toEqual([]);
  });

  it('no process is started through a shell', () => {
    const offenders = sourceFiles('src').filter((file) => /shell:\s*true/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
