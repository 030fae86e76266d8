// Shared between global-setup (main process) and services (workers): the names both sides agree on.

/** Environment variable naming the PostgreSQL server the integration suites may use. */
export const POSTGRES_ENV = 'CADANG_TEST_POSTGRES_URL';
/** Environment variable naming the MariaDB/MySQL server the integration suites may use. */
export const MARIADB_ENV = 'CADANG_TEST_MARIADB_URL';

/** What global-setup found, handed to every test worker through vitest's provide/inject. */
export interface ProbedServices {
  /** Reachable PostgreSQL admin URL, or undefined when its suites are skipped. */
  postgresUrl?: string;
  /** Reachable MariaDB admin URL, or undefined when its suites are skipped. */
  mariadbUrl?: string;
  /** Marks scratch databases of this run so teardown drops only its own leftovers. */
  runId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cadangServices: ProbedServices;
  }
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** Prefix of every scratch database a test run creates: `cadangtest_<runId>_…`. */
export function scratchPrefix(runId: string): string {
  return `cadangtest_${runId}_`;
}
