import type { Address } from 'viem';
import type { MemberDirectory } from './MemberDirectory.ts';
import { NotAMemberNodeError } from './requestSignatureErrors.ts';
import {
  type IncomingRequest,
  type RequestVerification,
  type VerifiedRequest,
  verifyRequest,
} from './verifyRequest.ts';

/** A request signed by an active member's node: the node, and the member account it speaks for. */
export type VerifiedMemberRequest = VerifiedRequest & { member: Address };

/** Options of `verifyMemberRequest`: the request checks plus the directory and, optionally, a role the caller needs. */
export type MemberRequestVerification = RequestVerification & {
  directory: MemberDirectory;
  /** Role bits (`ConsortiumRole`) the sender's member must hold, e.g. HOSPITAL for a record fetch. */
  requiredRole?: number;
};

/**
 * `verifyRequest`, then checks the signer against the consortium: its address must be the current node of an
 * active member (and hold `requiredRole` if given). A valid signature from anyone else is `NotAMemberNodeError`.
 */
export async function verifyMemberRequest(
  request: IncomingRequest,
  verification: MemberRequestVerification,
): Promise<VerifiedMemberRequest> {
  const verified = verifyRequest(request, verification);
  const { directory } = verification;
  if (!(await directory.isActiveNode(verified.node))) {
    throw new NotAMemberNodeError(verified.node, 'is not the node of an active consortium member');
  }
  if (
    verification.requiredRole !== undefined &&
    !(await directory.hasRole(verified.node, verification.requiredRole))
  ) {
    throw new NotAMemberNodeError(
      verified.node,
      `lacks the role ${verification.requiredRole} this call needs`,
    );
  }
  return { ...verified, member: await directory.memberOf(verified.node) };
}
