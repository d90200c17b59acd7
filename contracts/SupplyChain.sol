// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {ISupplyChain} from "./interfaces/ISupplyChain.sol";
import {ConsortiumRoles} from "./libraries/ConsortiumRoles.sol";

/**
 * @title SupplyChain
 * @notice Drug custody between consortium members with serial verification, risk-driven holds and audit cases; see
 * {ISupplyChain} for the rules.
 */
contract SupplyChain is ISupplyChain {
    /// @notice The leaf domain of serial numbers in a lot's tree.
    string public constant SERIAL_LEAF_DOMAIN = "caduceus.serial.v1";
    /// @notice The risk threshold until a regulator changes it: a score of 80 % holds the lot.
    uint16 public constant DEFAULT_RISK_THRESHOLD = 8_000;
    /// @notice Scores and the threshold are basis points of this.
    uint16 public constant MAX_SCORE = 10_000;

    uint16 private constant _PARTNERS =
        ConsortiumRoles.MANUFACTURER | ConsortiumRoles.DISTRIBUTOR | ConsortiumRoles.PHARMACY | ConsortiumRoles.HOSPITAL;
    uint16 private constant _DISPENSERS = ConsortiumRoles.PHARMACY | ConsortiumRoles.HOSPITAL;
    uint16 private constant _CASE_CLOSERS = ConsortiumRoles.AUDITOR | ConsortiumRoles.REGULATOR;
    uint256 private constant _MAX_LOT_NUMBER_BYTES = 20;
    uint64 private constant _GTIN_LIMIT = 1e14;

    IConsortiumRegistry private immutable _registry;
    uint16 private _riskThreshold;
    uint256 private _shipmentCount;
    uint256 private _caseCount;

    mapping(uint64 gtin => Product) private _products;
    mapping(bytes32 lotId => Lot) private _lots;
    mapping(bytes32 lotId => mapping(address member => uint256)) private _holdings;
    /// @dev Only serials off the normal path; `Unknown` (zero) means still in the chain of custody.
    mapping(bytes32 lotId => mapping(bytes32 serialHash => SerialState)) private _serials;
    mapping(uint256 shipmentId => Shipment) private _shipments;
    mapping(uint256 caseId => AuditCase) private _cases;

    /// @param registryAddress The consortium registry that says who is a partner, oracle, auditor or regulator.
    constructor(address registryAddress) {
        if (registryAddress == address(0)) revert SupplyInvalidRegistry();
        _registry = IConsortiumRegistry(registryAddress);
        _riskThreshold = DEFAULT_RISK_THRESHOLD;
    }

    // ------------------------------------------------------------------------------------------ products, lots

    /// @inheritdoc ISupplyChain
    function registerProduct(
        uint64 gtin,
        string calldata name,
        string calldata strength,
        string calldata form
    ) external {
        address owner = _caller(ConsortiumRoles.MANUFACTURER);
        if (!isValidGtin(gtin)) revert SupplyInvalidGtin(gtin);
        address existing = _products[gtin].owner;
        if (existing != address(0)) revert SupplyGtinTaken(gtin, existing);
        if (bytes(name).length == 0) revert SupplyEmptyProductName();
        _products[gtin] = Product({
            owner: owner,
            registeredAt: uint64(block.timestamp),
            name: name,
            strength: strength,
            form: form
        });
        emit ProductRegistered(gtin, owner, name, strength, form);
    }

    /// @inheritdoc ISupplyChain
    function commission(
        uint64 gtin,
        string calldata lotNumber,
        uint64 expiresAt,
        uint32 quantity,
        bytes32 serialRoot
    ) external returns (bytes32 lotId) {
        address manufacturer = _caller(ConsortiumRoles.MANUFACTURER);
        address owner = _products[gtin].owner;
        if (owner == address(0)) revert SupplyUnknownGtin(gtin);
        if (owner != manufacturer) revert SupplyNotProductOwner(gtin, msg.sender);
        uint256 lotNumberBytes = bytes(lotNumber).length;
        if (lotNumberBytes == 0 || lotNumberBytes > _MAX_LOT_NUMBER_BYTES) revert SupplyInvalidLotNumber();
        if (quantity == 0) revert SupplyInvalidQuantity();
        if (serialRoot == bytes32(0)) revert SupplyInvalidSerialRoot();
        lotId = lotIdOf(gtin, lotNumber);
        if (expiresAt <= block.timestamp) revert SupplyExpiredProduct(lotId, expiresAt);
        Lot storage lot = _lots[lotId];
        if (lot.commissionedAt != 0) revert SupplyLotExists(lotId);
        lot.manufacturer = manufacturer;
        lot.gtin = gtin;
        lot.quantity = quantity;
        lot.expiresAt = expiresAt;
        lot.commissionedAt = uint64(block.timestamp);
        lot.status = LotStatus.Active;
        lot.serialRoot = serialRoot;
        lot.lotNumber = lotNumber;
        _holdings[lotId][manufacturer] = quantity;
        emit LotCommissioned(lotId, gtin, manufacturer, lotNumber, expiresAt, quantity, serialRoot);
    }

    // ------------------------------------------------------------------------------------------------ custody

    /// @inheritdoc ISupplyChain
    function ship(
        bytes32 lotId,
        address to,
        uint32 quantity,
        bytes32 serialsHash
    ) external returns (uint256 shipmentId) {
        address from = _caller(_PARTNERS);
        Lot storage lot = _lot(lotId);
        address addressee = _partner(to);
        if (addressee == from) revert SupplySelfShipment(from);
        if (quantity == 0) revert SupplyInvalidQuantity();
        _checkNotHeld(lotId, lot);
        if (lot.status == LotStatus.Quarantined) revert SupplyQuarantinedProduct(lotId);
        // Recalled and expired product may still travel back to its manufacturer, for destruction.
        if (addressee != lot.manufacturer) {
            if (lot.status == LotStatus.Recalled) revert SupplyRecalledProduct(lotId);
            _checkNotExpired(lotId, lot);
        }
        _debit(lotId, from, quantity);
        shipmentId = ++_shipmentCount;
        Shipment storage shipment = _shipments[shipmentId];
        shipment.lotId = lotId;
        shipment.from = from;
        shipment.quantity = quantity;
        shipment.shippedAt = uint64(block.timestamp);
        shipment.to = addressee;
        shipment.serialsHash = serialsHash;
        emit Shipped(shipmentId, lotId, from, addressee, quantity, serialsHash);
    }

    /// @inheritdoc ISupplyChain
    function receiveShipment(uint256 shipmentId, uint32 quantity, bytes32 serialsHash) external {
        address member = _caller(_PARTNERS);
        Shipment storage shipment = _shipment(shipmentId);
        if (shipment.to != member) revert SupplyNotAddressee(shipmentId, msg.sender);
        if (shipment.receivedAt != 0) revert SupplyAlreadyReceived(shipmentId);
        bytes32 lotId = shipment.lotId;
        _checkNotHeld(lotId, _lots[lotId]);
        uint32 shipped = shipment.quantity;
        // Units beyond what was shipped came from somewhere else: they are reported, never credited.
        uint32 credited = quantity < shipped ? quantity : shipped;
        shipment.receivedQuantity = quantity;
        shipment.receivedAt = uint64(block.timestamp);
        shipment.receivedSerialsHash = serialsHash;
        _holdings[lotId][member] += credited;
        emit Received(shipmentId, lotId, member, credited, serialsHash);
        bytes32 shippedSerials = shipment.serialsHash;
        bool serialsDiffer = serialsHash != bytes32(0) && shippedSerials != bytes32(0) && serialsHash != shippedSerials;
        if (quantity != shipped || serialsDiffer) {
            emit DiscrepancyRecorded(
                shipmentId,
                lotId,
                shipment.from,
                member,
                shipped,
                quantity,
                shippedSerials,
                serialsHash
            );
        }
    }

    /// @inheritdoc ISupplyChain
    function dispense(bytes32 lotId, string calldata serial, bytes32[] calldata proof) external {
        address member = _caller(_DISPENSERS);
        Lot storage lot = _lot(lotId);
        _checkNotHeld(lotId, lot);
        if (lot.status == LotStatus.Recalled) revert SupplyRecalledProduct(lotId);
        if (lot.status == LotStatus.Quarantined) revert SupplyQuarantinedProduct(lotId);
        _checkNotExpired(lotId, lot);
        bytes32 serialHash = _takeSerial(lotId, lot, serial, proof, member, SerialState.Dispensed);
        emit SerialDispensed(lotId, serialHash, member, serial);
    }

    /// @inheritdoc ISupplyChain
    function decommission(bytes32 lotId, string calldata serial, bytes32[] calldata proof, bytes32 reason) external {
        address member = _caller(_PARTNERS);
        Lot storage lot = _lot(lotId);
        _checkNotHeld(lotId, lot);
        bytes32 serialHash = _takeSerial(lotId, lot, serial, proof, member, SerialState.Decommissioned);
        emit SerialDecommissioned(lotId, serialHash, member, serial, reason);
    }

    /// @inheritdoc ISupplyChain
    function reportStolen(bytes32 lotId, string calldata serial, bytes32[] calldata proof) external {
        address member = _caller(_PARTNERS);
        Lot storage lot = _lot(lotId);
        bytes32 serialHash = _takeSerial(lotId, lot, serial, proof, member, SerialState.Stolen);
        emit SerialReportedStolen(lotId, serialHash, member, serial);
    }

    // ------------------------------------------------------------------------------------ risk, holds, cases

    /// @inheritdoc ISupplyChain
    function submitRisk(
        bytes32 lotId,
        uint256 shipmentId,
        bytes32 eventRef,
        uint16 score,
        bytes32 explanationHash
    ) external returns (uint256 caseId) {
        address oracle = _caller(ConsortiumRoles.AI_ORACLE);
        if (score > MAX_SCORE) revert SupplyInvalidScore(score);
        Lot storage lot = _lot(lotId);
        if (shipmentId != 0 && _shipment(shipmentId).lotId != lotId) revert SupplyShipmentNotInLot(shipmentId, lotId);
        if (score >= _riskThreshold) {
            caseId = ++_caseCount;
            AuditCase storage auditCase = _cases[caseId];
            auditCase.lotId = lotId;
            auditCase.shipmentId = shipmentId;
            auditCase.eventRef = eventRef;
            auditCase.explanationHash = explanationHash;
            auditCase.oracle = oracle;
            auditCase.score = score;
            auditCase.openedAt = uint64(block.timestamp);
            ++lot.openCases;
            _announceCase(caseId, lot.manufacturer, auditCase);
            emit LotHeld(lotId, caseId);
        }
        emit RiskAssessed(lotId, shipmentId, oracle, eventRef, score, explanationHash, caseId);
    }

    /// @inheritdoc ISupplyChain
    function closeCase(uint256 caseId, Resolution resolution, bytes32 findingsHash) external {
        address closer = _caller(_CASE_CLOSERS);
        AuditCase storage auditCase = _cases[caseId];
        if (auditCase.openedAt == 0) revert SupplyUnknownCase(caseId);
        if (auditCase.resolution != Resolution.None) revert SupplyCaseClosed(caseId);
        if (resolution == Resolution.None) revert SupplyInvalidResolution();
        auditCase.resolution = resolution;
        auditCase.closedAt = uint64(block.timestamp);
        auditCase.closedBy = closer;
        auditCase.findingsHash = findingsHash;
        bytes32 lotId = auditCase.lotId;
        Lot storage lot = _lots[lotId];
        uint32 stillOpen = --lot.openCases;
        emit AuditCaseClosed(caseId, lotId, resolution, closer, findingsHash);
        if (resolution == Resolution.Recalled) {
            lot.status = LotStatus.Recalled;
            emit LotRecalled(lotId, closer, caseId, findingsHash);
        } else if (resolution == Resolution.Quarantined) {
            lot.status = LotStatus.Quarantined;
            emit LotQuarantined(lotId, closer, caseId);
        } else if (stillOpen == 0) {
            emit LotReleased(lotId, caseId);
        }
    }

    /// @inheritdoc ISupplyChain
    function recall(bytes32 lotId, bytes32 reasonHash) external {
        Lot storage lot = _lot(lotId);
        bool regulator = _registry.hasRole(msg.sender, ConsortiumRoles.REGULATOR);
        address member = _registry.memberOf(msg.sender);
        bool manufacturer = member == lot.manufacturer && _registry.hasRole(msg.sender, ConsortiumRoles.MANUFACTURER);
        if (!regulator && !manufacturer) {
            revert SupplyNotAuthorised(msg.sender, ConsortiumRoles.MANUFACTURER | ConsortiumRoles.REGULATOR);
        }
        if (lot.status != LotStatus.Active) revert SupplyLotNotActive(lotId, lot.status);
        lot.status = LotStatus.Recalled;
        emit LotRecalled(lotId, member, 0, reasonHash);
    }

    /// @inheritdoc ISupplyChain
    function setRiskThreshold(uint16 threshold) external {
        address regulator = _caller(ConsortiumRoles.REGULATOR);
        if (threshold == 0 || threshold > MAX_SCORE) revert SupplyInvalidThreshold(threshold);
        _riskThreshold = threshold;
        emit RiskThresholdChanged(threshold, regulator);
    }

    // ----------------------------------------------------------------------------------------------- views

    /// @inheritdoc ISupplyChain
    function verifySerial(
        uint64 gtin,
        string calldata lotNumber,
        string calldata serial,
        bytes32[] calldata proof
    ) external view returns (SerialVerification memory verification) {
        bytes32 lotId = lotIdOf(gtin, lotNumber);
        Lot storage lot = _lots[lotId];
        verification.lotId = lotId;
        if (lot.commissionedAt == 0) return verification;
        verification.expiresAt = lot.expiresAt;
        LotStatus lotStatus = _statusOf(lot);
        verification.lotStatus = lotStatus;
        if (!MerkleProof.verifyCalldata(proof, lot.serialRoot, serialLeaf(serial))) return verification;
        verification.genuine = true;
        SerialState stored = _serials[lotId][keccak256(bytes(serial))];
        if (stored != SerialState.Unknown) verification.state = stored;
        else if (lotStatus == LotStatus.Recalled) verification.state = SerialState.Recalled;
        else if (lotStatus == LotStatus.Quarantined) verification.state = SerialState.Quarantined;
        else if (lot.openCases != 0) verification.state = SerialState.Held;
        else verification.state = SerialState.Active;
    }

    /// @inheritdoc ISupplyChain
    function getProduct(uint64 gtin) external view returns (Product memory product) {
        product = _products[gtin];
        if (product.owner == address(0)) revert SupplyUnknownGtin(gtin);
    }

    /// @inheritdoc ISupplyChain
    function getLot(bytes32 lotId) external view returns (Lot memory lot) {
        Lot storage stored = _lot(lotId);
        lot = stored;
        lot.status = _statusOf(stored);
    }

    /// @inheritdoc ISupplyChain
    function getShipment(uint256 shipmentId) external view returns (Shipment memory shipment) {
        return _shipment(shipmentId);
    }

    /// @inheritdoc ISupplyChain
    function getCase(uint256 caseId) external view returns (AuditCase memory auditCase) {
        auditCase = _cases[caseId];
        if (auditCase.openedAt == 0) revert SupplyUnknownCase(caseId);
    }

    /// @inheritdoc ISupplyChain
    function holdingOf(bytes32 lotId, address member) external view returns (uint256 quantity) {
        return _holdings[lotId][member];
    }

    /// @inheritdoc ISupplyChain
    function shipmentCount() external view returns (uint256 count) {
        return _shipmentCount;
    }

    /// @inheritdoc ISupplyChain
    function caseCount() external view returns (uint256 count) {
        return _caseCount;
    }

    /// @inheritdoc ISupplyChain
    function riskThreshold() external view returns (uint16 threshold) {
        return _riskThreshold;
    }

    /// @inheritdoc ISupplyChain
    function registry() external view returns (address registryAddress) {
        return address(_registry);
    }

    /// @inheritdoc ISupplyChain
    function lotIdOf(uint64 gtin, string calldata lotNumber) public pure returns (bytes32 lotId) {
        return keccak256(abi.encode(gtin, lotNumber));
    }

    /// @inheritdoc ISupplyChain
    function serialLeaf(string calldata serial) public pure returns (bytes32 leaf) {
        return keccak256(bytes.concat(keccak256(abi.encode(SERIAL_LEAF_DOMAIN, keccak256(bytes(serial))))));
    }

    /// @inheritdoc ISupplyChain
    function isValidGtin(uint64 gtin) public pure returns (bool valid) {
        if (gtin == 0 || gtin >= _GTIN_LIMIT) return false;
        uint64 body = gtin / 10;
        uint64 sum = 0;
        // GS1 mod-10: weights 3, 1, 3, ... from the digit left of the check digit.
        for (uint256 i = 0; i < 13; ++i) {
            uint64 digit = body % 10;
            sum += i % 2 == 0 ? 3 * digit : digit;
            body /= 10;
        }
        return (10 - (sum % 10)) % 10 == gtin % 10;
    }

    // ------------------------------------------------------------------------------------------- internals

    /// @dev The calling member's account, if the caller (account or current node) holds any role in `roles`.
    function _caller(uint16 roles) private view returns (address member) {
        if (!_hasAnyRole(msg.sender, roles)) revert SupplyNotAuthorised(msg.sender, roles);
        return _registry.memberOf(msg.sender);
    }

    /// @dev The account of an active supply-chain partner named by its account or node.
    function _partner(address accountOrNode) private view returns (address member) {
        member = _registry.memberOf(accountOrNode);
        if (member == address(0) || !_hasAnyRole(member, _PARTNERS)) revert SupplyUnknownPartner(accountOrNode);
    }

    /// @dev The registry only answers "all of these roles", so "any of" asks once per bit.
    function _hasAnyRole(address who, uint16 roles) private view returns (bool) {
        for (uint16 bit = 1; bit != 0 && bit <= roles; bit <<= 1) {
            if (roles & bit != 0 && _registry.hasRole(who, bit)) return true;
        }
        return false;
    }

    function _lot(bytes32 lotId) private view returns (Lot storage lot) {
        lot = _lots[lotId];
        if (lot.commissionedAt == 0) revert SupplyUnknownLot(lotId);
    }

    function _shipment(uint256 shipmentId) private view returns (Shipment storage shipment) {
        shipment = _shipments[shipmentId];
        if (shipment.shippedAt == 0) revert SupplyUnknownShipment(shipmentId);
    }

    /// @dev Recalled and quarantined outrank a hold in what is reported; for moving, any open case holds the lot.
    function _statusOf(Lot storage lot) private view returns (LotStatus) {
        LotStatus status = lot.status;
        return status == LotStatus.Active && lot.openCases != 0 ? LotStatus.Held : status;
    }

    function _checkNotHeld(bytes32 lotId, Lot storage lot) private view {
        if (lot.openCases != 0) revert SupplyHeldProduct(lotId);
    }

    function _checkNotExpired(bytes32 lotId, Lot storage lot) private view {
        if (block.timestamp >= lot.expiresAt) revert SupplyExpiredProduct(lotId, lot.expiresAt);
    }

    function _debit(bytes32 lotId, address member, uint256 quantity) private {
        uint256 held = _holdings[lotId][member];
        if (held < quantity) revert SupplyInsufficientQuantity(lotId, member, held, quantity);
        unchecked {
            _holdings[lotId][member] = held - quantity;
        }
    }

    /// @dev Proves the serial in the lot, checks it is still in custody, and takes it out of `member`'s holding.
    function _takeSerial(
        bytes32 lotId,
        Lot storage lot,
        string calldata serial,
        bytes32[] calldata proof,
        address member,
        SerialState state
    ) private returns (bytes32 serialHash) {
        if (!MerkleProof.verifyCalldata(proof, lot.serialRoot, serialLeaf(serial))) {
            revert SupplyInvalidProof(lotId, serial);
        }
        serialHash = keccak256(bytes(serial));
        SerialState current = _serials[lotId][serialHash];
        if (current != SerialState.Unknown) revert SupplySerialUnavailable(lotId, serial, current);
        _debit(lotId, member, 1);
        _serials[lotId][serialHash] = state;
    }

    /// @dev Names the parties to notify: the manufacturer, and for a shipment its sender and addressee.
    function _announceCase(uint256 caseId, address manufacturer, AuditCase storage auditCase) private {
        uint256 shipmentId = auditCase.shipmentId;
        address holder;
        address addressee;
        if (shipmentId != 0) {
            Shipment storage shipment = _shipments[shipmentId];
            holder = shipment.from;
            addressee = shipment.to;
        }
        emit AuditCaseOpened(
            caseId,
            auditCase.lotId,
            shipmentId,
            manufacturer,
            holder,
            addressee,
            auditCase.score,
            auditCase.explanationHash
        );
    }
}
