// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IConsortiumRegistry
 * @notice The members of the Caduceus consortium (organisations), their roles, node signing keys and service URLs,
 * and the m-of-n governance that admits, suspends, reinstates and removes them.
 *
 * Every member has two keys: `account`, the organisation's administrative address (it identifies the member, proposes
 * and votes), and `node`, the hot key its Caduceus node signs transactions and anchors with. Both are unique across the
 * registry, may never be equal, and are never reused once registered, even after removal.
 *
 * Roles are a `uint16` bitmask (see `ConsortiumRoles`): HOSPITAL 1, CLINIC 2, PHARMACY 4, MANUFACTURER 8,
 * DISTRIBUTOR 16, RESEARCHER 32, REGULATOR 64, AUDITOR 128, AI_ORACLE 256.
 *
 * Governance: any active member proposes a change, which counts as its own approval; other active members approve
 * with `vote`. A proposal executes in the transaction that brings its approvals from currently active members to the
 * threshold `m = floor(n / 2) + 1` (a strict majority), where `n` is the number of active members at that moment, so
 * both are evaluated at execution time and approvals of members suspended or removed since do not count. A proposal
 * that has not executed within the voting period expires.
 */
interface IConsortiumRegistry {
    /// @notice Lifecycle of a member. `None` means the address was never admitted.
    enum MemberStatus {
        None,
        Active,
        Suspended,
        Removed
    }

    /// @notice What a proposal changes once executed.
    enum ProposalKind {
        Admit,
        Remove,
        Suspend,
        Reinstate,
        ChangeRoles,
        ChangeNode,
        ChangeServiceUrl,
        ChangeVotingPeriod
    }

    /// @notice `Expired` is reported by views for a pending proposal whose voting period has passed.
    enum ProposalStatus {
        None,
        Pending,
        Executed,
        Expired
    }

    /// @notice A member of the founding set, passed to the constructor.
    struct FoundingMember {
        address account;
        address node;
        string name;
        string serviceUrl;
        uint16 roles;
    }

    /// @notice A registered member as the registry stores it.
    struct Member {
        address account;
        address node;
        string name;
        string serviceUrl;
        uint16 roles;
        MemberStatus status;
        uint64 admittedAt;
    }

    /// @notice A governance proposal. Fields a kind does not use are zero or empty.
    struct Proposal {
        ProposalKind kind;
        ProposalStatus status;
        address proposer;
        /// @dev The member concerned (the candidate's account for `Admit`); zero for `ChangeVotingPeriod`.
        address account;
        /// @dev `Admit`, `ChangeNode`.
        address node;
        /// @dev `Admit`, `ChangeRoles`.
        uint16 roles;
        /// @dev `ChangeVotingPeriod`, in seconds.
        uint64 votingPeriod;
        uint64 createdAt;
        /// @dev Votes are accepted while `block.timestamp < expiresAt`.
        uint64 expiresAt;
        /// @dev `Admit`.
        string name;
        /// @dev `Admit`, `ChangeServiceUrl`.
        string serviceUrl;
        /// @dev Accounts that approved, in order, including ones no longer active.
        address[] approvals;
    }

    /// @notice The constructor was given no founding member.
    error ConsortiumNoFounders();
    /// @notice An account or node address was zero.
    error ConsortiumZeroAddress();
    /// @notice The address is already registered as some member's account or node (addresses are never reused).
    error ConsortiumAddressInUse(address addr);
    /// @notice The role mask is empty or has an undefined bit.
    error ConsortiumInvalidRoles(uint16 roles);
    /// @notice A member must have a name.
    error ConsortiumEmptyName();
    /// @notice No member was ever registered under this account.
    error ConsortiumUnknownMember(address account);
    /// @notice Only an active member's account may propose, vote or update its own entry.
    error ConsortiumCallerNotActiveMember(address caller);
    /// @notice The member's status does not allow this change (e.g. reinstating an active member).
    error ConsortiumInvalidMemberStatus(address account, MemberStatus status);
    /// @notice The change would leave the consortium without an active member, and so without governance.
    error ConsortiumLastActiveMember(address account);
    /// @notice The voting period is outside the allowed bounds.
    error ConsortiumInvalidVotingPeriod(uint64 votingPeriod);
    /// @notice No proposal has this id.
    error ConsortiumUnknownProposal(uint256 proposalId);
    /// @notice The proposal's voting period ended before it reached the threshold.
    error ConsortiumProposalExpired(uint256 proposalId, uint64 expiredAt);
    /// @notice The proposal has already been executed.
    error ConsortiumProposalAlreadyExecuted(uint256 proposalId);
    /// @notice The member already approved this proposal.
    error ConsortiumAlreadyVoted(uint256 proposalId, address voter);
    /// @notice `execute` was called before enough active members approved.
    error ConsortiumThresholdNotReached(uint256 proposalId, uint256 approvals, uint256 required);

