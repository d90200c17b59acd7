// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ConsortiumRoles
 * @notice The roles a consortium member can hold, as bits of a `uint16` mask. A member may hold several roles (a
 * university hospital is both HOSPITAL and RESEARCHER). Off-chain code mirrors these values; append new roles at the
 * next free bit and never renumber, because masks are stored on chain and in indexed events.
 */
library ConsortiumRoles {
    uint16 internal constant HOSPITAL = 1 << 0;
    uint16 internal constant CLINIC = 1 << 1;
    uint16 internal constant PHARMACY = 1 << 2;
    uint16 internal constant MANUFACTURER = 1 << 3;
    uint16 internal constant DISTRIBUTOR = 1 << 4;
    uint16 internal constant RESEARCHER = 1 << 5;
    uint16 internal constant REGULATOR = 1 << 6;
    uint16 internal constant AUDITOR = 1 << 7;
    uint16 internal constant AI_ORACLE = 1 << 8;

    /// @dev Every defined role; a mask with any other bit set is rejected.
    uint16 internal constant ALL = (1 << 9) - 1;

    /// @dev A valid mask names at least one role and no undefined bit.
    function isValid(uint16 roles) internal pure returns (bool) {
        return roles != 0 && roles & ~ALL == 0;
    }
}
