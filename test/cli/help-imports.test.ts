// `cadang --help` must stay cheap to start: it imports commander and the message tables, and none
// of the heavy packages the commands load when they run. Checked on the sources (the bundle keeps
// each dynamic import a separate chunk), by listing every module the process resolves.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cadang-help-imports-'));
const list = join(dir, 'resolved.txt');
writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(${JSON.stringify(list)}, result.url + '\\n');\n  return result;\n}\n`);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cadang --help', () => {
  it('imports none of zod, yaml, pino, Prisma, the database drivers, PDF or chat packages', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CADANG_LOCALE;
    delete env.CADANG_CONFIG;
    // tsx registers first, so this hook sees the sources' imports as resolved.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', join(dir, 'register.mjs'), 'src/cli/main.ts', '--help'], { env });
    expect(stdout).toMatch(/^Cara pakai: cadang/);
    const packages = new Set(readFileSync(list, 'utf8').split('\n').map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]).filter(Boolean));
    expect(packages.has('commander')).toBe(true);
    for (const heavy of ['zod', 'yaml', 'pino', 'pino-pretty', '@prisma/client', 'better-sqlite3', 'pg', 'pdf-lib', 'telegraf', '@slack/bolt', 'execa', 'csv-parse', 'node-cron', 'croner']) {
      expect(packages.has(heavy), heavy).toBe(false);
    }
  });
});
