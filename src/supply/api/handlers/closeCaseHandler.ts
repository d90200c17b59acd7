import type { Handler } from 'hono';
import { keccak256, stringToHex, zeroHash } from 'viem';
import { z } from 'zod';
import { MissingMemberRoleError } from '../../service/supplyServiceErrors.ts';
import { parseSupplyBody } from '../parseSupplyBody.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';
import { caseIdParam } from './caseIdParam.ts';

const releaseBody = z.object({ findings: z.string().max(10_000).optional() }).strict();
const confirmBody = z
  .object({
    findings: z.string().max(10_000).optional(),
    resolution: z.enum(['recalled', 'quarantined']).default('recalled'),
  })
  .strict();

/**
 * `POST /cases/:id/release` and `/cases/:id/confirm` (`{ findings?, resolution?: recalled|quarantined }`): closes
 * an audit case as this node's AUDITOR or REGULATOR member. Only the findings' keccak-256 goes on chain. 403 when the
 * node's member lacks the role (the contract would refuse it too), 404 for an unknown case, 409 when closed already.
 */
export function closeCaseHandler(action: 'release' | 'confirm'): Handler<SupplyEnv> {
  return async (c) => {
    const caseId = caseIdParam(c.req.param('id'));
    const input = parseSupplyBody(action === 'release' ? releaseBody : confirmBody, c.var.body ?? {});
    const { supply } = c.var;
    if (!supply.closesCases)
      throw new MissingMemberRoleError('Only an AUDITOR or REGULATOR member node closes audit cases');
    const findings = input.findings;
    const findingsHash = findings === undefined ? zeroHash : keccak256(stringToHex(findings));
    const resolution =
      action === 'release'
        ? 'Released'
        : 'resolution' in input && input.resolution === 'quarantined'
          ? 'Quarantined'
          : 'Recalled';
    const write = await supply.closeCase(caseId, resolution, findingsHash);
    return c.json({
      caseId: caseId.toString(),
      resolution: resolution.toLowerCase(),
      findingsHash,
      txHash: write.txHash,
    });
  };
}
