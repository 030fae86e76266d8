import { describe, expect, it } from 'vitest';
import { buildDecisionModal, buildFormModal, readDecision, readFormAnswers, validateForm } from '../../../src/bots/slack/modals.js';
import { DefinitionRegistry } from '../../../src/service/definitions.js';

const definition = DefinitionRegistry.load([], '.', 'id').latestOf('sop_b_backup_server')!;
const form = definition.form!;
const satker = ['Biro Umum', 'Pusat Teknologi Keselamatan Reaktor Nuklir'];

describe('the FM 001 modal', () => {
  it('has one input per field, and reads back what was typed', () => {
    const modal = buildFormModal({ definitionKey: definition.key, title: 'Layanan Backup Server', form, locale: 'en', satker, defaults: { satker: 'Biro Umum', nama: 'Siti' }, today: '2026-11-23' });
    expect(modal.title.text).toBe('Backup request');
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    const inputs = modal.blocks.filter((block) => block.type === 'input');
    expect(inputs).toHaveLength(form.fields.length);
    const answers = readFormAnswers({
      tanggal: { value: { type: 'datepicker', selected_date: '2026-11-24' } },
      satker: { value: { type: 'static_select', selected_option: { value: '1' } } },
      nama: { value: { type: 'plain_text_input', value: 'Siti Rahmawati' } },
      nama_server: { value: { type: 'plain_text_input', value: null } },
    }, form, satker);
    expect(answers).toMatchObject({ tanggal: '2026-11-24', satker: 'Pusat Teknologi Keselamatan Reaktor Nuklir', nama: 'Siti Rahmawati', nama_server: '', nip: '' });
  });

  it('validates with the chat form\'s checks: every problem at once, in the person\'s language; good answers normalised', () => {
    const answers = { tanggal: '2026-11-23', satker: 'Biro Umum', nama: 'Siti', nomor_hp: '0812-3456-7890', nip: '1992 0229 2015 0320 01', email: 'Siti@Contoh.go.id', nama_server: '', nama_aplikasi: '', nama_folder: 'data', alasan: 'Sebelum migrasi server' };
    const good = validateForm(form, answers, 'id', '2026-11-23');
    expect(good).toEqual({ ok: true, answers: expect.objectContaining({ nomor_hp: '+6281234567890', nip: '199202292015032001', email: 'siti@contoh.go.id' }) });
    // A reason goes into the letters: "uji" is too short, as in the chat form.
    const bad = validateForm(form, { ...answers, nip: '123', nama: '', nama_folder: '', alasan: 'uji' }, 'en', '2026-11-23');
    expect(bad.ok).toBe(false);
    expect(Object.keys((bad as { errors: Record<string, string> }).errors).sort()).toEqual(['alasan', 'nama', 'nama_server', 'nip']);
    expect((bad as { errors: Record<string, string> }).errors.nama).toBe('This field is required.');
  });
});

describe('decision modals', () => {
  const metadata = { instanceId: 'run-1', stepId: 'proses_administrator', choiceId: 'ditindaklanjuti' };
  const targets = Array.from({ length: 3 }, (_, index) => ({ name: `target-${index}`, description: `Target ${index}` }));

  it('targets as checkboxes (up to ten), a medium as radio buttons, more as selects; the reason when asked', () => {
    const pick = buildDecisionModal({ locale: 'id', metadata, choiceLabel: 'Ditindaklanjuti', intro: 'x', reason: 'none', select: { what: 'targets', options: targets } });
    expect(pick.callback_id).toBe('cadang-select');
    expect(JSON.parse(pick.private_metadata!)).toEqual(metadata);
    expect(pick.blocks.map((block) => (block as { element?: { type: string } }).element?.type)).toEqual([undefined, 'checkboxes']);
    const many = buildDecisionModal({ locale: 'id', metadata, choiceLabel: 'x', intro: 'x', reason: 'none', select: { what: 'targets', options: Array.from({ length: 12 }, (_, index) => ({ name: `t${index}` })) } });
    expect((many.blocks[1] as { element: { type: string } }).element.type).toBe('multi_static_select');
    const medium = buildDecisionModal({ locale: 'id', metadata, choiceLabel: 'x', intro: 'x', reason: 'required', select: { what: 'medium', options: [{ name: 'HDD-PTID-01' }] } });
    expect(medium.blocks.map((block) => (block as { element?: { type: string } }).element?.type)).toEqual([undefined, 'radio_buttons', 'plain_text_input']);
    // Targets the run already has (a schedule's) start ticked, as the same options.
    const ticked = buildDecisionModal({ locale: 'id', metadata, choiceLabel: 'x', intro: 'x', reason: 'none', select: { what: 'targets', options: targets, selected: [targets[1]!.name] } });
    const element = (ticked.blocks[1] as { element: { options: unknown[]; initial_options?: unknown[] } }).element;
    expect(element.initial_options).toEqual([element.options[1]]);
    expect((pick.blocks[1] as { element: { initial_options?: unknown } }).element.initial_options).toBeUndefined();
    const reason = buildDecisionModal({ locale: 'id', metadata, choiceLabel: 'Tolak', intro: 'x', reason: 'required' });
    expect(reason.callback_id).toBe('cadang-reason');
    expect((reason.blocks[1] as { optional: boolean }).optional).toBe(false);
  });

  it('reads the picks and the reason, or says what is missing', () => {
    const select = { what: 'targets' as const, options: targets };
    expect(readDecision({ selection: { value: { type: 'checkboxes', selected_options: [{ value: '0' }, { value: '2' }] } } }, { locale: 'id', reason: 'optional', select }))
      .toEqual({ ok: true, reason: undefined, inputs: { targets: ['target-0', 'target-2'] } });
    expect(readDecision({ selection: { value: { type: 'radio_buttons', selected_option: { value: '0' } } } }, { locale: 'id', reason: 'optional', select: { what: 'medium', options: [{ name: 'HDD-PTID-01' }] } }))
      .toEqual({ ok: true, reason: undefined, inputs: { medium: 'HDD-PTID-01' } });
    expect(readDecision({}, { locale: 'en', reason: 'required', select })).toEqual({ ok: false, errors: { reason: 'A reason is required for this choice.', selection: 'Choose at least one target.' } });
    expect(readDecision({ reason: { value: { type: 'plain_text_input', value: ' Media penuh ' } } }, { locale: 'id', reason: 'required' })).toEqual({ ok: true, reason: 'Media penuh', inputs: undefined });
  });
});
