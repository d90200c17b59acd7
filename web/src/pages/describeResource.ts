import type { Resource } from '@medplum/fhirtypes';

type Coded = { text?: string; coding?: { display?: string; code?: string }[] };
const codeText = (c: Coded | undefined) => c?.text ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code ?? '';

/** One line for a record: its date and words (codes' displays, values with units). */
export function describeResource(resource: Resource): { id: string; date: string; text: string } {
  const r = resource as Resource & Record<string, unknown>;
  const date = String(
    r.effectiveDateTime ??
      r.onsetDateTime ??
      r.recordedDate ??
      r.authoredOn ??
      r.occurrenceDateTime ??
      r.date ??
      (r.period as { start?: string } | undefined)?.start ??
      r.meta?.lastUpdated ??
      '',
  );
  let text = codeText((r.code ?? r.vaccineCode ?? r.medicationCodeableConcept ?? r.type) as Coded);
  const quantity = r.valueQuantity as { value?: number; unit?: string } | undefined;
  if (quantity?.value !== undefined) text += `: ${quantity.value} ${quantity.unit ?? ''}`;
  if (Array.isArray(r.component))
    text += ` ${(r.component as { code?: Coded; valueQuantity?: { value?: number } }[])
      .map((c) => `${codeText(c.code)} ${c.valueQuantity?.value ?? ''}`)
      .join(', ')}`;
  if (resource.resourceType === 'Encounter')
    text = `${codeText((r.type as Coded[] | undefined)?.[0])} (${String(r.status)})`;
  return { id: `${resource.resourceType}/${resource.id}`, date, text: text.trim() || resource.resourceType };
}
