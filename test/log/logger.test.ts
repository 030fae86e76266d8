import { Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CadangError } from '../../src/errors.js';
import { createLogger, withContext } from '../../src/log/logger.js';

/** A stream that keeps what the logger wrote, one entry per line. */
function collector() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { stream, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the structured logger', () => {
  it('a child logger of a run and a job writes a JSON line carrying both', () => {
    const out = collector();
    const logger = createLogger({ env: { LOG_FORMAT: 'json' }, destination: out.stream, isTty: true });
    withContext(logger, { run: 12, job: 'job-7f3a' }).info({ target: 'simpeg-db' }, 'backup.succeeded');
    const [record] = out.records();
    expect(record).toMatchObject({ level: 30, run: 12, job: 'job-7f3a', target: 'simpeg-db', msg: 'backup.succeeded' });
    expect(typeof record!.time).toBe('string');
  });

  it('leaves out a context field that is not given', () => {
    const out = collector();
    withContext(createLogger({ env: { LOG_FORMAT: 'json' }, destination: out.stream }), { run: 3 }).warn('reminder');
    expect(out.records()[0]).toMatchObject({ run: 3, msg: 'reminder' });
    expect(out.records()[0]).not.toHaveProperty('job');
  });

  it('does not repeat a field the parent already carries', () => {
    const out = collector();
    const job = withContext(createLogger({ env: { LOG_FORMAT: 'json' }, destination: out.stream }), { run: 12, job: 'job-7f3a' });
    withContext(job, { run: 12, job: 'job-7f3a' }).info('once');
    expect(out.lines[0]!.match(/"run":/g)).toHaveLength(1);
    expect(out.lines[0]!.match(/"job":/g)).toHaveLength(1);
  });

  it('writes only lines at LOG_LEVEL or above', () => {
    const out = collector();
    const logger = createLogger({ env: { LOG_LEVEL: 'warn' }, destination: out.stream, isTty: false });
    logger.debug('debug line');
    logger.info('info line');
    logger.warn('warn line');
    logger.error('error line');
    expect(out.records().map((record) => record.msg)).toEqual(['warn line', 'error line']);
  });

  it('defaults to info, is silent under a test runner, and LOG_LEVEL wins there too', () => {
    const plain = collector();
    const quiet = collector();
    const asked = collector();
    createLogger({ env: {}, destination: plain.stream, isTty: false }).info('shown');
    createLogger({ env: { VITEST: 'true' }, destination: quiet.stream, isTty: false }).error('hidden');
    createLogger({ env: { VITEST: 'true', LOG_LEVEL: 'debug' }, destination: asked.stream, isTty: false }).debug('asked for');
    expect(plain.records().map((record) => record.msg)).toEqual(['shown']);
    expect(quiet.lines).toEqual([]);
    expect(asked.records().map((record) => record.msg)).toEqual(['asked for']);
  });

  it('an unknown LOG_LEVEL logs at info and says so', () => {
    const out = collector();
    const logger = createLogger({ env: { LOG_LEVEL: 'verbose' }, destination: out.stream, isTty: false });
    logger.debug('not shown');
    logger.info('shown');
    expect(out.records().map((record) => [record.level, record.msg])).toEqual([[40, 'LOG_LEVEL is not a known level; logging at info'], [30, 'shown']]);
  });

  it('never writes the value of a password, token or secret field, even nested', () => {
    const out = collector();
    const logger = withContext(createLogger({ env: { LOG_FORMAT: 'json' }, destination: out.stream }), { run: 5 });
    logger.info({ password: 'SandiPostgres_9', config: { telegram: { token: '123456:ABC-rahasia' }, slack: { signingSecret: 'ttd-rahasia' } }, secret: 's3' }, 'configuration loaded');
    logger.child({ token: 'token-di-child' }).warn('child line');
    const text = out.lines.join('\n');
    for (const secret of ['SandiPostgres_9', '123456:ABC-rahasia', 'ttd-rahasia', 's3', 'token-di-child']) expect(text).not.toContain(secret);
    expect(out.records()[0]).toMatchObject({ run: 5, password: '[redacted]', secret: '[redacted]', config: { telegram: { token: '[redacted]' }, slack: { signingSecret: '[redacted]' } } });
  });

  it('an error is logged with its code and context, and a secret in its context is redacted', () => {
    const out = collector();
    const error = new CadangError('secret-unavailable', 'Kata sandi target simpeg-db tidak tersedia.', { target: 'simpeg-db', password: 'SandiPostgres_9' });
    withContext(createLogger({ env: { LOG_FORMAT: 'json' }, destination: out.stream }), { run: 12 }).error({ err: error }, 'backup.failed');
    expect(out.lines[0]).not.toContain('SandiPostgres_9');
    expect(out.records()[0]).toMatchObject({ run: 12, msg: 'backup.failed', err: { type: 'CadangError', code: 'secret-unavailable', message: 'Kata sandi target simpeg-db tidak tersedia.', context: { target: 'simpeg-db', password: '[redacted]' }, stack: expect.stringContaining('CadangError') } });
  });

  it('is readable, not JSON, on a terminal unless LOG_FORMAT=json', async () => {
    const out = collector();
    withContext(createLogger({ env: {}, destination: out.stream, isTty: true }), { run: 12, job: 'job-7f3a' }).info('backup.started');
    await tick();
    const text = stripVTControlCharacters(out.lines.join('\n'));
    expect(text).toContain('INFO: backup.started');
    expect(text).toMatch(/run: 12/);
    expect(() => JSON.parse(out.lines[0]!)).toThrow();
  });
});
