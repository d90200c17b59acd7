// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchAnchor} from "./base/BatchAnchor.sol";
import {IAccessLog} from "./interfaces/IAccessLog.sol";

/**
 * @title AccessLog
 * @notice Merkle roots over batches of access events, anchored by member nodes; see {IAccessLog} and
 * `contracts/MERKLE.md`.
 */
contract AccessLog is BatchAnchor, IAccessLog {
    /// @notice The leaf domain of access events.
    string public constant LEAF_DOMAIN = "caduceus.access.v1";

    /// @param registryAddress The consortium registry whose active nodes may anchor.
    constructor(address registryAddress) BatchAnchor(registryAddress) {}

    /// @inheritdoc IAccessLog
    function anchorBatch(bytes32 root, uint32 leafCount, bytes32 batchId) external {
        address custodian = _anchorBatch(root, leafCount, batchId);
        emit AccessBatchAnchored(root, custodian, msg.sender, leafCount, batchId);
    }

    /// @inheritdoc IAccessLog
    function verifyAccessEvent(
        bytes32 root,
        bytes32 eventHash,
        bytes32[] calldata proof
    ) external view returns (bool valid) {
        return verifyLeaf(root, accessLeaf(eventHash), proof);
    }

    /// @inheritdoc IAccessLog
    function accessLeaf(bytes32 eventHash) public pure returns (bytes32 leaf) {
        return _leaf(LEAF_DOMAIN, eventHash);
    }
}
