// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title ISupplyChain
 * @notice Pharmaceutical traceability in GS1 terms: products (GTIN), lots (lot number, expiry, quantity and a Merkle
 * root over their serial numbers), custody between consortium partners (ship, receive, dispense, decommission), public
 * verification of a serial, and risk-driven holds: an AI_ORACLE member scores a custody event, and a score at or above
 * the threshold holds the lot at once and opens an audit case that only an AUDITOR or REGULATOR closes.
 *
 * Parties are consortium members, named by their account; a member acts through its account or current node (the
 * registry's `hasRole`). Supply-chain partners hold at least one of MANUFACTURER, DISTRIBUTOR, PHARMACY or HOSPITAL.
 *
 * Identifiers:
 * - GTIN: the GTIN-14 as a number (`uint64`, leading zeros implicit, so GTIN-8, -12 and -13 fit), with a valid GS1
 *   mod-10 check digit.
 * - Lot: `lotId = keccak256(abi.encode(gtin, lotNumber))` (see `lotIdOf`); a lot number has 1 to 20 bytes (GS1 AI 10).
 * - Serial: a string (GS1 AI 21); its leaf in the lot's tree is
 *   `keccak256(bytes.concat(keccak256(abi.encode("caduceus.serial.v1", keccak256(bytes(serial))))))` (`serialLeaf`),
 *   the `contracts/MERKLE.md` construction with its own domain. The contract cannot count a tree's leaves, so a lot's
 *   `quantity` is the manufacturer's statement.
 *
 * Custody is counted per lot and member: commissioning credits the manufacturer, a shipment debits the sender at once
 * and credits the addressee with what it receives, and dispensing, decommissioning or reporting a serial stolen
 * debits its holder by one; nobody can ship or dispense more than it holds. Serials travel by quantity (a shipment may
 * carry `serialsHash`, a commitment to its serial list kept off chain); per-serial state is written only when a
 * serial leaves the normal path (dispensed, decommissioned, reported stolen).
 *
 * What may move: a held lot (an open audit case) moves in no way; a quarantined lot may only be received and
 * decommissioned; a recalled or expired lot may be received, decommissioned, or shipped back to its manufacturer,
 * never dispensed.
 *
 * Governance: the risk threshold (basis points) is set by a REGULATOR member, because the consortium registry's votes
 * change membership only; when it gains generic proposals this setter should move behind them.
 */
interface ISupplyChain {
    /// @notice A lot's status. `Held` is reported while the lot is `Active` and has an open audit case.
    enum LotStatus {
        None,
        Active,
        Held,
        Recalled,
        Quarantined
    }

    /// @notice A serial's state as `verifySerial` reports it; `Unknown` means not proven to belong to the lot.
    enum SerialState {
        Unknown,
        Active,
        Held,
        Recalled,
        Quarantined,
        Dispensed,
        Decommissioned,
        Stolen
    }

    /// @notice How an audit case ends: the hold is lifted, or the lot is recalled or quarantined.
    enum Resolution {
        None,
        Released,
        Recalled,
        Quarantined
    }

    /// @notice A registered product.
    struct Product {
        /// @dev The manufacturer member that registered it and alone commissions its lots.
        address owner;
        uint64 registeredAt;
        string name;
        string strength;
        string form;
    }

    /// @notice A commissioned lot.
    struct Lot {
        address manufacturer;
        uint64 gtin;
        uint32 quantity;
        uint64 expiresAt;
        uint64 commissionedAt;
        LotStatus status;
        /// @dev Audit cases on the lot still open; the lot is held while any is.
        uint32 openCases;
        bytes32 serialRoot;
        string lotNumber;
    }

    /// @notice A shipment from one member to another; `receivedAt` is zero until the addressee receives it.
    struct Shipment {
        bytes32 lotId;
        address from;
        uint32 quantity;
        uint64 shippedAt;
        address to;
        uint32 receivedQuantity;
        uint64 receivedAt;
        /// @dev The sender's commitment to the serials shipped (zero if none given).
        bytes32 serialsHash;
        /// @dev The addressee's commitment to the serials received (zero if none given).
        bytes32 receivedSerialsHash;
    }

    /// @notice An audit case opened by a risk score at or above the threshold.
    struct AuditCase {
        bytes32 lotId;
        /// @dev The scored shipment, or zero when the event was not a shipment.
        uint256 shipmentId;
        /// @dev The scored custody event (e.g. the hash of its EPCIS event id).
        bytes32 eventRef;
        bytes32 explanationHash;
        address oracle;
        uint16 score;
        Resolution resolution;
        uint64 openedAt;
        uint64 closedAt;
        address closedBy;
        bytes32 findingsHash;
    }

    /// @notice What `verifySerial` answers: the DSCSA "is this package genuine and saleable?" question.
    struct SerialVerification {
        bool genuine;
        bytes32 lotId;
        uint64 expiresAt;
        SerialState state;
        LotStatus lotStatus;
    }

    /// @notice The registry address given to the constructor is zero.
    error SupplyInvalidRegistry();
    /// @notice The caller is not an active member holding any of `roles` (a mask; for `recall`, not the manufacturer).
    error SupplyNotAuthorised(address caller, uint16 roles);
    /// @notice The GTIN is not 14 digits with a valid GS1 check digit.
    error SupplyInvalidGtin(uint64 gtin);
    /// @notice The GTIN is already registered.
    error SupplyGtinTaken(uint64 gtin, address owner);
    /// @notice No product is registered under this GTIN.
    error SupplyUnknownGtin(uint64 gtin);
    /// @notice A product needs a name.
    error SupplyEmptyProductName();
    /// @notice Only the product's owner commissions its lots.
    error SupplyNotProductOwner(uint64 gtin, address caller);
    /// @notice A lot number has 1 to 20 bytes.
    error SupplyInvalidLotNumber();
    /// @notice This lot is already commissioned.
    error SupplyLotExists(bytes32 lotId);
    /// @notice A lot's serial root is zero.
    error SupplyInvalidSerialRoot();
    /// @notice A lot, shipment or receipt quantity must be positive.
    error SupplyInvalidQuantity();
    /// @notice No lot has this id.
    error SupplyUnknownLot(bytes32 lotId);
    /// @notice The lot is past its expiry (or would be at commissioning).
    error SupplyExpiredProduct(bytes32 lotId, uint64 expiresAt);
    /// @notice The lot has an open audit case: it cannot move until the case is closed.
    error SupplyHeldProduct(bytes32 lotId);
    /// @notice The lot was recalled: it may only go back to its manufacturer or be decommissioned.
    error SupplyRecalledProduct(bytes32 lotId);
    /// @notice The lot is quarantined: it may only be received and decommissioned.
    error SupplyQuarantinedProduct(bytes32 lotId);
    /// @notice The addressee is not an active member with a supply-chain role.
    error SupplyUnknownPartner(address partner);
    /// @notice A member cannot ship to itself.
    error SupplySelfShipment(address member);
    /// @notice The member holds fewer units of the lot than the action needs.
    error SupplyInsufficientQuantity(bytes32 lotId, address member, uint256 held, uint256 needed);
    /// @notice No shipment has this id.
    error SupplyUnknownShipment(uint256 shipmentId);
    /// @notice Only the shipment's addressee may receive it.
    error SupplyNotAddressee(uint256 shipmentId, address caller);
    /// @notice The shipment was already received.
    error SupplyAlreadyReceived(uint256 shipmentId);
    /// @notice The proof does not place the serial in the lot's serial tree.
    error SupplyInvalidProof(bytes32 lotId, string serial);
    /// @notice The serial already left the normal path (dispensed, decommissioned or stolen).
    error SupplySerialUnavailable(bytes32 lotId, string serial, SerialState state);
    /// @notice A risk score is in basis points, 0 to 10,000.
    error SupplyInvalidScore(uint16 score);
    /// @notice The risk threshold is in basis points, 1 to 10,000.
    error SupplyInvalidThreshold(uint16 threshold);
    /// @notice The shipment does not carry this lot.
    error SupplyShipmentNotInLot(uint256 shipmentId, bytes32 lotId);
    /// @notice No audit case has this id.
    error SupplyUnknownCase(uint256 caseId);
    /// @notice The audit case was already closed.
    error SupplyCaseClosed(uint256 caseId);
    /// @notice A case is closed with `Released`, `Recalled` or `Quarantined`.
    error SupplyInvalidResolution();
    /// @notice The lot is already recalled or quarantined.
    error SupplyLotNotActive(bytes32 lotId, LotStatus status);

    /// @notice A manufacturer registered a product.
    event ProductRegistered(uint64 indexed gtin, address indexed owner, string name, string strength, string form);
    /// @notice A lot was commissioned; its whole quantity is credited to the manufacturer.
    event LotCommissioned(
        bytes32 indexed lotId,
        uint64 indexed gtin,
        address indexed manufacturer,
        string lotNumber,
        uint64 expiresAt,
        uint32 quantity,
        bytes32 serialRoot
    );
    /// @notice Units left the sender's holding for the addressee.
    event Shipped(
        uint256 indexed shipmentId,
        bytes32 indexed lotId,
        address indexed from,
        address to,
        uint32 quantity,
        bytes32 serialsHash
    );
    /// @notice The addressee received a shipment and was credited `quantity` (at most what was shipped).
    event Received(
        uint256 indexed shipmentId,
        bytes32 indexed lotId,
        address indexed to,
        uint32 quantity,
        bytes32 serialsHash
    );
    /// @notice A receipt did not match its shipment (quantity or serial list); the parties named must reconcile.
    event DiscrepancyRecorded(
        uint256 indexed shipmentId,
        bytes32 indexed lotId,
        address indexed from,
        address to,
        uint32 shippedQuantity,
        uint32 receivedQuantity,
        bytes32 shippedSerialsHash,
        bytes32 receivedSerialsHash
    );
    /// @notice A serial was dispensed to a patient and left the supply chain.
    event SerialDispensed(bytes32 indexed lotId, bytes32 indexed serialHash, address indexed by, string serial);
    /// @notice A serial was taken out of the supply chain (destroyed, sample, damaged, ...).
    event SerialDecommissioned(
        bytes32 indexed lotId,
        bytes32 indexed serialHash,
        address indexed by,
        string serial,
        bytes32 reason
    );
    /// @notice Its holder reported a serial stolen; it can never be dispensed.
    event SerialReportedStolen(bytes32 indexed lotId, bytes32 indexed serialHash, address indexed by, string serial);
    /// @notice An oracle scored a custody event; `caseId` is zero when the score was under the threshold.
    event RiskAssessed(
        bytes32 indexed lotId,
        uint256 indexed shipmentId,
        address indexed oracle,
        bytes32 eventRef,
        uint16 score,
        bytes32 explanationHash,
        uint256 caseId
    );
    /// @notice A score at or above the threshold opened an audit case; the members named are to be notified
    /// (`holder` and `addressee` are the shipment's sender and addressee, zero when no shipment was scored).
    event AuditCaseOpened(
        uint256 indexed caseId,
        bytes32 indexed lotId,
        uint256 indexed shipmentId,
        address manufacturer,
        address holder,
        address addressee,
        uint16 score,
        bytes32 explanationHash
    );
    /// @notice The lot was put on hold by an audit case.
    event LotHeld(bytes32 indexed lotId, uint256 indexed caseId);
    /// @notice The lot's last open case was released: it may move again.
    event LotReleased(bytes32 indexed lotId, uint256 indexed caseId);
    /// @notice An auditor or regulator closed a case.
    event AuditCaseClosed(
        uint256 indexed caseId,
        bytes32 indexed lotId,
        Resolution resolution,
        address indexed closedBy,
        bytes32 findingsHash
    );
    /// @notice The lot was recalled, by its manufacturer or a regulator, or by a confirmed case (`caseId` non-zero).
    event LotRecalled(bytes32 indexed lotId, address indexed by, uint256 indexed caseId, bytes32 reasonHash);
    /// @notice A confirmed case quarantined the lot.
    event LotQuarantined(bytes32 indexed lotId, address indexed by, uint256 indexed caseId);
    /// @notice A regulator changed the risk threshold.
    event RiskThresholdChanged(uint16 threshold, address indexed by);

    /**
     * @notice Registers a product under a GTIN owned by the calling MANUFACTURER member.
     * @param gtin The 14-digit GTIN (check digit verified).
     * @param name The product name.
     * @param strength Its strength, e.g. "500 mg".
     * @param form Its dosage form, e.g. "tablet".
     */
    function registerProduct(
        uint64 gtin,
        string calldata name,
        string calldata strength,
        string calldata form
    ) external;

    /**
     * @notice Commissions a lot of the caller's product and credits the caller with its quantity.
     * @param gtin A GTIN the caller's member registered.
     * @param lotNumber The lot number, 1 to 20 bytes.
     * @param expiresAt Unix time from which the lot is expired (the start of the day after the printed expiry).
     * @param quantity Units in the lot: the number of leaves under `serialRoot`.
     * @param serialRoot Merkle root over `serialLeaf(serial)` of every serial in the lot.
     * @return lotId `lotIdOf(gtin, lotNumber)`.
     */
    function commission(
        uint64 gtin,
        string calldata lotNumber,
        uint64 expiresAt,
        uint32 quantity,
        bytes32 serialRoot
    ) external returns (bytes32 lotId);

    /**
     * @notice Ships units of a lot from the caller's holding to a partner, who must then receive them.
     * @param lotId The lot.
     * @param to The addressee's member account (or its node).
     * @param quantity Units shipped.
     * @param serialsHash A commitment to the serials shipped, or zero.
     * @return shipmentId The new shipment's id (from 1).
     */
    function ship(
        bytes32 lotId,
        address to,
        uint32 quantity,
        bytes32 serialsHash
    ) external returns (uint256 shipmentId);

    /**
     * @notice Receives a shipment addressed to the caller; a quantity or serial list that differs from the shipment
     * records a discrepancy, and the caller is credited at most the shipped quantity.
     * @param shipmentId The shipment.
     * @param quantity Units actually received (may be zero when nothing arrived).
     * @param serialsHash A commitment to the serials received, or zero when none is compared.
     */
    function receiveShipment(uint256 shipmentId, uint32 quantity, bytes32 serialsHash) external;

    /**
     * @notice Dispenses one serial held by the calling PHARMACY or HOSPITAL.
     * @param lotId The serial's lot.
     * @param serial The serial number.
     * @param proof Its Merkle proof against the lot's serial root.
     */
    function dispense(bytes32 lotId, string calldata serial, bytes32[] calldata proof) external;

    /**
     * @notice Takes one serial held by the caller out of the supply chain.
     * @param lotId The serial's lot.
     * @param serial The serial number.
     * @param proof Its Merkle proof against the lot's serial root.
     * @param reason Why (e.g. keccak256 of the EPCIS disposition), kept in the event.
     */
    function decommission(bytes32 lotId, string calldata serial, bytes32[] calldata proof, bytes32 reason) external;

    /**
     * @notice Reports a serial held by the caller as stolen; it leaves the caller's holding and can never be
     * dispensed.
     * @param lotId The serial's lot.
     * @param serial The serial number.
     * @param proof Its Merkle proof against the lot's serial root.
     */
    function reportStolen(bytes32 lotId, string calldata serial, bytes32[] calldata proof) external;

    /**
     * @notice Records an AI_ORACLE's risk score for a custody event; at or above the threshold it opens an audit
     * case and holds the lot in the same transaction.
     * @param lotId The lot concerned.
     * @param shipmentId The scored shipment (it must carry `lotId`), or zero for another kind of event.
     * @param eventRef The scored custody event (e.g. the hash of its EPCIS event id).
     * @param score Basis points, 0 to 10,000.
     * @param explanationHash Hash of the model's explanation (kept off chain).
     * @return caseId The audit case opened, or zero.
     */
    function submitRisk(
        bytes32 lotId,
        uint256 shipmentId,
        bytes32 eventRef,
        uint16 score,
        bytes32 explanationHash
    ) external returns (uint256 caseId);

    /**
     * @notice Closes an open audit case (AUDITOR or REGULATOR): `Released` lifts the case's hold, `Recalled` and
     * `Quarantined` confirm it and change the lot's status for good.
     * @param caseId The case.
     * @param resolution `Released`, `Recalled` or `Quarantined`.
     * @param findingsHash Hash of the auditor's findings (kept off chain).
     */
    function closeCase(uint256 caseId, Resolution resolution, bytes32 findingsHash) external;

    /**
     * @notice Recalls an active lot (its manufacturer, or a REGULATOR).
     * @param lotId The lot.
     * @param reasonHash Hash of the recall notice.
     */
    function recall(bytes32 lotId, bytes32 reasonHash) external;

    /**
     * @notice Sets the score from which a risk assessment holds the lot (REGULATOR).
     * @param threshold Basis points, 1 to 10,000.
     */
    function setRiskThreshold(uint16 threshold) external;

    /**
     * @notice Tells whether a serial is genuine (proven in the lot's tree), with its lot's expiry and its state.
     * @param gtin The product's GTIN.
     * @param lotNumber The lot number printed on the pack.
     * @param serial The serial number printed on the pack.
     * @param proof Its Merkle proof against the lot's serial root.
     * @return verification `genuine` false (and state `Unknown`) for an unknown lot or a failed proof.
     */
    function verifySerial(
        uint64 gtin,
        string calldata lotNumber,
        string calldata serial,
        bytes32[] calldata proof
    ) external view returns (SerialVerification memory verification);

    /**
     * @notice Returns a registered product.
     * @param gtin The GTIN.
     * @return product The product; reverts with `SupplyUnknownGtin` if none.
     */
    function getProduct(uint64 gtin) external view returns (Product memory product);

    /**
     * @notice Returns a lot with its current status (`Held` while a case is open).
     * @param lotId The lot.
     * @return lot The lot; reverts with `SupplyUnknownLot` if none.
     */
    function getLot(bytes32 lotId) external view returns (Lot memory lot);

    /**
     * @notice Returns a shipment.
     * @param shipmentId The shipment.
     * @return shipment The shipment; reverts with `SupplyUnknownShipment` if none.
     */
    function getShipment(uint256 shipmentId) external view returns (Shipment memory shipment);

    /**
     * @notice Returns an audit case.
     * @param caseId The case.
     * @return auditCase The case; reverts with `SupplyUnknownCase` if none.
     */
    function getCase(uint256 caseId) external view returns (AuditCase memory auditCase);

    /**
     * @notice Units of a lot a member holds.
     * @param lotId The lot.
     * @param member The member's account.
     * @return quantity Units held.
     */
    function holdingOf(bytes32 lotId, address member) external view returns (uint256 quantity);

    /**
     * @notice Counts shipments; ids run from 1 to this number.
     * @return count The number of shipments.
     */
    function shipmentCount() external view returns (uint256 count);

    /**
     * @notice Counts audit cases; ids run from 1 to this number.
     * @return count The number of cases.
     */
    function caseCount() external view returns (uint256 count);

    /**
     * @notice The score (basis points) from which a risk assessment holds the lot.
     * @return threshold Basis points.
     */
    function riskThreshold() external view returns (uint16 threshold);

    /**
     * @notice The consortium registry this contract asks about members and roles.
     * @return registryAddress The registry.
     */
    function registry() external view returns (address registryAddress);

    /**
     * @notice Computes a lot's id.
     * @param gtin The GTIN.
     * @param lotNumber The lot number.
     * @return lotId `keccak256(abi.encode(gtin, lotNumber))`.
     */
    function lotIdOf(uint64 gtin, string calldata lotNumber) external pure returns (bytes32 lotId);

    /**
     * @notice Computes a serial's leaf in its lot's tree (domain `"caduceus.serial.v1"`).
     * @param serial The serial number.
     * @return leaf The Merkle leaf.
     */
    function serialLeaf(string calldata serial) external pure returns (bytes32 leaf);

    /**
     * @notice Tells whether a number is a 14-digit GTIN with a valid GS1 check digit.
     * @param gtin The candidate.
     * @return valid True if valid.
     */
    function isValidGtin(uint64 gtin) external pure returns (bool valid);
}