    /// @notice A member joined (a founder at deployment or by an executed `Admit` proposal).
    event MemberAdmitted(address indexed account, address indexed node, uint16 roles, string name, string serviceUrl);
    /// @notice A member was removed for good.
    event MemberRemoved(address indexed account);
    /// @notice A member was suspended: it can no longer act, and its node is no longer active.
    event MemberSuspended(address indexed account);
    /// @notice A suspended member became active again.
    event MemberReinstated(address indexed account);
    /// @notice A member's roles were replaced.
    event MemberRolesChanged(address indexed account, uint16 roles);
    /// @notice A member's node signing address changed.
    event MemberNodeChanged(address indexed account, address indexed previousNode, address indexed node);
    /// @notice A member's service URL changed.
    event MemberServiceUrlChanged(address indexed account, string serviceUrl);
    /// @notice The voting period for new proposals changed.
    event VotingPeriodChanged(uint64 votingPeriod);
    /// @notice A proposal was created; `account` is the member concerned (zero for `ChangeVotingPeriod`).
    event ProposalCreated(
        uint256 indexed proposalId,
        ProposalKind kind,
        address indexed proposer,
        address indexed account,
        uint64 expiresAt
    );
    /// @notice A member approved a proposal; `approvals` counts all approvals recorded so far.
    event ProposalApproved(uint256 indexed proposalId, address indexed voter, uint256 approvals);
    /// @notice A proposal reached the threshold and its change was applied.
    event ProposalExecuted(uint256 indexed proposalId);

    /**
     * @notice Proposes admitting a new member.
     * @param account The candidate's administrative address.
     * @param node The candidate's node signing address (different from `account`).
     * @param name The organisation's name.
     * @param serviceUrl Base URL of the candidate's Caduceus node.
     * @param roles The candidate's roles bitmask.
     * @return proposalId The new proposal's id.
     */
    function proposeAdmission(
        address account,
        address node,
        string calldata name,
        string calldata serviceUrl,
        uint16 roles
    ) external returns (uint256 proposalId);

    /**
     * @notice Proposes removing a member (active or suspended) for good.
     * @param account The member's account.
     * @return proposalId The new proposal's id.
     */
    function proposeRemoval(address account) external returns (uint256 proposalId);

    /**
     * @notice Proposes suspending an active member.
     * @param account The member's account.
     * @return proposalId The new proposal's id.
     */
    function proposeSuspension(address account) external returns (uint256 proposalId);

    /**
     * @notice Proposes reinstating a suspended member.
     * @param account The member's account.
     * @return proposalId The new proposal's id.
     */
    function proposeReinstatement(address account) external returns (uint256 proposalId);

    /**
     * @notice Proposes replacing a member's roles.
     * @param account The member's account.
     * @param roles The new roles bitmask.
     * @return proposalId The new proposal's id.
     */
    function proposeRolesChange(address account, uint16 roles) external returns (uint256 proposalId);

    /**
     * @notice Proposes changing another member's node address (e.g. when it lost its node key).
     * @param account The member's account.
     * @param node The new node signing address.
     * @return proposalId The new proposal's id.
     */
    function proposeNodeChange(address account, address node) external returns (uint256 proposalId);

