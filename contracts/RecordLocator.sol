// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {IRecordLocator} from "./interfaces/IRecordLocator.sol";

/**
 * @title RecordLocator
 * @notice The consortium's record locator: member nodes announce the patients whose records they hold, as tags of
 * the patients' chain addresses; see {IRecordLocator}. The data stays with the custodian, which enforces consent
 * when another node asks for it.
 */
contract RecordLocator is IRecordLocator {
    /// @notice The domain string hashed with the patient's address into a tag.
    string public constant TAG_DOMAIN = "caduceus.locator.v1";

    IConsortiumRegistry private immutable _registry;
    mapping(bytes32 patientTag => mapping(address custodian => bool held)) private _held;

    /// @param registryAddress The consortium registry whose active nodes may announce.
    constructor(address registryAddress) {
        if (registryAddress == address(0)) revert LocatorInvalidRegistry();
        _registry = IConsortiumRegistry(registryAddress);
    }

    /// @inheritdoc IRecordLocator
    function announce(bytes32 tag) external returns (bool announced) {
        return _announce(_custodianOfSender(), tag);
    }

    /// @inheritdoc IRecordLocator
    function announceBatch(bytes32[] calldata tags) external returns (uint256 count) {
        address custodian = _custodianOfSender();
        for (uint256 i = 0; i < tags.length; ++i) {
            if (_announce(custodian, tags[i])) ++count;
        }
    }

    /// @inheritdoc IRecordLocator
    function holds(bytes32 tag, address custodian) external view returns (bool held) {
        return _held[tag][custodian];
    }

    /// @inheritdoc IRecordLocator
    function patientTag(address patient) external pure returns (bytes32 tag) {
        return keccak256(abi.encode(TAG_DOMAIN, patient));
    }

    /// @inheritdoc IRecordLocator
    function registry() external view returns (address registryAddress) {
        return address(_registry);
    }

    /// @dev The member account the sender's node speaks for; reverts unless it is an active member's current node.
    function _custodianOfSender() private view returns (address) {
        if (!_registry.isActiveNode(msg.sender)) revert LocatorNotActiveNode(msg.sender);
        return _registry.memberOf(msg.sender);
    }

    function _announce(address custodian, bytes32 tag) private returns (bool) {
        if (tag == bytes32(0)) revert LocatorInvalidTag();
        if (_held[tag][custodian]) return false;
        _held[tag][custodian] = true;
        emit PatientLocated(tag, custodian);
        return true;
    }
}
