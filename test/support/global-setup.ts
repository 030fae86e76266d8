// Runs once per `vitest run`, in the main process, before any worker starts.
//
// Why: integration suites need the machine's PostgreSQL and MariaDB, but a laptop without them
// must still run the rest. So we probe each server once, tell the workers what answered (through
// provide/inject, and by unsetting the variable of a server that did not), and print one line
// saying which suites are skipped. Under CI=true a missing server is a broken machine, not a
// reason to skip, so the run fails instead.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { dropMariadbDatabases, listMariadbDatabases, probeMariadb } from './mariadb-admin.js';
import { dropPostgresDatabases, listPostgresDatabases, probePostgres } from './postgres-admin.js';
import { MARIADB_ENV, POSTGRES_ENV, redactUrl, scratchPrefix, type ProbedServices } from './service-urls.js';

interface ServiceCheck {
  label: string;
  env: string;
  probe(url: string): Promise<string | undefined>;
}

const checks: readonly ServiceCheck[] = [
  { label: 'PostgreSQL', env: POSTGRES_ENV, probe: probePostgres },
  { label: 'MariaDB', env: MARIADB_ENV, probe: probeMariadb },
];

/** Probes the services, shares the result with the workers; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outcomes = await Promise.all(checks.map(async (check) => ({ check, ...(await checkService(check)) })));
  const missing = outcomes.filter((outcome) => outcome.url === undefined);

  if (missing.length > 0) {
    const reasons = missing.map(({ check, reason }) => `${check.label} ${reason}`);
    if (process.env.CI === 'true') {
      throw new Error(
        `cadang tests: CI=true but ${reasons.join('; ')}. ` +
          `Start the missing service (commands in shared/TOOLCHAIN.md) and set ${missing.map(({ check }) => check.env).join(' and ')}.`,
      );
    }
    const skipped = missing.map(({ check }) => `${check.label} suites`).join(' and ');
    console.log(`cadang tests: ${reasons.join('; ')}, skipping ${skipped}`);
    // Workers inherit this process's environment: code that reads the variable directly must
    // see the same answer as `hasPostgres` / `hasMariadb`.
    for (const { check } of missing) delete process.env[check.env];
  }

  const services: ProbedServices = {
    postgresUrl: outcomes.find(({ check }) => check.env === POSTGRES_ENV)?.url,
    mariadbUrl: outcomes.find(({ check }) => check.env === MARIADB_ENV)?.url,
    runId: `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`,
  };
  project.provide('cadangServices', services);
  return () => dropLeftovers(services);
}

async function checkService(check: ServiceCheck): Promise<{ url?: string; reason?: string }> {
  const url = process.env[check.env]?.trim();
  if (!url) return { reason: `not configured (${check.env} is not set)` };
  const failure = await check.probe(url);
  if (failure !== undefined) return { reason: `not reachable at ${redactUrl(url)} (${failure})` };
  return { url };
}

// Scratch databases carry this run's id, so a crashed or careless suite leaves nothing behind
// and a teammate's concurrent run on the same server is never touched.
async function dropLeftovers(services: ProbedServices): Promise<void> {
  const prefix = scratchPrefix(services.runId);
  const jobs: Promise<void>[] = [];
  if (services.postgresUrl) {
    const url = services.postgresUrl;
    jobs.push(listPostgresDatabases(url, prefix).then((names) => dropPostgresDatabases(url, names)));
  }
  if (services.mariadbUrl) {
    const url = services.mariadbUrl;
    jobs.push(listMariadbDatabases(url, prefix).then((names) => dropMariadbDatabases(url, names)));
  }
  const results = await Promise.allSettled(jobs);
  for (const result of results) {
    if (result.status === 'rejected') console.warn(`cadang tests: could not drop leftover scratch databases: ${String(result.reason)}`);
  }
}
