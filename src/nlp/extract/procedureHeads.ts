import type { Token } from '../deid/tokenize.ts';

// A condition word that modifies one of these names a procedure or a programme, not a finding: "depression
// screening", "influenza vaccine", "asthma education", "sleep apnea assessment".
const PROCEDURE_HEADS = new Set([
  'screening',
  'screen',
  'vaccine',
  'vaccination',
  'immunization',
  'education',
  'assessment',
  'management',
  'care',
  'monitoring',
  'test',
  'testing',
  'panel',
  'clinic',
  'prevention',
  'prophylaxis',
  'program',
  'therapy',
]);

/** Whether the phrase ending at token `last` is the modifier of a procedure name ("depression screening"). */
export function modifiesProcedure(tokens: readonly Token[], last: number): boolean {
  return PROCEDURE_HEADS.has(tokens[last + 1]?.text.toLowerCase() ?? '');
}
