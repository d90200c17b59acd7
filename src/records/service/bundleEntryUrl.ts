import { outcomes } from '../../fhir/operationOutcome.ts';
import { FhirOutcomeError } from './errors.ts';

/** What a Bundle entry's `request.url` names: a type (with a query), a resource, a version, or a history. */
export type BundleEntryTarget = {
  resourceType: string;
  id?: string;
  versionId?: string;
  history?: boolean;
  params: [string, string][];
};

/**
 * Parses `Patient`, `Patient?identifier=…`, `Patient/1`, `Patient/1/_history`, `Patient/1/_history/2` (relative,
 * or absolute under this server's base URL). Anything else is a 400 naming the entry's URL.
 */
export function bundleEntryUrl(url: string, baseUrl: string): BundleEntryTarget {
  const relative = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length + 1) : url;
  const [path = '', query] = relative.split('?', 2) as [string, string | undefined];
  const params = [...new URLSearchParams(query ?? '')];
  const segments = path.split('/');
  const [resourceType, id, history, versionId] = segments;
  const valid =
    resourceType !== undefined &&
    /^[A-Z][A-Za-z]{0,63}$/.test(resourceType) &&
    segments.length <= 4 &&
    (id === undefined || /^[A-Za-z0-9\-.]{1,64}$/.test(id)) &&
    (history === undefined || history === '_history') &&
    (query === undefined || id === undefined);
  if (!valid)
    throw new FhirOutcomeError(outcomes.invalid(`Bundle entry request.url '${url}' is not a FHIR REST URL`));
  return {
    resourceType,
    ...(id === undefined ? {} : { id }),
    ...(history === undefined ? {} : { history: true }),
    ...(versionId === undefined ? {} : { versionId }),
    params,
  };
}
