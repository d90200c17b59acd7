import type { BundleLink } from '@medplum/fhirtypes';

/** `self`, `next` and `previous` links of one page of `total` results (search.html §3.1.1.5). */
export function pageLinks(
  url: string,
  params: readonly (readonly [string, string])[],
  page: { offset: number; count: number; total: number },
): BundleLink[] {
  const at = (offset: number, withCount: boolean) => {
    const query = new URLSearchParams();
    for (const [key, value] of params) if (!(withCount && key === '_count')) query.append(key, value);
    if (withCount) query.append('_count', String(page.count));
    if (offset > 0) query.append('_offset', String(offset));
    const text = query.toString();
    return text ? `${url}?${text}` : url;
  };
  const links: BundleLink[] = [{ relation: 'self', url: at(page.offset, false) }];
  if (page.count > 0 && page.offset + page.count < page.total) {
    links.push({ relation: 'next', url: at(page.offset + page.count, true) });
  }
  if (page.offset > 0 && page.count > 0) {
    links.push({ relation: 'previous', url: at(Math.max(0, page.offset - page.count), true) });
  }
  return links;
}
