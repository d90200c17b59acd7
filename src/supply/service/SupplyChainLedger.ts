import { type Address, type Hex, parseEventLogs, type TransactionReceipt } from 'viem';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import { TransactionRevertedError } from '../../ledger/client/ledgerErrors.ts';
import { supplyChainAbi } from '../../ledger/contracts/generated/SupplyChain.ts';
import { SupplyChainRefusedError } from './supplyServiceErrors.ts';

/** The contract's `Resolution` enum. */
export const CaseResolution = { Released: 1, Recalled: 2, Quarantined: 3 } as const;

/**
 * An explicit limit for calls whose cost depends on the branch taken: a score under the threshold is cheap, one
 * that opens a case writes a dozen slots, so the client's cached estimate of the first call would starve the other.
 */
const BRANCHY_GAS = 600_000n;

/** A written transaction: its hash and the SupplyChain events it emitted. */
export type SupplyWrite = {
  txHash: Hex;
  events: ReturnType<typeof parseEventLogs<typeof supplyChainAbi>>;
};

type Write = Parameters<LedgerClient['writeAndWait']>[0];

/**
 * This node's side of the `SupplyChain` contract: every write goes through the node's ledger client and waits for
 * its receipt, and a revert becomes `SupplyChainRefusedError` naming the contract's custom error (what the API
 * answers with a 409). Reads go to the chain directly (they are cheap calls, always current).
 */
export class SupplyChainLedger {
  readonly #ledger: LedgerClient;
  readonly address: Address;

  constructor(ledger: LedgerClient, address: Address) {
    this.#ledger = ledger;
    this.address = address;
  }

  /** The account this node signs with. */
  get signer(): Address {
    return this.#ledger.account.address;
  }

  async #write(functionName: string, args: readonly unknown[], gas?: bigint): Promise<SupplyWrite> {
    let receipt: TransactionReceipt;
    try {
      receipt = await this.#ledger.writeAndWait({
        address: this.address,
        abi: supplyChainAbi,
        functionName,
        args,
        ...(gas === undefined ? {} : { gas }),
      } as unknown as Write);
    } catch (error) {
      if (error instanceof TransactionRevertedError && error.errorName)
        throw new SupplyChainRefusedError(error.errorName, functionName, { cause: error });
      throw error;
    }
    return {
      txHash: receipt.transactionHash,
      events: parseEventLogs({ abi: supplyChainAbi, logs: receipt.logs }),
    };
  }

  registerProduct(gtin: bigint, name: string, strength: string, form: string): Promise<SupplyWrite> {
    return this.#write('registerProduct', [gtin, name, strength, form]);
  }

  commission(gtin: bigint, lotNumber: string, expiresAt: bigint, quantity: number, root: Hex) {
    return this.#write('commission', [gtin, lotNumber, expiresAt, quantity, root]);
  }

  ship(lotId: Hex, to: Address, quantity: number, serialsHash: Hex) {
    return this.#write('ship', [lotId, to, quantity, serialsHash]);
  }

  receive(shipmentId: bigint, quantity: number, serialsHash: Hex) {
    return this.#write('receiveShipment', [shipmentId, quantity, serialsHash]);
  }

  dispense(lotId: Hex, serial: string, proof: readonly Hex[]) {
    return this.#write('dispense', [lotId, serial, proof]);
  }

  decommission(lotId: Hex, serial: string, proof: readonly Hex[], reason: Hex) {
    return this.#write('decommission', [lotId, serial, proof, reason]);
  }

  submitRisk(lotId: Hex, shipmentId: bigint, eventRef: Hex, basisPoints: number, explanationHash: Hex) {
    return this.#write(
      'submitRisk',
      [lotId, shipmentId, eventRef, basisPoints, explanationHash],
      BRANCHY_GAS,
    );
  }

  closeCase(caseId: bigint, resolution: number, findingsHash: Hex) {
    return this.#write('closeCase', [caseId, resolution, findingsHash], BRANCHY_GAS);
  }

  #read<T>(functionName: string, args: readonly unknown[]): Promise<T> {
    return this.#ledger.publicClient.readContract({
      address: this.address,
      abi: supplyChainAbi,
      functionName,
      args,
    } as never) as Promise<T>;
  }

  /** The lot, or undefined when none has this id. */
  async lot(lotId: Hex): Promise<ChainLot | undefined> {
    const lot = await this.#read<ChainLot>('getLot', [lotId]).catch(() => undefined);
    return lot && lot.status !== 0 ? lot : undefined;
  }

  /** Whether a product is registered under the GTIN. */
  async hasProduct(gtin: bigint): Promise<boolean> {
    return this.#read('getProduct', [gtin]).then(
      () => true,
      () => false,
    );
  }

  shipment(shipmentId: bigint): Promise<ChainShipment> {
    return this.#read<ChainShipment>('getShipment', [shipmentId]);
  }

  verifySerial(gtin: bigint, lotNumber: string, serial: string, proof: readonly Hex[]) {
    return this.#read<{ genuine: boolean; lotId: Hex; expiresAt: bigint; state: number; lotStatus: number }>(
      'verifySerial',
      [gtin, lotNumber, serial, proof],
    );
  }

  riskThreshold(): Promise<number> {
    return this.#read<number>('riskThreshold', []);
  }
}

/** `getLot`'s answer. */
export type ChainLot = {
  manufacturer: Address;
  gtin: bigint;
  quantity: number;
  expiresAt: bigint;
  commissionedAt: bigint;
  status: number;
  openCases: number;
  serialRoot: Hex;
  lotNumber: string;
};

/** `getShipment`'s answer. */
export type ChainShipment = {
  lotId: Hex;
  from: Address;
  quantity: number;
  shippedAt: bigint;
  to: Address;
  receivedQuantity: number;
  receivedAt: bigint;
  serialsHash: Hex;
  receivedSerialsHash: Hex;
};
