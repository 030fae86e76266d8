import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// The layer rules (who may import whom) are checked by dependency-cruiser: see
// .dependency-cruiser.cjs and test/architecture/layers.test.ts.
describe('process hygiene', () => {
  it('no process is started through a shell', () => {
    const offenders = sourceFiles('src').filter((file) => /shell:\s*true/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
