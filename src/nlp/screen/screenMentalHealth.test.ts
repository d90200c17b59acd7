import { describe, expect, it } from 'vitest';
import { SCREEN_NOTICE, screenMentalHealth } from './screenMentalHealth.ts';

describe('screenMentalHealth', () => {
  it('scores affirmed PHQ-9 items, raised by frequency words, with the phrases and offsets that drove them', () => {
    const text = 'I feel hopeless nearly every day. Trouble sleeping most nights and I am always tired.';
    const screen = screenMentalHealth(text);
    expect(screen.items.map((i) => [i.item, i.points])).toEqual([
      [2, 3],
      [3, 2],
      [4, 3],
    ]);
    expect(screen.score).toBe(8);
    expect(screen.band).toBe('mild');
    expect(screen.escalate).toBe(false);
    for (const item of screen.items)
      for (const e of item.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(screen.explanation).toContain('"hopeless"');
    expect(screen.notice).toBe(SCREEN_NOTICE);
  });

  it("sets aside denied and relatives' symptoms and does not score them", () => {
    const screen = screenMentalHealth(
      'Denies depressed mood or anhedonia. Mother has depression. Reports fatigue.',
    );
    expect(screen.items.map((i) => i.item)).toEqual([4]);
    expect(screen.score).toBe(1);
    expect(screen.setAside.map((s) => [s.text, s.assertion])).toEqual([
      ['depressed mood', 'negated'],
      ['anhedonia', 'negated'],
      ['depression', 'family'],
    ]);
  });

  it('always escalates self-harm language, even suspected, but not when denied', () => {
    const affirmed = screenMentalHealth('Sometimes I think everyone would be better off dead without me.');
    expect(affirmed.escalate).toBe(true);
    expect(affirmed.band).toBe('minimal');
    expect(affirmed.explanation).toMatch(/^Self-harm/);
    expect(screenMentalHealth('Possible suicidal ideation, to be assessed.').escalate).toBe(true);
    const denied = screenMentalHealth('Denies SI/HI. Mood good.');
    expect(denied.escalate).toBe(false);
    expect(denied.setAside[0]).toMatchObject({ text: 'SI', assertion: 'negated', item: 9 });
  });

  it('reaches the severe band only with many strong items, and reads procedure names as no symptom', () => {
    const severe = screenMentalHealth(
      'Feels hopeless every day. No interest in anything, constantly. Exhausted all the time. Cannot sleep every ' +
        'night. Poor appetite every day. Feels worthless every day. Cannot concentrate every day.',
    );
    expect(severe.score).toBeGreaterThanOrEqual(20);
    expect(severe.band).toBe('severe');
    expect(screenMentalHealth('Depression screening (procedure) done.').items).toEqual([]);
  });
});
