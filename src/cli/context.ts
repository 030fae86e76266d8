import type { Locale } from '../i18n/messages.js';
import type { CadangConfig } from '../config/schema.js';
import type { Database } from '../storage/database.js';
import type { DatabaseReader } from '../storage/database-reader.js';
import type { DefinitionRegistry } from '../service/definitions.js';

/**
 * What every CLI command module gets. Commands load configuration and open the database only
 * when they need them, so `cadang sop validate FILE` works without a database.
 */
export interface CliContext {
  locale: Locale;
  /** Loads and validates configuration (environment + optional file); exits with every problem listed. */
  loadConfig(): Promise<CadangConfig>;
  /** Opens (and migrates) the configured database, runs `work`, then closes it. */
  withDatabase<T>(work: (db: Database, config: CadangConfig) => Promise<T>): Promise<T>;
  /**
   * Opens (and migrates) the configured database for reads through its driver alone, without
   * Prisma's client (start time of short read-only commands). Its configuration skips the holiday
   * files (`calendar.holidays` holds the file's own entries only): such commands use no calendar.
   */
  withReader<T>(work: (reader: DatabaseReader, config: CadangConfig) => Promise<T>): Promise<T>;
  /** The SOP definitions: the built-ins plus the configuration's own files. */
  definitions(): Promise<DefinitionRegistry>;
  /** Writes a line to standard output. */
  print(text: string): void;
}
