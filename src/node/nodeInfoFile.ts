import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';

/** Where a started node records its public addresses inside its data directory (no secrets in it). */
export const NODE_INFO_FILE = 'node.json';

const schema = z.object({ fhirBaseUrl: z.url(), nodeAddress: z.string(), startedAt: z.string() });

/** What the last start of a node published: `caduceus token` issues tokens for this FHIR base URL. */
export type NodeInfoRecord = z.infer<typeof schema>;

/** Records the node's public addresses (rewritten at every start, since port 0 picks a new port). */
export function writeNodeInfo(dataDir: string, record: NodeInfoRecord): void {
  writeFileAtomic(join(dataDir, NODE_INFO_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record of the node's last start, or undefined when it never started (or the file is not ours). */
export function readNodeInfo(dataDir: string): NodeInfoRecord | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, NODE_INFO_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
