import { describe, expect, it } from 'vitest';
import { checkForm, formatFieldValue, parseFieldAnswer } from '../../src/workflow/form-fields.js';
import type { FormField } from '../../src/workflow/definition-schema.js';
import { sopB, validRequestForm } from './sop-fixtures.js';

const dateField: FormField = { name: 'tanggal', type: 'date', label: { id: 'Tanggal', en: 'Date' }, required: true };
const today = '2026-11-23';

describe('date fields', () => {
  it.each([
    '31 Desember 2026', '31 desember 2026', '31 Des 2026', '31-12-2026', '31/12/2026', '31.12.2026', '2026-12-31', ' 31  Desember  2026 ',
  ])('accept %j as people write it in Indonesian, and store 2026-12-31', (answer) => {
    expect(parseFieldAnswer(dateField, answer, 'id', today)).toEqual({ ok: true, value: '2026-12-31' });
  });

  it.each(['31 December 2026', 'December 31, 2026', 'Dec 31 2026', '31 Dec 2026', '31/12/2026', '2026-12-31'])('accept %j in English', (answer) => {
    expect(parseFieldAnswer(dateField, answer, 'en', today)).toEqual({ ok: true, value: '2026-12-31' });
  });

  it('knows every Indonesian month, including Agustus and Nopember', () => {
    const months = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'Nopember', 'Desember'];
    months.forEach((month, index) => {
      expect(parseFieldAnswer(dateField, `1 ${month} 2026`, 'id', today)).toEqual({ ok: true, value: `2026-${String(index + 1).padStart(2, '0')}-01` });
    });
    expect(parseFieldAnswer(dateField, '17 Agt 2026', 'id', today)).toEqual({ ok: true, value: '2026-08-17' });
  });

  it('takes "hari ini" and "today" as the requester\'s date', () => {
    expect(parseFieldAnswer(dateField, 'Hari ini', 'id', today)).toEqual({ ok: true, value: today });
    expect(parseFieldAnswer(dateField, 'today', 'en', today)).toEqual({ ok: true, value: today });
  });

  it.each(['31 Februari 2026', '30-02-2026', '31 Desemberr 2026', '12/31/2026', '2026/31/12', 'besok', '31 12'])('refuses %j, with the example in the form the default is shown in', (answer) => {
    const check = parseFieldAnswer(dateField, answer, 'id', today);
    expect(check).toEqual({ ok: false, message: expect.stringContaining(`Tulis seperti ${formatFieldValue(dateField, today)}`) });
  });

  it('shows a stored date as people write it, in the same form as the example', () => {
    expect(formatFieldValue(dateField, '2026-12-31')).toBe('31-12-2026');
    
    expect(parseFieldAnswer(dateField, 'x', 'en', today)).toEqual({ ok: false, message: expect.stringContaining('like 23-11-2026') });
    // What is shown is accepted back as it is.
    expect(parseFieldAnswer(dateField, formatFieldValue(dateField, today), 'id', today)).toEqual({ ok: true, value: today });
    expect(formatFieldValue({ ...dateField, type: 'text' }, 'srv-simpeg')).toBe('srv-simpeg');
  });

  it('checkForm accepts a whole form whose date is written in words', () => {
    expect(checkForm(sopB.form!, { ...validRequestForm, tanggal: '23 November 2026' }, 'id', today)).toEqual({});
    expect(checkForm(sopB.form!, { ...validRequestForm, tanggal: '31 Nopember 2026' }, 'id', today)).toHaveProperty('tanggal');
  });
});
