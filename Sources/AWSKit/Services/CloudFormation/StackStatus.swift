/// A CloudFormation stack status (`CREATE_COMPLETE`, `ROLLBACK_FAILED`, …), and what it means
/// for a caller that wants the stack in place.
///
/// Kept as an open set: a status this code does not know yet is carried as is, never rejected.
public struct StackStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// What a status means for a caller that creates or updates a stack and waits for it.
    public enum Disposition: String, Sendable, Hashable, Codable {
        /// CloudFormation is still working (`*_IN_PROGRESS`): wait and describe again.
        case inProgress = "in-progress"
        /// The last operation succeeded (`CREATE_COMPLETE`, `UPDATE_COMPLETE`, `IMPORT_COMPLETE`).
        case succeeded
        /// The last update or import failed and was rolled back (`UPDATE_ROLLBACK_COMPLETE`,
        /// `IMPORT_ROLLBACK_COMPLETE`): the stack is stable and may be updated again; the reason
        /// is in the stack events.
        case rolledBack = "rolled-back"
        /// The creation failed and was rolled back (`ROLLBACK_COMPLETE`): such a stack can only
        /// be deleted, then created again.
        case mustRecreate = "must-recreate"
        /// The last operation failed and rollback was disabled (`CREATE_FAILED`, `UPDATE_FAILED`):
        /// the stack keeps what was made; the reason is in the stack events.
        case failed
        /// CloudFormation cannot go on by itself (`ROLLBACK_FAILED`, `DELETE_FAILED`,
        /// `UPDATE_ROLLBACK_FAILED`, `IMPORT_ROLLBACK_FAILED`), or a change set waits for
        /// someone to run it (`REVIEW_IN_PROGRESS`): a person has to act.
        case needsPerson = "needs-person"
        /// The stack is gone (`DELETE_COMPLETE`, seen when described by stack id).
        case deleted
        /// A status this code does not know and that does not end in `_IN_PROGRESS`.
        case unrecognized
    }

    /// The status as CloudFormation spells it.
    public let rawValue: String

    /// Wraps any status text, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }


    /// The raw value.
    public var description: String { rawValue }

    /// What this status means for a caller waiting for its stack.
    public var disposition: Disposition {
        switch self {
        case .createComplete, .updateComplete, .importComplete: .succeeded
        case .updateRollbackComplete, .importRollbackComplete: .rolledBack
        case .rollbackComplete: .mustRecreate
        case .createFailed, .updateFailed: .failed
        case .rollbackFailed, .deleteFailed, .updateRollbackFailed, .importRollbackFailed, .reviewInProgress: .needsPerson
        case .deleteComplete: .deleted
        default: rawValue.hasSuffix("_IN_PROGRESS") ? .inProgress : .unrecognized
        }
    }

    /// Whether CloudFormation is still working on the stack, so waiting will change the status.
    /// `REVIEW_IN_PROGRESS` is not: it waits for a person.
    public var isInProgress: Bool { disposition == .inProgress }

    /// Whether the status will stay as it is until someone acts (every status but the
    /// in-progress ones).
    public var isTerminal: Bool { !isInProgress }

    /// Whether the last operation left the stack as asked.
    public var isSuccessful: Bool { disposition == .succeeded }

    /// Whether only a person can move the stack on (a failed rollback or deletion, or a change
    /// set under review).
    public var needsPerson: Bool { disposition == .needsPerson }

    /// Whether the stack can only be deleted and created again (`ROLLBACK_COMPLETE`).
    public var mustBeRecreated: Bool { disposition == .mustRecreate }

    /// `CREATE_IN_PROGRESS`.
    public static let createInProgress = StackStatus(rawValue: "CREATE_IN_PROGRESS")
    /// `CREATE_FAILED`.
    public static let createFailed = StackStatus(rawValue: "CREATE_FAILED")
    /// `CREATE_COMPLETE`.
    public static let createComplete = StackStatus(rawValue: "CREATE_COMPLETE")
    /// `ROLLBACK_IN_PROGRESS`.
    public static let rollbackInProgress = StackStatus(rawValue: "ROLLBACK_IN_PROGRESS")
    /// `ROLLBACK_FAILED`.
    public static let rollbackFailed = StackStatus(rawValue: "ROLLBACK_FAILED")
    /// `ROLLBACK_COMPLETE`.
    public static let rollbackComplete = StackStatus(rawValue: "ROLLBACK_COMPLETE")
    /// `DELETE_IN_PROGRESS`.
    public static let deleteInProgress = StackStatus(rawValue: "DELETE_IN_PROGRESS")
    /// `DELETE_FAILED`.
    public static let deleteFailed = StackStatus(rawValue: "DELETE_FAILED")
    /// `DELETE_COMPLETE`.
    public static let deleteComplete = StackStatus(rawValue: "DELETE_COMPLETE")
    /// `UPDATE_IN_PROGRESS`.
    public static let updateInProgress = StackStatus(rawValue: "UPDATE_IN_PROGRESS")
    /// `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`.
    public static let updateCompleteCleanupInProgress = StackStatus(rawValue: "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    /// `UPDATE_COMPLETE`.
    public static let updateComplete = StackStatus(rawValue: "UPDATE_COMPLETE")
    /// `UPDATE_FAILED`.
    public static let updateFailed = StackStatus(rawValue: "UPDATE_FAILED")
    /// `UPDATE_ROLLBACK_IN_PROGRESS`.
    public static let updateRollbackInProgress = StackStatus(rawValue: "UPDATE_ROLLBACK_IN_PROGRESS")
    /// `UPDATE_ROLLBACK_FAILED`.
    public static let updateRollbackFailed = StackStatus(rawValue: "UPDATE_ROLLBACK_FAILED")
    /// `UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS`.
    public static let updateRollbackCompleteCleanupInProgress = StackStatus(
        rawValue: "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
    /// `UPDATE_ROLLBACK_COMPLETE`.
    public static let updateRollbackComplete = StackStatus(rawValue: "UPDATE_ROLLBACK_COMPLETE")
    /// `REVIEW_IN_PROGRESS`.
    public static let reviewInProgress = StackStatus(rawValue: "REVIEW_IN_PROGRESS")
    /// `IMPORT_IN_PROGRESS`.
    public static let importInProgress = StackStatus(rawValue: "IMPORT_IN_PROGRESS")
    /// `IMPORT_COMPLETE`.
    public static let importComplete = StackStatus(rawValue: "IMPORT_COMPLETE")
    /// `IMPORT_ROLLBACK_IN_PROGRESS`.
    public static let importRollbackInProgress = StackStatus(rawValue: "IMPORT_ROLLBACK_IN_PROGRESS")
    /// `IMPORT_ROLLBACK_FAILED`.
    public static let importRollbackFailed = StackStatus(rawValue: "IMPORT_ROLLBACK_FAILED")
    /// `IMPORT_ROLLBACK_COMPLETE`.
    public static let importRollbackComplete = StackStatus(rawValue: "IMPORT_ROLLBACK_COMPLETE")

    /// Every status in the CloudFormation model (2010-05-15).
    public static let allKnown: [StackStatus] = [
        .createInProgress, .createFailed, .createComplete, .rollbackInProgress, .rollbackFailed, .rollbackComplete,
        .deleteInProgress, .deleteFailed, .deleteComplete, .updateInProgress, .updateCompleteCleanupInProgress,
        .updateComplete, .updateFailed, .updateRollbackInProgress, .updateRollbackFailed,
        .updateRollbackCompleteCleanupInProgress, .updateRollbackComplete, .reviewInProgress, .importInProgress,
        .importComplete, .importRollbackInProgress, .importRollbackFailed, .importRollbackComplete,
    ]
}
