import Foundation
import Synchronization

/// CloudFormation lifecycles moto lacks: moto completes every stack at once and never rolls
/// back, so the sandbox rewrites what DescribeStacks and DescribeStackEvents say about the stacks a
/// fault rule chose, and refuses updates the real service would refuse.
final class StackLifecycle: Sendable {
    enum Phase: Sendable {
        /// Reads `<operation>_IN_PROGRESS` until the date, then the real status.
        case inProgress(until: Date, operation: String)
        /// Reads `ROLLBACK_COMPLETE` (or `ROLLBACK_FAILED`) with the reason in its events.
        case rolledBack(reason: String, failed: Bool, at: Date)
    }

    private let phases = Mutex<[String: Phase]>([:])

    private static func key(account: String, stack: String) -> String { "\(account)/\(stack)" }

    /// Records the phase a fault rule gave a stack that moto just created or updated.
    func begin(_ phase: Phase, account: String, stack: String) {
        phases.withLock { $0[Self.key(account: account, stack: stack)] = phase }
    }

    /// Forgets a stack (it was deleted).
    func end(account: String, stack: String) {
        _ = phases.withLock { $0.removeValue(forKey: Self.key(account: account, stack: stack)) }
    }

    /// The phase a stack is in now; a finished in-progress phase is forgotten.
    func phase(account: String, stack: String) -> Phase? {
        phases.withLock { phases in
            let key = Self.key(account: account, stack: stack)
            if case .inProgress(let until, _) = phases[key], until <= Date() {
                phases.removeValue(forKey: key)
                return nil
            }
            return phases[key]
        }
    }

    /// Why an `UpdateStack` must be refused now, as CloudFormation words it; nil to go ahead.
    func updateRefusal(account: String, stack: String) -> String? {
        switch phase(account: account, stack: stack) {
        case .inProgress(_, let operation)?:
            "Stack:\(stack) is in \(operation)_IN_PROGRESS state and can not be updated."
        case .rolledBack(_, let failed, _)?:
            "Stack:\(stack) is in \(failed ? "ROLLBACK_FAILED" : "ROLLBACK_COMPLETE") state and can not be updated."
        case nil:
            nil
        }
    }

    /// DescribeStacks' XML as the stack's phase has it.
    func rewriteDescription(_ xml: String, account: String, stack: String) -> String {
        switch phase(account: account, stack: stack) {
        case nil:
            return xml
        case .inProgress(_, let operation)?:
            return Self.withoutOutputs(xml
                .replacingOccurrences(of: "<StackStatus>\(operation)_COMPLETE</StackStatus>",
                    with: "<StackStatus>\(operation)_IN_PROGRESS</StackStatus>"))
        case .rolledBack(let reason, let failed, _)?:
            var text = Self.withoutOutputs(xml)
            let status = failed ? "ROLLBACK_FAILED" : "ROLLBACK_COMPLETE"
            for completed in ["CREATE_COMPLETE", "UPDATE_COMPLETE"] {
                text = text.replacingOccurrences(of: "<StackStatus>\(completed)</StackStatus>",
                    with: "<StackStatus>\(status)</StackStatus><StackStatusReason>\(AWSErrorReply.escape(reason))</StackStatusReason>")
            }
            return text
        }
    }

    /// DescribeStackEvents' XML with the failure events of a rolled-back stack first (newest first).
    func rewriteEvents(_ xml: String, account: String, stack: String) -> String {
        guard case .rolledBack(let reason, let failed, let at)? = phase(account: account, stack: stack),
            let anchor = xml.range(of: "<StackEvents>")
        else { return xml }
        let stackID = Self.between(xml, "<StackId>", "</StackId>") ?? stack
        let formatter = ISO8601DateFormatter()
        func event(_ logical: String, _ type: String, _ status: String, _ why: String?, _ offset: Double) -> String {
            "<member><StackId>\(stackID)</StackId><EventId>\(UUID().uuidString)</EventId><StackName>\(stack)</StackName>"
                + "<LogicalResourceId>\(logical)</LogicalResourceId><PhysicalResourceId>\(logical == stack ? stackID : "")</PhysicalResourceId>"
                + "<ResourceType>\(type)</ResourceType><Timestamp>\(formatter.string(from: at.addingTimeInterval(offset)))</Timestamp>"
                + "<ResourceStatus>\(status)</ResourceStatus>"
                + (why.map { "<ResourceStatusReason>\(AWSErrorReply.escape($0))</ResourceStatusReason>" } ?? "") + "</member>"
        }
        let injected = [
            event(stack, "AWS::CloudFormation::Stack", failed ? "ROLLBACK_FAILED" : "ROLLBACK_COMPLETE",
                failed ? "The following resource(s) failed to delete: [SpotRole]. " : nil, 3),
            failed ? event("SpotRole", "AWS::IAM::Role", "DELETE_FAILED", "Role is in use by another process", 2) : "",
            event(stack, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
                "The following resource(s) failed to create: [SpotRole]. Rollback requested by user.", 1),
            event("SpotRole", "AWS::IAM::Role", "CREATE_FAILED", reason, 0),
        ].joined()
        var text = xml
        text.insert(contentsOf: injected, at: anchor.upperBound)
        return text
    }

    private static func withoutOutputs(_ xml: String) -> String {
        guard let start = xml.range(of: "<Outputs>"), let end = xml.range(of: "</Outputs>", range: start.upperBound..<xml.endIndex)
        else { return xml }
        var text = xml
        text.removeSubrange(start.lowerBound..<end.upperBound)
        return text
    }

    private static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
