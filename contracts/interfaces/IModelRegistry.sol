// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IModelRegistry
 * @notice Provenance of federated learning: a job (what is trained, how, by which sites, with which privacy), each
 * completed round (the global model's hash, every site's sample count, update hash and signed attestation of the
 * settings it applied, the sites that dropped out, the privacy spent, the metrics) and the final model with its card.
 * Only hashes go on chain: models, specs and cards stay off chain, and anyone holding them can prove they match.
 * Fixed-point fields carry 6 decimals (`E6`), δ carries 12 (`E12`).
 */
interface IModelRegistry {
    /// @notice Differential-privacy settings every site applies (DP-SGD); all zero when the job has no DP.
    struct DpParams {
        uint64 noiseMultiplierE6;
        uint64 clipNormE6;
        uint64 epsilonBudgetE6;
        uint64 deltaE12;
    }

    /// @notice What a coordinator opens a job with.
    struct JobSettings {
        /// keccak256 of the job spec's canonical JSON.
        bytes32 specHash;
        /// keccak256 of the feature definition's canonical JSON.
        bytes32 featuresHash;
        /// Hash of the parameters round 1 starts from.
        bytes32 initialModelHash;
        /// The aggregation rule, e.g. "fedavg" (1 to 32 bytes).
        string algorithm;
        /// Invited sites (member accounts).
        address[] sites;
        /// How many sites a round needs to close (k of n).
        uint16 minSites;
        uint16 rounds;
        bool secureAggregation;
        /// DP-SGD settings (all zero: none).
        DpParams dp;
    }

    /// @notice What the coordinator reports for a completed round.
    struct RoundReport {
        /// One more than the last recorded round.
        uint16 round;
        /// The global model after the round.
        bytes32 modelHash;
        /// The sites whose updates made the round.
        Contribution[] contributions;
        /// Sites that were asked and did not answer in time.
        address[] dropped;
        /// ε spent so far (0 without DP).
        uint64 epsilonSpentE6;
        /// Metric names (e.g. "auc") and values, in the same order.
        bytes32[] metricNames;
        int64[] metricValuesE6;
    }

    /// @notice A federated job as opened by its coordinator.
    struct Job {
        address coordinator;
        bytes32 specHash;
        bytes32 featuresHash;
        bytes32 initialModelHash;
        string algorithm;
        address[] sites;
        uint16 minSites;
        uint16 rounds;
        bool secureAggregation;
        DpParams dp;
        uint16 roundsRecorded;
        bytes32 modelHash;
        bytes32 cardHash;
        string cardUri;
        uint64 openedAt;
    }

    /// @notice One site's part in a round. `sampleCount` is `SUPPRESSED` when fewer than 5 records took part.
    struct Contribution {
        address site;
        uint32 sampleCount;
        bytes32 updateHash;
        bytes attestation;
    }

    /// @notice A recorded round.
    struct Round {
        bytes32 modelHash;
        Contribution[] contributions;
        address[] dropped;
        uint64 epsilonSpentE6;
        bytes32[] metricNames;
        int64[] metricValuesE6;
        uint64 recordedAt;
    }

    /// @notice A member opened a job.
    event JobOpened(bytes32 indexed jobId, address indexed coordinator, bytes32 specHash, string algorithm);
    /// @notice The coordinator recorded a completed round.
    event RoundRecorded(bytes32 indexed jobId, uint16 indexed round, bytes32 modelHash, uint16 sites, uint16 dropped);
    /// @notice The coordinator registered the job's final model and its card.
    event ModelRegistered(bytes32 indexed jobId, bytes32 indexed modelHash, bytes32 cardHash, string cardUri);

    /// @notice The registry address given to the constructor is zero.
    error ModelRegistryInvalidRegistry();
    /// @notice Only the current node of an active consortium member may do this.
    error ModelRegistryNotActiveNode(address sender);
    /// @notice The job's settings are inconsistent (no sites, k outside 1..n, no rounds, a zero hash).
    error ModelRegistryInvalidJob(string reason);
    /// @notice A site of the job is not an active member.
    error ModelRegistryUnknownSite(address site);
    /// @notice No job has this id.
    error ModelRegistryUnknownJob(bytes32 jobId);
    /// @notice Only the job's coordinator may record its rounds and model.
    error ModelRegistryNotCoordinator(bytes32 jobId, address caller);
    /// @notice Rounds are recorded once each, in order, up to the job's number of rounds.
    error ModelRegistryRoundOutOfOrder(bytes32 jobId, uint16 expected, uint16 given);
    /// @notice Fewer contributions than the job's minimum number of sites, or a site listed twice.
    error ModelRegistryInvalidRound(string reason);
    /// @notice A contribution comes from a site the job did not invite.
    error ModelRegistrySiteNotInvited(bytes32 jobId, address site);
    /// @notice A contribution's attestation is not signed by the site's current node key.
    error ModelRegistryInvalidAttestation(bytes32 jobId, address site);
    /// @notice The model is registered after every round, once, and must be the last round's model.
    error ModelRegistryInvalidModel(bytes32 jobId);

    /**
     * @notice Opens a job with the sender's member as coordinator.
     * @param settings The job's settings; every site must be an active member.
     * @return jobId keccak256(coordinator, specHash, the coordinator's job count).
     */
    function openJob(JobSettings calldata settings) external returns (bytes32 jobId);

    /**
     * @notice Records the next completed round; every attestation is checked against the site's node key.
     * @param jobId The job.
     * @param report The round.
     */
    function recordRound(bytes32 jobId, RoundReport calldata report) external;

    /**
     * @notice Registers the final model (equal to the last round's) with the hash and location of its model card.
     * @param jobId The job, all of whose rounds are recorded.
     * @param modelHash The final model's hash.
     * @param cardHash keccak256 of the model card's canonical JSON.
     * @param cardUri Where the card can be read.
     */
    function registerModel(bytes32 jobId, bytes32 modelHash, bytes32 cardHash, string calldata cardUri) external;

    /// @notice The job. @param jobId The job id. @return job Its record (reverts when unknown).
    function getJob(bytes32 jobId) external view returns (Job memory job);

    /// @notice A recorded round. @param jobId The job id. @param round 1-based. @return record The round.
    function getRound(bytes32 jobId, uint16 round) external view returns (Round memory record);

    /**
     * @notice The EIP-712 digest a site's node signs to attest one round: the job, the round, the model it
     * started from, its update's hash, and the secure-aggregation and DP settings it applied.
     */
    function attestationDigest(
        bytes32 jobId,
        uint16 round,
        bytes32 startModelHash,
        bytes32 updateHash,
        bool secureAggregation,
        uint64 noiseMultiplierE6,
        uint64 clipNormE6
    ) external view returns (bytes32 digest);
}
