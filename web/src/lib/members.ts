import { api } from './api.ts';

/** A consortium member as the node's directory lists it (public facts from the registry). */
export type Member = { account: string; name: string; roles: string[]; status: string; serviceUrl: string };

/** The consortium's members, from `/consortium/v1/members` (no token needed). */
export const loadMembers = () =>
  api<{ members: Member[] }>(undefined, '/consortium/v1/members').then((m) => m.members);
