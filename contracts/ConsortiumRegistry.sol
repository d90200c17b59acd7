// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {ConsortiumMembers} from "./base/ConsortiumMembers.sol";

/**
 * @title ConsortiumRegistry
 * @notice The consortium's members ({ConsortiumMembers}) and their m-of-n governance; see {IConsortiumRegistry} for
 * the rules. Other contracts ask it `isActiveNode` and `hasRole` before letting a node act.
 */
contract ConsortiumRegistry is ConsortiumMembers {
    /// @notice The voting period until governance changes it.
    uint64 public constant DEFAULT_VOTING_PERIOD = 7 days;
    /// @notice The shortest voting period governance may choose.
    uint64 public constant MIN_VOTING_PERIOD = 1 seconds;
    /// @notice The longest voting period governance may choose.
    uint64 public constant MAX_VOTING_PERIOD = 365 days;

    uint64 private _votingPeriod;

    uint256 private _proposalCount;
    mapping(uint256 proposalId => Proposal) private _proposals;
    mapping(uint256 proposalId => mapping(address account => bool)) private _voted;

    /**
     * @notice Registers the founding members, all active, and sets the default voting period.
     * @param founders At least one member; accounts and nodes all distinct.
     */
    constructor(FoundingMember[] memory founders) {
        if (founders.length == 0) revert ConsortiumNoFounders();
        _votingPeriod = DEFAULT_VOTING_PERIOD;
        for (uint256 i = 0; i < founders.length; ++i) {
            FoundingMember memory founder = founders[i];
            _checkCandidate(founder.account, founder.node, founder.name, founder.roles);
            _admit(founder.account, founder.node, founder.name, founder.serviceUrl, founder.roles);
        }
    }

    // ----------------------------------------------------------------------------------------------- governance

    /// @inheritdoc IConsortiumRegistry
    function proposeAdmission(
        address account,
        address node,
        string calldata name,
        string calldata serviceUrl,
        uint16 roles
    ) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.Admit, account);
        proposal.node = node;
        proposal.roles = roles;
        proposal.name = name;
        proposal.serviceUrl = serviceUrl;
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function proposeRemoval(address account) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.Remove, account);
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function proposeSuspension(address account) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.Suspend, account);
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function proposeReinstatement(address account) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.Reinstate, account);
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function proposeRolesChange(address account, uint16 roles) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.ChangeRoles, account);
        proposal.roles = roles;
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function proposeNodeChange(address account, address node) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.ChangeNode, account);
        proposal.node = node;
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function proposeServiceUrlChange(
        address account,
        string calldata serviceUrl
    ) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.ChangeServiceUrl, account);
        proposal.serviceUrl = serviceUrl;
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function proposeVotingPeriod(uint64 period) external returns (uint256 proposalId) {
        Proposal storage proposal;
        (proposalId, proposal) = _createProposal(ProposalKind.ChangeVotingPeriod, address(0));
        proposal.votingPeriod = period;
        _submit(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function vote(uint256 proposalId) external returns (bool executed) {
        _checkCallerActive();
        Proposal storage proposal = _pendingProposal(proposalId);
        if (_voted[proposalId][msg.sender]) revert ConsortiumAlreadyVoted(proposalId, msg.sender);
        _approve(proposalId, proposal);
        return _executeIfApproved(proposalId, proposal);
    }

    /// @inheritdoc IConsortiumRegistry
    function execute(uint256 proposalId) external {
        Proposal storage proposal = _pendingProposal(proposalId);
        if (!_executeIfApproved(proposalId, proposal)) {
            revert ConsortiumThresholdNotReached(proposalId, _activeApprovals(proposal), threshold());
        }
    }

    // ------------------------------------------------------------------------------------------- self-service

    /// @inheritdoc IConsortiumRegistry
    function updateNode(address node) external {
        _checkCallerActive();
        _changeNode(msg.sender, node);
    }

    /// @inheritdoc IConsortiumRegistry
    function updateServiceUrl(string calldata serviceUrl) external {
        _checkCallerActive();
        _member(msg.sender).serviceUrl = serviceUrl;
        emit MemberServiceUrlChanged(msg.sender, serviceUrl);
    }

    // ------------------------------------------------------------------------------------------------- views

    /// @inheritdoc IConsortiumRegistry
    function threshold() public view returns (uint256 required) {
        return activeMemberCount() / 2 + 1;
    }

    /// @inheritdoc IConsortiumRegistry
    function votingPeriod() external view returns (uint64 period) {
        return _votingPeriod;
    }

    /// @inheritdoc IConsortiumRegistry
    function getProposal(uint256 proposalId) external view returns (Proposal memory proposal) {
        if (proposalId == 0 || proposalId > _proposalCount) revert ConsortiumUnknownProposal(proposalId);
        proposal = _proposals[proposalId];
        if (proposal.status == ProposalStatus.Pending && block.timestamp >= proposal.expiresAt) {
            proposal.status = ProposalStatus.Expired;
        }
    }

    /// @inheritdoc IConsortiumRegistry
    function proposalCount() external view returns (uint256 count) {
        return _proposalCount;
    }

    /// @inheritdoc IConsortiumRegistry
    function hasVoted(uint256 proposalId, address account) external view returns (bool voted) {
        return _voted[proposalId][account];
    }

    // --------------------------------------------------------------------------------------------- internals

    function _createProposal(
        ProposalKind kind,
        address account
    ) private returns (uint256 proposalId, Proposal storage proposal) {
        _checkCallerActive();
        proposalId = ++_proposalCount;
        proposal = _proposals[proposalId];
        proposal.kind = kind;
        proposal.status = ProposalStatus.Pending;
        proposal.proposer = msg.sender;
        proposal.account = account;
        proposal.createdAt = uint64(block.timestamp);
        proposal.expiresAt = uint64(block.timestamp) + _votingPeriod;
    }

    /// @dev Validates the filled-in proposal, announces it, counts the proposer's approval, and may execute it.
    function _submit(uint256 proposalId, Proposal storage proposal) private {
        _checkApplicable(proposal);
        emit ProposalCreated(proposalId, proposal.kind, msg.sender, proposal.account, proposal.expiresAt);
        _approve(proposalId, proposal);
        _executeIfApproved(proposalId, proposal);
    }

    function _approve(uint256 proposalId, Proposal storage proposal) private {
        _voted[proposalId][msg.sender] = true;
        proposal.approvals.push(msg.sender);
        emit ProposalApproved(proposalId, msg.sender, proposal.approvals.length);
    }

    function _executeIfApproved(uint256 proposalId, Proposal storage proposal) private returns (bool executed) {
        if (_activeApprovals(proposal) < threshold()) return false;
        // The registry may have changed since the proposal was made (an address taken, a member suspended).
        _checkApplicable(proposal);
        proposal.status = ProposalStatus.Executed;
        _apply(proposal);
        emit ProposalExecuted(proposalId);
        return true;
    }

    function _activeApprovals(Proposal storage proposal) private view returns (uint256 count) {
        address[] storage approvals = proposal.approvals;
        for (uint256 i = 0; i < approvals.length; ++i) {
            if (isActiveMember(approvals[i])) ++count;
        }
    }

    function _pendingProposal(uint256 proposalId) private view returns (Proposal storage proposal) {
        if (proposalId == 0 || proposalId > _proposalCount) revert ConsortiumUnknownProposal(proposalId);
        proposal = _proposals[proposalId];
        if (proposal.status == ProposalStatus.Executed) revert ConsortiumProposalAlreadyExecuted(proposalId);
        if (block.timestamp >= proposal.expiresAt) revert ConsortiumProposalExpired(proposalId, proposal.expiresAt);
    }

    /// @dev Reverts with the reason the proposal's change cannot be applied to the registry as it is now.
    function _checkApplicable(Proposal storage proposal) private view {
        ProposalKind kind = proposal.kind;
        address account = proposal.account;
        if (kind == ProposalKind.Admit) {
            _checkCandidate(account, proposal.node, proposal.name, proposal.roles);
        } else if (kind == ProposalKind.ChangeVotingPeriod) {
            uint64 period = proposal.votingPeriod;
            if (period < MIN_VOTING_PERIOD || period > MAX_VOTING_PERIOD) revert ConsortiumInvalidVotingPeriod(period);
        } else {
            MemberStatus status = _member(account).status;
            if (status == MemberStatus.None) revert ConsortiumUnknownMember(account);
            bool allowed = kind == ProposalKind.Suspend
                ? status == MemberStatus.Active
                : kind == ProposalKind.Reinstate
                    ? status == MemberStatus.Suspended
                    : status != MemberStatus.Removed;
            if (!allowed) revert ConsortiumInvalidMemberStatus(account, status);
            bool deactivates = kind == ProposalKind.Suspend || kind == ProposalKind.Remove;
            if (deactivates && status == MemberStatus.Active && activeMemberCount() == 1) {
                revert ConsortiumLastActiveMember(account);
            }
            if (kind == ProposalKind.ChangeRoles) _checkRoles(proposal.roles);
            if (kind == ProposalKind.ChangeNode) _checkUnusedAddress(proposal.node);
        }
    }

    function _apply(Proposal storage proposal) private {
        ProposalKind kind = proposal.kind;
        address account = proposal.account;
        if (kind == ProposalKind.Admit) {
            _admit(account, proposal.node, proposal.name, proposal.serviceUrl, proposal.roles);
        } else if (kind == ProposalKind.Remove) {
            _setStatus(account, MemberStatus.Removed);
        } else if (kind == ProposalKind.Suspend) {
            _setStatus(account, MemberStatus.Suspended);
        } else if (kind == ProposalKind.Reinstate) {
            _setStatus(account, MemberStatus.Active);
        } else if (kind == ProposalKind.ChangeRoles) {
            _member(account).roles = proposal.roles;
            emit MemberRolesChanged(account, proposal.roles);
        } else if (kind == ProposalKind.ChangeNode) {
            _changeNode(account, proposal.node);
        } else if (kind == ProposalKind.ChangeServiceUrl) {
            _member(account).serviceUrl = proposal.serviceUrl;
            emit MemberServiceUrlChanged(account, proposal.serviceUrl);
        } else {
            _votingPeriod = proposal.votingPeriod;
            emit VotingPeriodChanged(proposal.votingPeriod);
        }
    }

    function _checkCallerActive() private view {
        if (!isActiveMember(msg.sender)) revert ConsortiumCallerNotActiveMember(msg.sender);
    }
}
