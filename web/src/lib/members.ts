import { api } from './api.ts';

/** A consortium member as the node's directory lists it (public facts from the registry). */
export type Member = { account: string; name: string; roles: string[]; status: string; serviceUrl: string };

/** The node's directory: the organisation running this node, and the consortium's members. */
export type Directory = { organisation: string; members: Member[] };

/** The node's directory from `/consortium/v1/members` (no token needed). */
export const loadDirectory = () => api<Directory>(undefined, '/consortium/v1/members');

/** The consortium's members. */
export const loadMembers = () => loadDirectory().then((d) => d.members);