    /**
     * @notice Proposes changing another member's service URL.
     * @param account The member's account.
     * @param serviceUrl The new service URL.
     * @return proposalId The new proposal's id.
     */
    function proposeServiceUrlChange(address account, string calldata serviceUrl) external returns (uint256 proposalId);

    /**
     * @notice Proposes a new voting period for proposals created afterwards.
     * @param votingPeriod Seconds, between `MIN_VOTING_PERIOD` and `MAX_VOTING_PERIOD`.
     * @return proposalId The new proposal's id.
     */
    function proposeVotingPeriod(uint64 votingPeriod) external returns (uint256 proposalId);

    /**
     * @notice Approves a pending proposal; executes it if the approvals of active members reach the threshold.
     * @param proposalId The proposal to approve.
     * @return executed Whether this vote executed the proposal.
     */
    function vote(uint256 proposalId) external returns (bool executed);

    /**
     * @notice Executes a pending proposal that already has enough approvals, for when the threshold fell because
     * members were suspended or removed after voting. Callable by anyone.
     * @param proposalId The proposal to execute.
     */
    function execute(uint256 proposalId) external;

    /**
     * @notice Lets an active member rotate its own node signing address without a vote.
     * @param node The new node signing address.
     */
    function updateNode(address node) external;

    /**
     * @notice Lets an active member change its own service URL without a vote.
     * @param serviceUrl The new service URL.
     */
    function updateServiceUrl(string calldata serviceUrl) external;

    /**
     * @notice Returns a registered member.
     * @param account The member's account.
     * @return member The member; reverts with `ConsortiumUnknownMember` if none.
     */
    function getMember(address account) external view returns (Member memory member);

    /**
     * @notice Resolves a node (or account) address to the member account it belongs to, whatever its status.
     * @param nodeOrAccount A node signing address or a member account.
     * @return account The member's account, or zero if the address is not registered.
     */
    function memberOf(address nodeOrAccount) external view returns (address account);

    /**
     * @notice Tells whether the address is the current node of an active member.
     * @param node The address to check.
     * @return active True for an active member's current node.
     */
    function isActiveNode(address node) external view returns (bool active);

    /**
     * @notice Tells whether the address is the account of an active member.
     * @param account The address to check.
     * @return active True for an active member's account.
     */
    function isActiveMember(address account) external view returns (bool active);

    /**
     * @notice Tells whether an active member, named by its account or current node, holds every role in `role`.
     * @param nodeOrAccount The member's account or current node address.
     * @param role One or more role bits; zero never matches.
     * @return granted True if the member is active and holds all the roles.
     */
    function hasRole(address nodeOrAccount, uint16 role) external view returns (bool granted);

    /**
     * @notice Lists every member ever registered, in admission order (removed members included).
     * @return list The members.
     */
    function members() external view returns (Member[] memory list);

    /**
     * @notice Counts every member ever registered.
     * @return count The number of members, removed ones included.
     */
    function memberCount() external view returns (uint256 count);

    /**
     * @notice Counts the active members, the `n` of the governance threshold.
     * @return count The number of active members.
     */
    function activeMemberCount() external view returns (uint256 count);

    /**
     * @notice The approvals a proposal needs right now: a strict majority of the active members.
     * @return required `floor(activeMemberCount / 2) + 1`.
     */
    function threshold() external view returns (uint256 required);

    /**
     * @notice The voting period given to proposals created from now on.
     * @return period Seconds.
     */
    function votingPeriod() external view returns (uint64 period);

    /**
     * @notice Returns a proposal with its status (`Expired` if pending past its deadline).
     * @param proposalId The proposal's id.
     * @return proposal The proposal; reverts with `ConsortiumUnknownProposal` if none.
     */
    function getProposal(uint256 proposalId) external view returns (Proposal memory proposal);

    /**
     * @notice Counts the proposals ever created; ids run from 1 to this number.
     * @return count The number of proposals.
     */
    function proposalCount() external view returns (uint256 count);

    /**
     * @notice Tells whether a member account approved a proposal.
     * @param proposalId The proposal's id.
     * @param account The member's account.
     * @return voted True if it approved.
     */
    function hasVoted(uint256 proposalId, address account) external view returns (bool voted);
}
