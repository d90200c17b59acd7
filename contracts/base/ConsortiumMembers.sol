// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {ConsortiumRoles} from "../libraries/ConsortiumRoles.sol";

/**
 * @title ConsortiumMembers
 * @notice The membership state of the consortium registry and the views other contracts rely on; changing it is left
 * to the governance built on top ({ConsortiumRegistry}), through the internal functions here.
 */
abstract contract ConsortiumMembers is IConsortiumRegistry {
    mapping(address account => Member) private _members;
    /// @dev Both accounts and nodes (current and former) map to their member's account, so neither is ever reused.
    mapping(address accountOrNode => address account) private _accountOf;
    address[] private _accounts;
    uint256 private _activeCount;

    /// @inheritdoc IConsortiumRegistry
    function getMember(address account) external view returns (Member memory member) {
        member = _members[account];
        if (member.status == MemberStatus.None) revert ConsortiumUnknownMember(account);
    }

    /// @inheritdoc IConsortiumRegistry
    function memberOf(address nodeOrAccount) external view returns (address account) {
        return _accountOf[nodeOrAccount];
    }

    /// @inheritdoc IConsortiumRegistry
    function isActiveNode(address node) external view returns (bool active) {
        Member storage member = _members[_accountOf[node]];
        return member.status == MemberStatus.Active && member.node == node;
    }

    /// @inheritdoc IConsortiumRegistry
    function isActiveMember(address account) public view returns (bool active) {
        return _members[account].status == MemberStatus.Active;
    }

    /// @inheritdoc IConsortiumRegistry
    function hasRole(address nodeOrAccount, uint16 role) external view returns (bool granted) {
        address account = _accountOf[nodeOrAccount];
        Member storage member = _members[account];
        if (member.status != MemberStatus.Active) return false;
        // A former node of the member resolves to it but no longer speaks for it.
        if (nodeOrAccount != account && nodeOrAccount != member.node) return false;
        return role != 0 && member.roles & role == role;
    }

    /// @inheritdoc IConsortiumRegistry
    function members() external view returns (Member[] memory list) {
        list = new Member[](_accounts.length);
        for (uint256 i = 0; i < list.length; ++i) {
            list[i] = _members[_accounts[i]];
        }
    }

    /// @inheritdoc IConsortiumRegistry
    function memberCount() external view returns (uint256 count) {
        return _accounts.length;
    }

    /// @inheritdoc IConsortiumRegistry
    function activeMemberCount() public view returns (uint256 count) {
        return _activeCount;
    }

    /// @dev The member stored under `account` (all fields zero, status `None`, if there is none).
    function _member(address account) internal view returns (Member storage) {
        return _members[account];
    }

    /// @dev Registers an active member; the caller has checked it with {_checkCandidate}.
    function _admit(
        address account,
        address node,
        string memory name,
        string memory serviceUrl,
        uint16 roles
    ) internal {
        _members[account] = Member({
            account: account,
            node: node,
            name: name,
            serviceUrl: serviceUrl,
            roles: roles,
            status: MemberStatus.Active,
            admittedAt: uint64(block.timestamp)
        });
        _accountOf[account] = account;
        _accountOf[node] = account;
        _accounts.push(account);
        ++_activeCount;
        emit MemberAdmitted(account, node, roles, name, serviceUrl);
    }

    /// @dev Moves a registered member to `status`, keeping the active count; emits the matching event.
    function _setStatus(address account, MemberStatus status) internal {
        Member storage member = _members[account];
        if (member.status == MemberStatus.Active) --_activeCount;
        if (status == MemberStatus.Active) ++_activeCount;
        member.status = status;
        if (status == MemberStatus.Active) emit MemberReinstated(account);
        else if (status == MemberStatus.Suspended) emit MemberSuspended(account);
        else emit MemberRemoved(account);
    }

    function _changeNode(address account, address node) internal {
        _checkUnusedAddress(node);
        Member storage member = _members[account];
        address previousNode = member.node;
        member.node = node;
        _accountOf[node] = account;
        emit MemberNodeChanged(account, previousNode, node);
    }

    function _checkCandidate(address account, address node, string memory name, uint16 roles) internal view {
        _checkUnusedAddress(account);
        _checkUnusedAddress(node);
        if (account == node) revert ConsortiumAddressInUse(node);
        if (bytes(name).length == 0) revert ConsortiumEmptyName();
        _checkRoles(roles);
    }

    function _checkUnusedAddress(address addr) internal view {
        if (addr == address(0)) revert ConsortiumZeroAddress();
        if (_accountOf[addr] != address(0)) revert ConsortiumAddressInUse(addr);
    }

    function _checkRoles(uint16 roles) internal pure {
        if (!ConsortiumRoles.isValid(roles)) revert ConsortiumInvalidRoles(roles);
    }
}
