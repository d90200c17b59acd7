// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IConsentRegistry} from "./interfaces/IConsentRegistry.sol";

/**
 * @title ConsentRegistry
 * @notice Patients' EIP-712 signed consent grants and revocations, relayable by anyone; see {IConsentRegistry}.
 */
contract ConsentRegistry is IConsentRegistry, EIP712, Nonces {
    using EnumerableSet for EnumerableSet.Bytes32Set;

    /// @notice The most scope values one grant may list, which bounds the cost of `isPermitted`.
    uint256 public constant MAX_SCOPE_VALUES = 64;

    bytes32 private constant _GRANT_TYPEHASH =
        keccak256(
            "ConsentGrant(address patient,address grantee,uint8 scopeKind,bytes32[] scopeValues,uint8 purposes,"
            "uint64 notBefore,uint64 expiresAt,uint256 nonce,uint64 deadline)"
        );
    bytes32 private constant _REVOCATION_TYPEHASH =
        keccak256("ConsentRevocation(bytes32 grantId,uint256 nonce,uint64 deadline)");
    /// @dev TREATMENT | RESEARCH | PUBLIC_HEALTH | PAYMENT | OPERATIONS.
    uint8 private constant _ALL_PURPOSES = (1 << 5) - 1;

    mapping(bytes32 grantId => StoredGrant) private _grants;
    mapping(address patient => bytes32[]) private _grantIds;
    /// @dev Unrevoked grants per patient and grantee: what `isPermitted` scans. Revoked ones leave the set.
    mapping(address patient => mapping(address grantee => EnumerableSet.Bytes32Set)) private _standing;

    constructor() EIP712("Caduceus ConsentRegistry", "1") {}

    /// @inheritdoc IConsentRegistry
    function grant(ConsentGrant calldata consent, bytes calldata signature) external returns (bytes32 grantId) {
        _checkTerms(consent);
        address patient = consent.patient;
        grantId = grantIdOf(consent);
        _checkAuthorized(patient, grantId, consent.deadline, signature);
        _useExpectedNonce(patient, consent.nonce);

        StoredGrant storage stored = _grants[grantId];
        stored.patient = patient;
        stored.grantee = consent.grantee;
        stored.scopeKind = consent.scopeKind;
        stored.purposes = consent.purposes;
        stored.notBefore = consent.notBefore;
        stored.expiresAt = consent.expiresAt;
        stored.grantedAt = uint64(block.timestamp);
        stored.scopeValues = consent.scopeValues;
        _grantIds[patient].push(grantId);
        _standing[patient][consent.grantee].add(grantId);
        emit ConsentGranted(
            grantId,
            patient,
            consent.grantee,
            consent.scopeKind,
            consent.scopeValues,
            consent.purposes,
            consent.notBefore,
            consent.expiresAt,
            msg.sender
        );
    }

    /// @inheritdoc IConsentRegistry
    function revoke(bytes32 grantId, uint256 nonce, uint64 deadline, bytes calldata signature) external {
        StoredGrant storage stored = _grants[grantId];
        address patient = stored.patient;
        if (patient == address(0)) revert ConsentUnknownGrant(grantId);
        if (stored.revokedAt != 0) revert ConsentAlreadyRevoked(grantId, stored.revokedAt);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(_REVOCATION_TYPEHASH, grantId, nonce, deadline)));
        _checkAuthorized(patient, digest, deadline, signature);
        _useExpectedNonce(patient, nonce);

        stored.revokedAt = uint64(block.timestamp);
        _standing[patient][stored.grantee].remove(grantId);
        emit ConsentRevoked(grantId, patient, stored.grantee, msg.sender);
    }

    /// @inheritdoc IConsentRegistry
    function isPermitted(
        address patient,
        address grantee,
        uint8 purpose,
        ScopeKind scopeKind,
        bytes32 scopeValue
    ) external view returns (bool permitted, bytes32 grantId) {
        if (purpose == 0) return (false, bytes32(0));
        EnumerableSet.Bytes32Set storage standing = _standing[patient][grantee];
        uint256 count = standing.length();
        for (uint256 i = 0; i < count; ++i) {
            bytes32 id = standing.at(i);
            if (_covers(_grants[id], purpose, scopeKind, scopeValue)) return (true, id);
        }
        return (false, bytes32(0));
    }

    /// @inheritdoc IConsentRegistry
    function getGrant(bytes32 grantId) external view returns (StoredGrant memory stored) {
        stored = _grants[grantId];
        if (stored.patient == address(0)) revert ConsentUnknownGrant(grantId);
    }

    /// @inheritdoc IConsentRegistry
    function grantIdsOf(address patient) external view returns (bytes32[] memory grantIds) {
        return _grantIds[patient];
    }

    /// @inheritdoc IConsentRegistry
    function grantIdOf(ConsentGrant calldata consent) public view returns (bytes32 grantId) {
        bytes32 structHash = keccak256(
            abi.encode(
                _GRANT_TYPEHASH,
                consent.patient,
                consent.grantee,
                consent.scopeKind,
                keccak256(abi.encodePacked(consent.scopeValues)),
                consent.purposes,
                consent.notBefore,
                consent.expiresAt,
                consent.nonce,
                consent.deadline
            )
        );
        return _hashTypedDataV4(structHash);
    }

    /// @dev In force now, for every requested purpose bit, and naming the scope value.
    function _covers(
        StoredGrant storage stored,
        uint8 purpose,
        ScopeKind scopeKind,
        bytes32 scopeValue
    ) private view returns (bool) {
        if (stored.scopeKind != scopeKind || stored.purposes & purpose != purpose) return false;
        if (block.timestamp < stored.notBefore || block.timestamp >= stored.expiresAt) return false;
        bytes32[] storage values = stored.scopeValues;
        for (uint256 i = 0; i < values.length; ++i) {
            if (values[i] == scopeValue) return true;
        }
        return false;
    }

    function _checkTerms(ConsentGrant calldata consent) private view {
        if (consent.grantee == address(0)) revert ConsentInvalidGrantee();
        uint8 purposes = consent.purposes;
        if (purposes == 0 || purposes & ~_ALL_PURPOSES != 0) revert ConsentInvalidPurposes(purposes);
        uint256 count = consent.scopeValues.length;
        if (count == 0 || count > MAX_SCOPE_VALUES) revert ConsentInvalidScope(count);
        if (consent.expiresAt <= consent.notBefore || consent.expiresAt <= block.timestamp) {
            revert ConsentInvalidPeriod(consent.notBefore, consent.expiresAt);
        }
    }

    /// @dev The patient needs no signature for its own transaction; a relayer needs the patient's, before the deadline.
    function _checkAuthorized(
        address patient,
        bytes32 digest,
        uint64 deadline,
        bytes calldata signature
    ) private view {
        if (msg.sender == patient) return;
        if (block.timestamp > deadline) revert ConsentSignatureExpired(deadline);
        (address signer, ECDSA.RecoverError failure, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (failure != ECDSA.RecoverError.NoError) revert ConsentInvalidSignature();
        if (signer != patient) revert ConsentWrongSigner(signer, patient);
    }

    function _useExpectedNonce(address patient, uint256 nonce) private {
        uint256 expected = _useNonce(patient);
        if (nonce != expected) revert ConsentInvalidNonce(patient, expected);
    }
}
