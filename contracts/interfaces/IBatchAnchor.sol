// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IBatchAnchor
 * @notice What every Merkle-batch anchor shares (record versions, access events, and later supply-chain events):
 * an active member node anchors the root of a Merkle tree over a batch of off-chain entries, and anyone verifies an
 * entry against an anchored root with a proof. The leaf encoding and tree construction are specified in
 * `contracts/MERKLE.md`: leaves are `keccak256(bytes.concat(keccak256(abi.encode(domain, entryHash))))` with a
 * domain string per contract, and the tree is OpenZeppelin's `MerkleProof` with sorted-pair (commutative) keccak256,
 * the same as OpenZeppelin's `StandardMerkleTree`.
 */
interface IBatchAnchor {
    /// @notice An anchored batch, keyed by its Merkle root.
    struct Batch {
        /// @dev The member account whose node anchored it: the custodian of the entries.
        address custodian;
        uint32 leafCount;
        uint64 anchoredAt;
        /// @dev The node address that sent the transaction.
        address node;
        uint64 blockNumber;
        /// @dev An optional off-chain batch identifier (zero if none).
        bytes32 batchId;
    }

    /// @notice The registry address given to the constructor is zero.
    error AnchorInvalidRegistry();
    /// @notice Only the current node of an active consortium member may anchor.
    error AnchorNotActiveNode(address caller);
    /// @notice The root is zero.
    error AnchorInvalidRoot();
    /// @notice A batch must have at least one leaf.
    error AnchorEmptyBatch();
    /// @notice This root is already anchored (by this or another member).
    error AnchorDuplicateRoot(bytes32 root);
    /// @notice No batch is anchored under this root.
    error AnchorUnknownRoot(bytes32 root);

    /**
     * @notice Verifies that `leaf` is in the tree of an anchored root. Pass a leaf computed by this contract's leaf
     * helper: a bare 32-byte value could also be an inner node of the tree; the entry-level verifier avoids that.
     * @param root An anchored Merkle root.
     * @param leaf The leaf (already domain-separated and double-hashed).
     * @param proof Sibling hashes from the leaf up to the root.
     * @return valid True if the root is anchored and the proof leads from the leaf to it.
     */
    function verifyLeaf(bytes32 root, bytes32 leaf, bytes32[] calldata proof) external view returns (bool valid);

    /**
     * @notice Returns an anchored batch.
     * @param root The batch's Merkle root.
     * @return batch The batch; reverts with `AnchorUnknownRoot` if none.
     */
    function getBatch(bytes32 root) external view returns (Batch memory batch);

    /**
     * @notice Tells whether a root is anchored.
     * @param root A Merkle root.
     * @return anchored True if a batch is anchored under it.
     */
    function isAnchored(bytes32 root) external view returns (bool anchored);

    /**
     * @notice Counts the batches anchored so far.
     * @return count The number of batches.
     */
    function batchCount() external view returns (uint256 count);

    /**
     * @notice The consortium registry that decides which nodes may anchor.
     * @return registryAddress The registry's address.
     */
    function registry() external view returns (address registryAddress);
}
