// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";

/**
 * @title ModelRegistry
 * @notice Federated jobs, their rounds and their final models, with each site's signed attestation checked on chain
 * against the node key the consortium registry holds for it; see {IModelRegistry}.
 */
contract ModelRegistry is IModelRegistry, EIP712 {
    /// @notice The sample count recorded for a site with fewer than 5 records (small counts are not disclosed).
    uint32 public constant SUPPRESSED = type(uint32).max;

    bytes32 private constant _ATTESTATION_TYPEHASH = keccak256(
        "FlAttestation(bytes32 jobId,uint16 round,bytes32 startModelHash,bytes32 updateHash,bool secureAggregation,uint64 noiseMultiplierE6,uint64 clipNormE6)"
    );

    IConsortiumRegistry private immutable _registry;
    mapping(bytes32 jobId => Job) private _jobs;
    mapping(bytes32 jobId => mapping(uint16 round => Round)) private _rounds;
    mapping(address coordinator => uint256) private _jobCount;

    /// @param registryAddress The consortium registry whose members coordinate and take part.
    constructor(address registryAddress) EIP712("Caduceus ModelRegistry", "1") {
        if (registryAddress == address(0)) revert ModelRegistryInvalidRegistry();
        _registry = IConsortiumRegistry(registryAddress);
    }

    /// @inheritdoc IModelRegistry
    function openJob(JobSettings calldata settings) external returns (bytes32 jobId) {
        address coordinator = _memberOfSender();
        _checkSettings(settings);
        jobId = keccak256(abi.encode(coordinator, settings.specHash, _jobCount[coordinator]++));
        Job storage job = _jobs[jobId];
        job.coordinator = coordinator;
        job.specHash = settings.specHash;
        job.featuresHash = settings.featuresHash;
        job.initialModelHash = settings.initialModelHash;
        job.algorithm = settings.algorithm;
        job.sites = settings.sites;
        job.minSites = settings.minSites;
        job.rounds = settings.rounds;
        job.secureAggregation = settings.secureAggregation;
        job.dp = settings.dp;
        job.openedAt = uint64(block.timestamp);
        emit JobOpened(jobId, coordinator, settings.specHash, settings.algorithm);
    }

    /// @inheritdoc IModelRegistry
    function recordRound(bytes32 jobId, RoundReport calldata report) external {
        Job storage job = _coordinatedJob(jobId);
        uint16 round = report.round;
        uint16 expected = job.roundsRecorded + 1;
        if (round != expected || round > job.rounds) revert ModelRegistryRoundOutOfOrder(jobId, expected, round);
        if (report.contributions.length < job.minSites) revert ModelRegistryInvalidRound("fewer sites than minSites");
        if (report.metricNames.length != report.metricValuesE6.length) revert ModelRegistryInvalidRound("metrics");
        if (report.modelHash == bytes32(0)) revert ModelRegistryInvalidRound("model hash");
        bytes32 startModelHash = round == 1 ? job.initialModelHash : _rounds[jobId][round - 1].modelHash;
        Round storage record = _rounds[jobId][round];
        for (uint256 i = 0; i < report.contributions.length; ++i) {
            Contribution calldata c = report.contributions[i];
            _checkContribution(job, jobId, round, startModelHash, c);
            for (uint256 j = 0; j < i; ++j)
                if (report.contributions[j].site == c.site) revert ModelRegistryInvalidRound("duplicate site");
            record.contributions.push(c);
        }
        for (uint256 i = 0; i < report.dropped.length; ++i)
            if (!_invited(job, report.dropped[i])) revert ModelRegistrySiteNotInvited(jobId, report.dropped[i]);
        record.modelHash = report.modelHash;
        record.dropped = report.dropped;
        record.epsilonSpentE6 = report.epsilonSpentE6;
        record.metricNames = report.metricNames;
        record.metricValuesE6 = report.metricValuesE6;
        record.recordedAt = uint64(block.timestamp);
        job.roundsRecorded = round;
        emit RoundRecorded(
            jobId,
            round,
            report.modelHash,
            uint16(report.contributions.length),
            uint16(report.dropped.length)
        );
    }

    /// @inheritdoc IModelRegistry
    function registerModel(bytes32 jobId, bytes32 modelHash, bytes32 cardHash, string calldata cardUri) external {
        Job storage job = _coordinatedJob(jobId);
        if (
            job.modelHash != bytes32(0) ||
            job.roundsRecorded == 0 ||
            modelHash != _rounds[jobId][job.roundsRecorded].modelHash ||
            cardHash == bytes32(0)
        ) revert ModelRegistryInvalidModel(jobId);
        job.modelHash = modelHash;
        job.cardHash = cardHash;
        job.cardUri = cardUri;
        emit ModelRegistered(jobId, modelHash, cardHash, cardUri);
    }

    /// @inheritdoc IModelRegistry
    function getJob(bytes32 jobId) external view returns (Job memory job) {
        job = _jobs[jobId];
        if (job.coordinator == address(0)) revert ModelRegistryUnknownJob(jobId);
    }

    /// @inheritdoc IModelRegistry
    function getRound(bytes32 jobId, uint16 round) external view returns (Round memory record) {
        if (_jobs[jobId].coordinator == address(0)) revert ModelRegistryUnknownJob(jobId);
        return _rounds[jobId][round];
    }

    /// @inheritdoc IModelRegistry
    function attestationDigest(
        bytes32 jobId,
        uint16 round,
        bytes32 startModelHash,
        bytes32 updateHash,
        bool secureAggregation,
        uint64 noiseMultiplierE6,
        uint64 clipNormE6
    ) public view returns (bytes32 digest) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        _ATTESTATION_TYPEHASH,
                        jobId,
                        round,
                        startModelHash,
                        updateHash,
                        secureAggregation,
                        noiseMultiplierE6,
                        clipNormE6
                    )
                )
            );
    }

    /// @dev The site must be invited and its attestation signed by its member's current node over the job's settings.
    function _checkContribution(
        Job storage job,
        bytes32 jobId,
        uint16 round,
        bytes32 startModelHash,
        Contribution calldata c
    ) private view {
        if (!_invited(job, c.site)) revert ModelRegistrySiteNotInvited(jobId, c.site);
        bytes32 digest = attestationDigest(
            jobId,
            round,
            startModelHash,
            c.updateHash,
            job.secureAggregation,
            job.dp.noiseMultiplierE6,
            job.dp.clipNormE6
        );
        (address signer, ECDSA.RecoverError failure, ) = ECDSA.tryRecoverCalldata(digest, c.attestation);
        if (failure != ECDSA.RecoverError.NoError || signer != _registry.getMember(c.site).node)
            revert ModelRegistryInvalidAttestation(jobId, c.site);
    }

    function _checkSettings(JobSettings calldata s) private view {
        if (s.sites.length == 0 || s.sites.length > 255) revert ModelRegistryInvalidJob("sites");
        if (s.minSites == 0 || s.minSites > s.sites.length) revert ModelRegistryInvalidJob("minSites");
        if (s.rounds == 0) revert ModelRegistryInvalidJob("rounds");
        if (s.specHash == bytes32(0) || s.initialModelHash == bytes32(0)) revert ModelRegistryInvalidJob("hash");
        uint256 nameLength = bytes(s.algorithm).length;
        if (nameLength == 0 || nameLength > 32) revert ModelRegistryInvalidJob("algorithm");
        for (uint256 i = 0; i < s.sites.length; ++i) {
            if (!_registry.isActiveMember(s.sites[i])) revert ModelRegistryUnknownSite(s.sites[i]);
            for (uint256 j = 0; j < i; ++j) if (s.sites[j] == s.sites[i]) revert ModelRegistryInvalidJob("duplicate site");
        }
    }

    function _invited(Job storage job, address site) private view returns (bool) {
        for (uint256 i = 0; i < job.sites.length; ++i) if (job.sites[i] == site) return true;
        return false;
    }

    function _coordinatedJob(bytes32 jobId) private view returns (Job storage job) {
        job = _jobs[jobId];
        if (job.coordinator == address(0)) revert ModelRegistryUnknownJob(jobId);
        if (_memberOfSender() != job.coordinator) revert ModelRegistryNotCoordinator(jobId, msg.sender);
    }

    /// @dev The member account the sender's node speaks for; reverts unless it is an active member's current node.
    function _memberOfSender() private view returns (address) {
        if (!_registry.isActiveNode(msg.sender)) revert ModelRegistryNotActiveNode(msg.sender);
        return _registry.memberOf(msg.sender);
    }
}
