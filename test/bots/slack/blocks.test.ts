import { describe, expect, it } from 'vitest';
import { blockLimits, renderMessage, splitSectionText } from '../../../src/bots/slack/blocks.js';

describe('renderMessage (Block Kit)', () => {
  it('puts the text in a plain-text section and the buttons, one row each in the core, into actions blocks of five', () => {
    const buttons = Array.from({ length: 6 }, (_, index) => [{ label: `Pilihan ${index}`, data: `d:run:1:${index}` }]);
    const body = renderMessage({ text: 'Kartu <#1> & catatan', buttons });
    expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'plain_text', text: 'Kartu <#1> & catatan', emoji: true } });
    const actions = body.blocks.filter((block) => block.type === 'actions') as Array<{ elements: Array<{ action_id: string; value: string }> }>;
    expect(actions.map((block) => block.elements.length)).toEqual([5, 1]);
    expect(actions[1]!.elements[0]).toMatchObject({ action_id: 'd:run:1:5', value: 'd:run:1:5' });
    // The notification text is mrkdwn: what the user typed must not become a link or mention.
    expect(body.text).toBe('Kartu &lt;#1&gt; &amp; catatan');
  });

  it('shortens button labels to 75 characters', () => {
    const body = renderMessage({ text: 'x', buttons: [[{ label: 'a'.repeat(100), data: 'f:send:0' }]] });
    const button = (body.blocks[1] as { elements: Array<{ text: { text: string } }> }).elements[0]!;
    expect(button.text.text).toHaveLength(blockLimits.buttonText);
    expect(button.text.text.endsWith('…')).toBe(true);
  });

  it('splits long text into sections of at most 3000 characters at line breaks, and never exceeds 50 blocks', () => {
    const line = `${'kata '.repeat(19)}kata\n`; // 100 characters
    const long = renderMessage({ text: line.repeat(100) });
    const sections = long.blocks as Array<{ text: { text: string } }>;
    expect(sections.length).toBe(4);
    expect(sections.every((section) => section.text.text.length <= 3000)).toBe(true);
    expect(sections.map((section) => section.text.text).join('\n').trimEnd()).toBe(line.repeat(100).trimEnd());

    const huge = renderMessage({ text: line.repeat(2000), buttons: [[{ label: 'Kirim', data: 'f:send:0' }]] });
    expect(huge.blocks).toHaveLength(blockLimits.blocks);
    expect(huge.blocks.at(-1)!.type).toBe('actions');
    expect((huge.blocks.at(-2) as { text: { text: string } }).text.text.endsWith('…')).toBe(true);
  });

  it('splits a word longer than a section hard', () => {
    expect(splitSectionText('x'.repeat(7000)).map((piece) => piece.length)).toEqual([3000, 3000, 1000]);
    expect(splitSectionText('')).toEqual(['']);
  });
});
