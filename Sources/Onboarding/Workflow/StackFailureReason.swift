import AWSKit

/// The cause of a failed stack operation, read from its events: the earliest failed event of
/// that operation, not the newest (which is usually a consequence, such as "Resource creation
/// cancelled").
///
/// The operation's events are those carrying its `ClientRequestToken` (CloudFormation stamps
/// every event of an operation with the token it was started with); when none carries it (the
/// token is unknown, or the service does not stamp events), those since the stack's latest
/// `CREATE_IN_PROGRESS`/`UPDATE_IN_PROGRESS`/`DELETE_IN_PROGRESS` of the stack itself.
struct StackFailureReason: Sendable, Hashable {
    /// The failed event.
    let event: StackEvent

    /// - Parameter events: as DescribeStackEvents gives them, newest first.
    init?(events: [StackEvent], stackName: String, clientRequestToken: String?) {
        guard !events.isEmpty else { return nil }
        var operation = clientRequestToken.map { token in events.filter { $0.clientRequestToken == token } } ?? []
        if operation.isEmpty {
            let starts: Set<String> = ["CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS"]
            let start = events.firstIndex { event in
                event.logicalResourceID == stackName && starts.contains(event.status ?? "")
                    && (event.resourceType ?? "AWS::CloudFormation::Stack") == "AWS::CloudFormation::Stack"
            }
            operation = Array(events.prefix(through: start ?? events.count - 1))
        }
        // Oldest first; a resource's failure before the stack's own.
        let failures = operation.reversed().filter(\.isFailure)
        guard let earliest = failures.first(where: { $0.logicalResourceID != stackName }) ?? failures.first else { return nil }
        event = earliest
    }

    /// `Resource FAILED_STATUS: reason`.
    var text: String {
        "\(event.logicalResourceID ?? "?") \(event.status ?? ""): \(event.statusReason ?? "no reason given")"
    }
}
