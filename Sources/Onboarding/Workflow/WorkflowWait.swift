/// Why the workflow waits between two calls (not a retry of one call: a wait for the clouds to
/// reach a state).
public enum WorkflowWait: String, Sendable, Hashable, Codable, CaseIterable {
    /// A stack in progress, between two looks at it.
    case stack
    /// A role the stack made or changed, before or between Spot's tries of it (IAM propagation:
    /// SetCredentials, and a registration's validation).
    case iamPropagation = "iam-propagation"
    /// A bucket policy just put, before CUR tries to verify it again.
    case bucketPolicy = "bucket-policy"
    /// A Spot account creation whose answer was lost, before looking for the account it made.
    case spotAccountReconcile = "spot-account-reconcile"
}

/// Hears every wait of the workflow, for time accounting.
///
/// Called from the accounts' tasks, possibly concurrently: implementations are thread-safe and
/// quick (no I/O).
public protocol WorkflowWaitObserver: Sendable {
    /// A wait for `cause` ended after `seconds` (less than asked when the task was cancelled).
    func waited(_ cause: WorkflowWait, seconds: Double)
}
