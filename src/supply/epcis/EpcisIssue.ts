/**
 * One problem found in an EPCIS capture, located by its JSON path (`epcisBody.eventList[3].epcList[0]`). `invalid`
 * means the input breaks EPCIS 2.0 or CBV; `not-supported` means valid EPCIS that is not a custody event Caduceus
 * records (e.g. a TransformationEvent, or a bizStep other than the five custody steps).
 */
export type EpcisIssue = {
  path: string;
  message: string;
  code: 'invalid' | 'not-supported';
};

/** Formats a path of keys and indexes the way a developer reads it: `epcisBody.eventList[3].epcList[0]`. */
export function formatEpcisPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

/** The one-line form of an issue: `path: message` (or the message alone at the root). */
export function describeEpcisIssue(issue: EpcisIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
