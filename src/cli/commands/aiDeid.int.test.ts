import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const caduceus = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 1 << 24 });

const dir = mkdtempSync(join(tmpdir(), 'caduceus-deid-'));
const note = join(dir, 'note.txt');
const text =
  'Pt seen by Dr. Halvorsen on 3/14/2015; wife Margit called from 410-555-1212.\n' +
  'MRN: 12345678. 92 yo man, lives in Glenwood.\n';
writeFileSync(note, text);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type DeidJson = { text: string; spans: { start: number; end: number; type: string }[] };

describe('caduceus ai deid', () => {
  it('prints the de-identified note and ends with text and spans as JSON', async () => {
    const { stdout } = await caduceus('ai', 'deid', '--in', note, '--json');
    const last = JSON.parse(stdout.trim().split('\n').at(-1) as string) as DeidJson;
    expect(Object.keys(last).sort()).toEqual(['spans', 'text']);
    expect(stdout.startsWith(last.text)).toBe(true);
    const found = last.spans.map((s) => `${s.type}:${text.slice(s.start, s.end)}`);
    for (const phi of [
      'NAME:Halvorsen',
      'DATE:3/14/2015',
      'NAME:Margit',
      'PHONE:410-555-1212',
      'ID:12345678',
      'AGE:92',
      'LOCATION:Glenwood',
    ])
      expect(found).toContain(phi);
    for (const s of last.spans) expect(Object.keys(s).sort()).toEqual(['end', 'start', 'type']);
    for (const secret of ['Halvorsen', 'Margit', '3/14/2015', '555-1212', '12345678', 'Glenwood'])
      expect(last.text).not.toContain(secret);
    expect(last.text).toContain('Dr. [NAME] on [DATE]');
  }, 60_000);

  it('writes surrogates with --surrogates', async () => {
    const { stdout } = await caduceus(
      'ai',
      'deid',
      '--in',
      note,
      '--surrogates',
      '--shift-days',
      '-10',
      '--json',
    );
    const last = JSON.parse(stdout.trim().split('\n').at(-1) as string) as DeidJson;
    expect(last.text).toContain('3/4/2015');
    expect(last.text).not.toContain('[NAME]');
    expect(last.text).not.toContain('Halvorsen');
  }, 60_000);

  it('fails with a clear message for a missing file', async () => {
    await expect(caduceus('ai', 'deid', '--in', join(dir, 'none.txt'))).rejects.toMatchObject({
      stderr: expect.stringMatching(/Cannot read the note/),
    });
  }, 60_000);
});
