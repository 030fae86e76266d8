import { describe, expect, it } from 'vitest';
import { parseFieldAnswer } from '../../src/workflow/form-fields.js';
import { unprintableCharacters } from '../../src/workflow/printable.js';
import { sopB } from './sop-fixtures.js';

describe('names the documents cannot print are caught at entry', () => {
  const nameField = sopB.form!.fields.find((field) => field.name === 'nama')!;

  it('accepts names in the Latin, Greek and Cyrillic letters the fonts draw', () => {
    for (const name of ['Dr. Hj. Siti Nur’aini, M.Kom.', 'Ahmad Fauzan Şahin, S.T.', 'Yohanes Ñoviantoro', 'I Gusti Ngurah Rai', 'Νίκος Παπαδόπουλος', 'Дмитрий Иванов', 'Nguyễn Văn Đức']) {
      expect(unprintableCharacters(name), name).toEqual([]);
      expect(parseFieldAnswer(nameField, `  ${name} `, 'id', '2026-11-23'), name).toEqual({ ok: true, value: name });
    }
  });

  it('asks for the name as written on the SK when it holds Chinese, Arabic or Javanese script', () => {
    expect(unprintableCharacters('Tan 陈明 陈')).toEqual(['陈', '明']);
    expect(parseFieldAnswer(nameField, 'Tan 陈明', 'id', '2026-11-23')).toEqual({
      ok: false,
      message: 'Nama ini memuat huruf yang tidak dapat dicetak pada dokumen resmi (陈 明). Tulis nama seperti tertulis pada SK, dengan huruf Latin.',
    });
    expect(parseFieldAnswer(nameField, 'محمد', 'en', '2026-11-23')).toMatchObject({ ok: false, message: expect.stringMatching(/as it is written on the SK/) });
    expect(unprintableCharacters('ꦱꦸꦏꦂꦤꦺꦴ')).not.toEqual([]); // Aksara Jawa
  });
});
