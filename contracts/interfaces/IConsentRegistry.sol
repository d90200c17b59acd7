// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IConsentRegistry
 * @notice Patients' consent grants: who (grantee) may use which data (scope) for which purposes, and until when.
 *
 * A patient is an address whose key the patient holds. Grants and revocations are EIP-712 messages signed by that
 * key in the domain `{name: "Caduceus ConsentRegistry", version: "1", chainId, verifyingContract}`, so anyone (a
 * hospital node) can submit them and pay the gas; the patient may also call `grant`/`revoke` directly, in which case
 * the signature and its deadline are not checked. Every grant and revocation consumes the patient's next nonce
 * (`nonces(patient)`), so each signature is accepted once and in order.
 *
 * Scope values are `bytes32`, the keccak256 of a UTF-8 string, so that record identifiers are not published on chain
 * and every lookup compares one word:
 * - `ResourceTypes`: the FHIR R4 resource type name, e.g. `keccak256("Observation")`.
 * - `Categories`: `system|code` of the resource's category coding, e.g.
 *   `keccak256("http://terminology.hl7.org/CodeSystem/observation-category|laboratory")`.
 * - `Records`: the resource's relative reference `Type/id`, e.g. `keccak256("Observation/0f9c3a1e")`.
 *
 * Purposes are a `uint8` bitmask: TREATMENT 1, RESEARCH 2, PUBLIC_HEALTH 4, PAYMENT 8, OPERATIONS 16.
 *
 * A grant is in force from `notBefore` (inclusive) until `expiresAt` (exclusive), compared with `block.timestamp`,
 * unless revoked; a revocation applies to every later transaction and call.
 */
interface IConsentRegistry {
    /// @notice What a grant's scope values name.
    enum ScopeKind {
        ResourceTypes,
        Categories,
        Records
    }

    /**
     * @notice The message a patient signs. Its EIP-712 type is
     * `ConsentGrant(address patient,address grantee,uint8 scopeKind,bytes32[] scopeValues,uint8 purposes,uint64 notBefore,uint64 expiresAt,uint256 nonce,uint64 deadline)`.
     */
    struct ConsentGrant {
        address patient;
        address grantee;
        ScopeKind scopeKind;
        bytes32[] scopeValues;
        uint8 purposes;
        uint64 notBefore;
        uint64 expiresAt;
        /// @dev Must equal `nonces(patient)` when submitted.
        uint256 nonce;
        /// @dev Last `block.timestamp` at which a relayer may submit the signature.
        uint64 deadline;
    }

    /// @notice A grant as stored; `revokedAt` is zero while it stands.
    struct StoredGrant {
        address patient;
        address grantee;
        ScopeKind scopeKind;
        uint8 purposes;
        uint64 notBefore;
        uint64 expiresAt;
        uint64 grantedAt;
        uint64 revokedAt;
        bytes32[] scopeValues;
    }

    /// @notice The grantee is the zero address.
    error ConsentInvalidGrantee();
    /// @notice The purposes mask is empty or has an undefined bit.
    error ConsentInvalidPurposes(uint8 purposes);
    /// @notice A grant names between 1 and `MAX_SCOPE_VALUES` scope values.
    error ConsentInvalidScope(uint256 count);
    /// @notice The validity window is empty or already over.
    error ConsentInvalidPeriod(uint64 notBefore, uint64 expiresAt);
    /// @notice The nonce is not the patient's next one (a replayed or out-of-order signature).
    error ConsentInvalidNonce(address patient, uint256 expected);
    /// @notice The relayer submitted the signature after its deadline.
    error ConsentSignatureExpired(uint64 deadline);
    /// @notice The signature is malformed (not 65 bytes, or an invalid `s` or `v`).
    error ConsentInvalidSignature();
    /// @notice The signature was made by another key than the patient's.
    error ConsentWrongSigner(address signer, address patient);
    /// @notice No grant has this id.
    error ConsentUnknownGrant(bytes32 grantId);
    /// @notice The grant was already revoked.
    error ConsentAlreadyRevoked(bytes32 grantId, uint64 revokedAt);

    /// @notice A grant was recorded; `submitter` is whoever sent the transaction (the patient or a relayer).
    event ConsentGranted(
        bytes32 indexed grantId,
        address indexed patient,
        address indexed grantee,
        ScopeKind scopeKind,
        bytes32[] scopeValues,
        uint8 purposes,
        uint64 notBefore,
        uint64 expiresAt,
        address submitter
    );
    /// @notice A grant was revoked; `submitter` is whoever sent the transaction.
    event ConsentRevoked(bytes32 indexed grantId, address indexed patient, address indexed grantee, address submitter);

    /**
     * @notice Records a patient's grant, signed by the patient or sent by the patient.
     * @param consent The signed message.
     * @param signature The patient's 65-byte EIP-712 signature; ignored (may be empty) when the patient sends it.
     * @return grantId The grant's id, its EIP-712 digest (see `grantIdOf`).
     */
    function grant(ConsentGrant calldata consent, bytes calldata signature) external returns (bytes32 grantId);

    /**
     * @notice Revokes a grant, signed by its patient or sent by the patient. The EIP-712 type is
     * `ConsentRevocation(bytes32 grantId,uint256 nonce,uint64 deadline)`.
     * @param grantId The grant to revoke.
     * @param nonce The patient's next nonce.
     * @param deadline Last `block.timestamp` at which a relayer may submit the signature.
     * @param signature The patient's 65-byte signature; ignored when the patient sends it.
     */
    function revoke(bytes32 grantId, uint256 nonce, uint64 deadline, bytes calldata signature) external;

    /**
     * @notice Answers whether the grantee may now use the patient's data for the purpose, under a scope value.
     * @param patient The patient.
     * @param grantee The address asking.
     * @param purpose One or more purpose bits, all of which a grant must allow; zero never matches.
     * @param scopeKind How `scopeValue` is to be read.
     * @param scopeValue The hashed resource type, category or record reference.
     * @return permitted True if a grant in force covers the request.
     * @return grantId The first such grant, or zero.
     */
    function isPermitted(
        address patient,
        address grantee,
        uint8 purpose,
        ScopeKind scopeKind,
        bytes32 scopeValue
    ) external view returns (bool permitted, bytes32 grantId);

    /**
     * @notice Returns a grant, revoked or not.
     * @param grantId The grant's id.
     * @return stored The grant; reverts with `ConsentUnknownGrant` if none.
     */
    function getGrant(bytes32 grantId) external view returns (StoredGrant memory stored);

    /**
     * @notice Lists the ids of every grant a patient ever made, oldest first.
     * @param patient The patient.
     * @return grantIds The ids.
     */
    function grantIdsOf(address patient) external view returns (bytes32[] memory grantIds);

    /**
     * @notice Computes a grant's id: the EIP-712 digest of the message in this contract's domain, so it is unique
     * across chains and deployments and computable off chain with any EIP-712 library.
     * @param consent The message.
     * @return grantId The id `consent` would be stored under.
     */
    function grantIdOf(ConsentGrant calldata consent) external view returns (bytes32 grantId);
}
