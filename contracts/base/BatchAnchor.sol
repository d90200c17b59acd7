// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IBatchAnchor} from "../interfaces/IBatchAnchor.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";

/**
 * @title BatchAnchor
 * @notice The storage, membership check and Merkle verification every batch anchor shares. A concrete anchor adds an
 * `anchorBatch` that calls {_anchorBatch} and emits its own event, and a leaf helper with its own domain string
 * built on {_leaf}. See `contracts/MERKLE.md`.
 */
abstract contract BatchAnchor is IBatchAnchor {
    IConsortiumRegistry private immutable _registry;
    mapping(bytes32 root => Batch) private _batches;
    uint256 private _batchCount;

    /// @param registryAddress The consortium registry whose active nodes may anchor.
    constructor(address registryAddress) {
        if (registryAddress == address(0)) revert AnchorInvalidRegistry();
        _registry = IConsortiumRegistry(registryAddress);
    }

    /// @inheritdoc IBatchAnchor
    function verifyLeaf(bytes32 root, bytes32 leaf, bytes32[] calldata proof) public view returns (bool valid) {
        return _batches[root].custodian != address(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IBatchAnchor
    function getBatch(bytes32 root) external view returns (Batch memory batch) {
        batch = _batches[root];
        if (batch.custodian == address(0)) revert AnchorUnknownRoot(root);
    }

    /// @inheritdoc IBatchAnchor
    function isAnchored(bytes32 root) external view returns (bool anchored) {
        return _batches[root].custodian != address(0);
    }

    /// @inheritdoc IBatchAnchor
    function batchCount() external view returns (uint256 count) {
        return _batchCount;
    }

    /// @inheritdoc IBatchAnchor
    function registry() external view returns (address registryAddress) {
        return address(_registry);
    }

    /// @dev Checks the sender and the batch, stores it, and returns the custodian for the caller's event.
    function _anchorBatch(bytes32 root, uint32 leafCount, bytes32 batchId) internal returns (address custodian) {
        if (!_registry.isActiveNode(msg.sender)) revert AnchorNotActiveNode(msg.sender);
        if (root == bytes32(0)) revert AnchorInvalidRoot();
        if (leafCount == 0) revert AnchorEmptyBatch();
        if (_batches[root].custodian != address(0)) revert AnchorDuplicateRoot(root);
        custodian = _registry.memberOf(msg.sender);
        _batches[root] = Batch({
            custodian: custodian,
            leafCount: leafCount,
            anchoredAt: uint64(block.timestamp),
            node: msg.sender,
            blockNumber: uint64(block.number),
            batchId: batchId
        });
        ++_batchCount;
    }

    /// @dev The leaf of an entry: double keccak256 over `abi.encode(domain, entryHash)`, as `StandardMerkleTree` does
    /// for the types `["string", "bytes32"]`; the domain keeps one contract's leaves from proving in another's tree.
    function _leaf(string memory domain, bytes32 entryHash) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(domain, entryHash))));
    }
}
