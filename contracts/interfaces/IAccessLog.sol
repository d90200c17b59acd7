// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IBatchAnchor} from "./IBatchAnchor.sol";

/**
 * @title IAccessLog
 * @notice Anchors Merkle roots over batches of access events (who read, wrote or was denied what), so nobody can
 * quietly remove the trace; the events themselves stay off chain. Leaf domain: `"caduceus.access.v1"`.
 */
interface IAccessLog is IBatchAnchor {
    /// @notice A member node anchored a batch of access events.
    event AccessBatchAnchored(
        bytes32 indexed root,
        address indexed custodian,
        address indexed node,
        uint32 leafCount,
        bytes32 batchId
    );

    /**
     * @notice Anchors the Merkle root of a batch of access events, with the sender's member as custodian.
     * @param root The Merkle root over `accessLeaf(eventHash)` of every access event in the batch.
     * @param leafCount The number of leaves in the tree.
     * @param batchId An optional off-chain batch identifier (zero if none).
     */
    function anchorBatch(bytes32 root, uint32 leafCount, bytes32 batchId) external;

    /**
     * @notice Verifies an access event against an anchored root, computing its leaf here.
     * @param root An anchored Merkle root.
     * @param eventHash The access event's 32-byte hash.
     * @param proof Sibling hashes from the leaf up to the root.
     * @return valid True if the root is anchored and contains the event.
     */
    function verifyAccessEvent(
        bytes32 root,
        bytes32 eventHash,
        bytes32[] calldata proof
    ) external view returns (bool valid);

    /**
     * @notice Computes the leaf of an access event: `keccak256(bytes.concat(keccak256(abi.encode("caduceus.access.v1",
     * eventHash))))`.
     * @param eventHash The access event's 32-byte hash.
     * @return leaf The Merkle leaf.
     */
    function accessLeaf(bytes32 eventHash) external pure returns (bytes32 leaf);
}
