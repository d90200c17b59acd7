// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IRecordLocator
 * @notice Which member organisations hold records of a patient, without any data: a custodian announces a patient
 * tag once, the event names the tag and the custodian (the member account). The tag is
 * `keccak256(abi.encode("caduceus.locator.v1", patient))` over the patient's pseudonymous chain address, never a
 * name or a medical record number; whoever knows the address can look the patient up, nobody else learns who it is.
 */
interface IRecordLocator {
    /// @notice A member organisation announced that it holds records of the patient behind `patientTag`.
    event PatientLocated(bytes32 indexed patientTag, address indexed custodian);

    /// @notice The registry address given to the constructor is zero.
    error LocatorInvalidRegistry();
    /// @notice Only the current node of an active consortium member may announce.
    error LocatorNotActiveNode(address sender);
    /// @notice The zero tag names no patient.
    error LocatorInvalidTag();

    /**
     * @notice Announces that the sender's member holds records of the patient behind `patientTag`; emits
     * {PatientLocated} the first time for this member and tag, and does nothing afterwards, so retries are safe.
     * @param patientTag `patientTag(patient)` of the patient's chain address.
     * @return announced True if this call recorded the announcement, false if it was already recorded.
     */
    function announce(bytes32 patientTag) external returns (bool announced);

    /**
     * @notice {announce} for several tags in one transaction (a node catching up after a restart).
     * @param patientTags The tags to announce; ones already announced by this member are skipped.
     * @return count How many of them were newly recorded.
     */
    function announceBatch(bytes32[] calldata patientTags) external returns (uint256 count);

    /**
     * @notice Whether `custodian` (a member account) announced `patientTag`.
     * @param patientTag A patient tag.
     * @param custodian A member account.
     * @return held True once announced.
     */
    function holds(bytes32 patientTag, address custodian) external view returns (bool held);

    /**
     * @notice The tag of a patient's chain address, as announcements carry it.
     * @param patient The patient's address.
     * @return tag `keccak256(abi.encode("caduceus.locator.v1", patient))`.
     */
    function patientTag(address patient) external pure returns (bytes32 tag);

    /**
     * @notice The consortium registry whose active nodes may announce.
     * @return registryAddress The registry.
     */
    function registry() external view returns (address registryAddress);
}
