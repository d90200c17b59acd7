/** How many anchored entries one commit marks: a few milliseconds of writer time, so requests never wait longer. */
export const ANCHOR_MARK_CHUNK = 100;

/**
 * Splits an anchored batch's proofs into the chunks the embedded stores mark one commit at a time. Marking a
 * thousand entries (each rewrites its row and carries a ~700-byte proof) in one transaction held the event loop for
 * tens of milliseconds; in chunks, other requests' commits go in between. The first chunk is marked with the claim
 * check and the batch row, so a wrong or lost claim still changes nothing; after a crash between chunks the rest
 * stay claimed in the outbox, and their lapsed claim is anchored again in a later batch.
 */
export function anchorMarkChunks<T>(items: readonly T[], size = ANCHOR_MARK_CHUNK): T[][] {
  const chunks: T[][] = [];
  for (let from = 0; from < items.length; from += size) chunks.push(items.slice(from, from + size));
  return chunks.length > 0 ? chunks : [[]];
}
