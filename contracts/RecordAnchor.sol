// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchAnchor} from "./base/BatchAnchor.sol";
import {IRecordAnchor} from "./interfaces/IRecordAnchor.sol";

/**
 * @title RecordAnchor
 * @notice Merkle roots over batches of record-version hashes, anchored by member nodes; see {IRecordAnchor} and
 * `contracts/MERKLE.md`.
 */
contract RecordAnchor is BatchAnchor, IRecordAnchor {
    /// @notice The leaf domain of record versions.
    string public constant LEAF_DOMAIN = "caduceus.record.v1";

    /// @param registryAddress The consortium registry whose active nodes may anchor.
    constructor(address registryAddress) BatchAnchor(registryAddress) {}

    /// @inheritdoc IRecordAnchor
    function anchorBatch(bytes32 root, uint32 leafCount, bytes32 batchId) external {
        address custodian = _anchorBatch(root, leafCount, batchId);
        emit BatchAnchored(root, custodian, msg.sender, leafCount, batchId);
    }

    /// @inheritdoc IRecordAnchor
    function verifyRecord(bytes32 root, bytes32 recordHash, bytes32[] calldata proof) external view returns (bool valid) {
        return verifyLeaf(root, recordLeaf(recordHash), proof);
    }

    /// @inheritdoc IRecordAnchor
    function recordLeaf(bytes32 recordHash) public pure returns (bytes32 leaf) {
        return _leaf(LEAF_DOMAIN, recordHash);
    }
}
