import { describe, expect, it } from 'vitest';
import { parseNip } from '../../src/people/nip.js';
import { normalizeMobile } from '../../src/people/mobile.js';

describe('parseNip', () => {
  it('accepts a real NIP, with the spaces letters print, and splits it', () => {
    expect(parseNip('19850412 201001 1 003')).toEqual({
      ok: true,
      nip: '198504122010011003',
      parts: { birthDate: '1985-04-12', appointment: '2010-01', gender: 'L', sequence: '003' },
    });
    expect(parseNip('199002292015032001')).toMatchObject({ ok: false, problem: 'birth-date' }); // 1990 is no leap year
    expect(parseNip('199202292015032001')).toMatchObject({ ok: true, parts: { gender: 'P' } });
  });

  it.each([
    ['1985041220100110', 'length'],
    ['19850412201001100A', 'length'],
    ['198513122010011003', 'birth-date'],
    ['198504322010011003', 'birth-date'],
    ['198504122010131003', 'appointment'],
    ['198504122010001003', 'appointment'],
    ['198504121970011003', 'appointment'],
    ['198504122010013003', 'gender'],
    ['198504122010010003', 'gender'],
  ] as const)('refuses %s (%s)', (nip, problem) => {
    expect(parseNip(nip)).toEqual({ ok: false, problem });
  });
});

describe('normalizeMobile', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['62 812 3456 7890', '+6281234567890'],
    ['+62 812 3456 789', '+628123456789'],
    ['(0812) 345 6789', '+628123456789'],
  ])('stores %s as %s', (input, stored) => {
    expect(normalizeMobile(input)).toBe(stored);
  });

  it.each(['0212345678', '12345', '+1 415 555 0100', '08123', 'nomor saya'])('refuses %s', (input) => {
    expect(normalizeMobile(input)).toBeUndefined();
  });
});
