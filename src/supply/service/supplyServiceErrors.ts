import { BaseError } from '../../errors.ts';

/**
 * A custody event this node cannot write as asked; `status` is the HTTP status the API answers with (4xx) and
 * `code` the OperationOutcome issue code. Each subclass says what went wrong.
 */
export abstract class SupplyRefusalError extends BaseError {
  abstract readonly status: number;
  abstract readonly code: 'invalid' | 'forbidden' | 'conflict' | 'not-found' | 'business-rule';
}

/** A GLN the node has no partner entry for, so it cannot name the member on chain. */
export class UnknownPartnerGlnError extends SupplyRefusalError {
  override name = 'UnknownPartnerGlnError';
  readonly status = 422;
  readonly code = 'business-rule';
  constructor(gln: string, role: string) {
    super(
      `No trading partner is registered for GLN ${gln} (${role}); add it with PUT /supply/v1/partners/${gln}`,
    );
  }
}

/** The event's acting party is another member: a node writes only its own organisation's custody. */
export class NotOwnPartyError extends SupplyRefusalError {
  override name = 'NotOwnPartyError';
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(gln: string) {
    super(
      `GLN ${gln} belongs to another member: this node writes only its own organisation's custody events`,
    );
  }
}

/** The event lacks what its kind needs on chain (a lot number, a party, serials to dispense). */
export class IncompleteCustodyEventError extends SupplyRefusalError {
  override name = 'IncompleteCustodyEventError';
  readonly status = 422;
  readonly code = 'business-rule';
}

/** The node does not know a lot's serial list, so it cannot prove a serial (post the commissioning event first). */
export class LotSerialsUnknownError extends SupplyRefusalError {
  override name = 'LotSerialsUnknownError';
  readonly status = 422;
  readonly code = 'business-rule';
  constructor(gtin: string, lot: string) {
    super(
      `This node does not know the serial list of lot ${lot} of GTIN ${gtin}; post the lot's commissioning event first`,
    );
  }
}

/** A receipt with no unreceived shipment of its lot from the sender to this member on chain. */
export class NoOpenShipmentError extends SupplyRefusalError {
  override name = 'NoOpenShipmentError';
  readonly status = 409;
  readonly code = 'conflict';
}

/** The commissioning event's serial list gives another root than the lot already on chain. */
export class SerialRootMismatchError extends SupplyRefusalError {
  override name = 'SerialRootMismatchError';
  readonly status = 409;
  readonly code = 'conflict';
  constructor(lotId: string) {
    super(`The serial list does not match the serial root of lot ${lotId} on chain`);
  }
}

/** The SupplyChain contract refused the transaction; `errorName` is its custom error (`SupplyHeldProduct`, …). */
export class SupplyChainRefusedError extends SupplyRefusalError {
  override name = 'SupplyChainRefusedError';
  readonly status: number;
  readonly code: 'forbidden' | 'not-found' | 'conflict';
  readonly errorName: string;
  constructor(
    errorName: string,
    functionName: string,
    options: { cause?: unknown; details?: string[] } = {},
  ) {
    super(`The SupplyChain contract refused ${functionName}: ${errorName}`, options);
    this.errorName = errorName;
    // Who may act is a permission; an unknown case is missing; every other refusal conflicts with the chain's state.
    if (errorName === 'SupplyNotAuthorised') [this.status, this.code] = [403, 'forbidden'];
    else if (errorName === 'SupplyUnknownCase') [this.status, this.code] = [404, 'not-found'];
    else [this.status, this.code] = [409, 'conflict'];
  }
}

/** No audit case has this id. */
export class UnknownCaseError extends SupplyRefusalError {
  override name = 'UnknownCaseError';
  readonly status = 404;
  readonly code = 'not-found';
  constructor(caseId: bigint) {
    super(`No audit case ${caseId}`);
  }
}

/** The node's member lacks the on-chain role an action needs (an oracle score, closing a case). */
export class MissingMemberRoleError extends SupplyRefusalError {
  override name = 'MissingMemberRoleError';
  readonly status = 403;
  readonly code = 'forbidden';
}

/** A request the supply API cannot parse: a malformed GLN, address, GTIN or query parameter. */
export class InvalidSupplyRequestError extends SupplyRefusalError {
  override name = 'InvalidSupplyRequestError';
  readonly status = 400;
  readonly code = 'invalid';
}
