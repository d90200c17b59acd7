import type { Address } from 'viem';

/** What `verifyMemberRequest` needs to know about a signing node, answered by the ConsortiumRegistry. */
export interface MemberDirectory {
  /** True when `node` is the current node key of an active member (a former node key of a member is not). */
  isActiveNode(node: Address): Promise<boolean>;
  /** The member account a node (current or former) belongs to; the zero address when none. */
  memberOf(node: Address): Promise<Address>;
  /** True when the node's member is active and holds every bit of `role` (see `ConsortiumRole`). */
  hasRole(node: Address, role: number): Promise<boolean>;
}

/** One node in a `MemoryMemberDirectory`. */
export type MemoryMember = { node: Address; account: Address; roles: number; active: boolean };

const zeroAddress: Address = '0x0000000000000000000000000000000000000000';

/** A `MemberDirectory` held in memory, for unit tests; mirrors the registry's views. */
export class MemoryMemberDirectory implements MemberDirectory {
  readonly #members = new Map<string, MemoryMember>();

  constructor(members: readonly MemoryMember[] = []) {
    for (const member of members) this.set(member);
  }

  /** Adds or replaces a member's node. */
  set(member: MemoryMember): void {
    this.#members.set(member.node.toLowerCase(), member);
  }

  async isActiveNode(node: Address): Promise<boolean> {
    return this.#members.get(node.toLowerCase())?.active ?? false;
  }

  async memberOf(node: Address): Promise<Address> {
    return this.#members.get(node.toLowerCase())?.account ?? zeroAddress;
  }

  async hasRole(node: Address, role: number): Promise<boolean> {
    const member = this.#members.get(node.toLowerCase());
    return member?.active === true && role !== 0 && (member.roles & role) === role;
  }
}
