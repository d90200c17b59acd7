// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IBatchAnchor} from "./IBatchAnchor.sol";

/**
 * @title IRecordAnchor
 * @notice Anchors Merkle roots over batches of record-version hashes, so a record read from any vault can be proven
 * to be exactly what its custodian recorded. Leaf domain: `"caduceus.record.v1"`.
 */
interface IRecordAnchor is IBatchAnchor {
    /// @notice A member node anchored a batch of record versions.
    event BatchAnchored(
        bytes32 indexed root,
        address indexed custodian,
        address indexed node,
        uint32 leafCount,
        bytes32 batchId
    );

    /**
     * @notice Anchors the Merkle root of a batch of record versions, with the sender's member as custodian.
     * @param root The Merkle root over `recordLeaf(recordHash)` of every record version in the batch.
     * @param leafCount The number of leaves in the tree.
     * @param batchId An optional off-chain batch identifier (zero if none).
     */
    function anchorBatch(bytes32 root, uint32 leafCount, bytes32 batchId) external;

    /**
     * @notice Verifies a record version against an anchored root, computing its leaf here.
     * @param root An anchored Merkle root.
     * @param recordHash The record version's 32-byte content hash.
     * @param proof Sibling hashes from the leaf up to the root.
     * @return valid True if the root is anchored and contains the record version.
     */
    function verifyRecord(bytes32 root, bytes32 recordHash, bytes32[] calldata proof) external view returns (bool valid);

    /**
     * @notice Computes the leaf of a record version: `keccak256(bytes.concat(keccak256(abi.encode("caduceus.record.v1",
     * recordHash))))`.
     * @param recordHash The record version's 32-byte content hash.
     * @return leaf The Merkle leaf.
     */
    function recordLeaf(bytes32 recordHash) external pure returns (bytes32 leaf);
}
