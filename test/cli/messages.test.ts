import { describe, expect, it } from 'vitest';
import { cliMessages } from '../../src/cli/messages.js';
import { formatTable } from '../../src/cli/table.js';

describe('CLI wording', () => {
  it('says how late a step is as people say it', () => {
    const id = cliMessages('id');
    expect(id.late(137)).toBe('2 jam 17 menit');
    expect(id.late(60)).toBe('1 jam');
    expect(id.late(5)).toBe('5 menit');
    expect(id.late(0)).toBe('0 menit');
    expect(id.late(1440 + 180 + 7)).toBe('1 hari 3 jam');
    const en = cliMessages('en');
    expect(en.late(137)).toBe('2 hours 17 minutes');
    expect(en.late(61)).toBe('1 hour 1 minute');
    expect(en.late(2 * 1440)).toBe('2 days');
  });

  it('counts in proper English plurals', () => {
    expect(cliMessages('en').imported(1)).toBe('1 person saved.');
    expect(cliMessages('en').imported(3)).toBe('3 people saved.');
    expect(cliMessages('en').sopInvalid('a.yaml', 1)).toBe('✗ a.yaml: 1 problem');
  });

  it('pads table columns to the widest cell', () => {
    expect(formatTable(['A', 'BB'], [['xxx', 'y'], ['z', '']])).toEqual(['A    BB', 'xxx  y', 'z']);
  });
});
