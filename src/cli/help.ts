/**
 * Commander's own words (section titles, the help option, its error lines) in the CLI's locale, so
 * `cadang --help` reads in one language. Set on the program before any subcommand is added:
 * commander copies these settings to every subcommand when it is created.
 */
import { Help, type Command } from 'commander';
import type { Locale } from '../i18n/messages.js';
import { cliMessages } from './messages.js';

const titles: Record<Locale, Record<string, string>> = {
  id: { 'Usage:': 'Cara pakai:', 'Options:': 'Opsi:', 'Commands:': 'Perintah:', 'Arguments:': 'Argumen:', 'Global Options:': 'Opsi umum:' },
  en: {},
};

/** Commander's error lines, as it writes them, with their Indonesian twin. */
const errorLines: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^error: unknown command '([^']*)'/, (name) => `galat: perintah '${name}' tidak dikenal. Lihat "cadang --help".`],
  [/^error: unknown option '([^']*)'/, (flag) => `galat: opsi '${flag}' tidak dikenal. Lihat bantuan perintah ini dengan --help.`],
  [/^error: missing required argument '([^']*)'/, (name) => `galat: argumen '${name}' wajib diisi.`],
  [/^error: option '([^']*)' argument missing/, (flag) => `galat: opsi '${flag}' memerlukan nilai.`],
  [/^error: required option '([^']*)' not specified/, (flag) => `galat: opsi '${flag}' wajib diberikan.`],
  [/^error: too many arguments/, () => 'galat: terlalu banyak argumen. Lihat bantuan perintah ini dengan --help.'],
];

/** Translates one line commander writes to standard error; other lines pass unchanged. */
export function translateCommanderError(line: string, locale: Locale): string {
  if (locale === 'en') return line;
  for (const [pattern, sentence] of errorLines) {
    const match = pattern.exec(line);
    if (match) return `${sentence(...match.slice(1))}\n`;
  }
  return line;
}

/** Puts commander's words in `locale` on `program` (and, through inheritance, its subcommands). */
export function localizeCommander(program: Command, locale: Locale): Command {
  const t = cliMessages(locale);
  const placeholders = (usage: string) => usage.replace('[options]', t.usageOptions()).replace('[command]', t.usageCommand());
  return program
    .helpOption('-h, --help', t.helpOption())
    .helpCommand(`help ${t.usageCommand()}`, t.helpCommand())
    .configureHelp({
      styleTitle: (title) => titles[locale][title] ?? title,
      // Commander's usage line, with its two English placeholders in the locale.
      commandUsage: (command) => placeholders(new Help().commandUsage(command)),
      subcommandTerm: (command) => placeholders(new Help().subcommandTerm(command)),
    })
    .configureOutput({ outputError: (text, write) => write(translateCommanderError(text, locale)) });
}
