import AWSKit
import Foundation
import HTTPCore
import Synchronization

/// A scripted AWS and Spot for the onboarding workflow: a ``RoutingTransport`` whose handlers
/// answer every operation the workflow calls from a ``WorldState``, in each protocol's wire
/// format, and change the state as the real services would (a bucket created exists, a stack
/// created completes after ``WorldState/stackPolls`` looks, a role handed to Spot links the
/// account).
///
/// Tests start from ``WorldState/happy(payer:)``, change the state for their case
/// (``update(_:)``), queue one-off replies (``RoutingTransport/enqueue(_:_:)``) or replace a
/// handler (``RoutingTransport/on(_:_:)``), then assert on the state and on
/// ``RoutingTransport/requests``.
///
/// Payers are told apart as moto does: assumed-role credentials carry the account
/// (``accessKeyID(for:)``), and the operator's credentials (access key `testing`) can only
/// assume roles.
public final class WorkflowWorld: Sendable {
    /// The operator's access key id (the local cloud's fake credentials).
    public static let operatorAccessKeyID = "testing"
    /// The secret of every fake credential (and the session token of assumed ones).
    public static let fakeSecret = "testing"

    /// The fake session token AssumeRole issues for a role in `account` (one per payer, as STS
    /// issues a new one per session, long enough for the secret registry to keep). The account
    /// id's digits are spelled as letters: the registry removes any 12-character piece of a
    /// secret it holds, and a token holding the id would take the id out of every message
    /// while the session is live.
    public static func sessionToken(for account: String) -> String {
        let letters = Array("abcdefghij")
        return "testing-session-token-" + String(account.compactMap { $0.wholeNumberValue.map { letters[$0] } ?? $0 })
    }

    /// The transport to give the AWS and Spot clients.
    public let transport: RoutingTransport
    let clock: any ServiceClock
    private let state: Mutex<WorldState>

    /// - Parameters:
    ///   - state: the world to start from.
    ///   - clock: the time stamps of credentials, stacks and events.
    public init(_ state: WorldState = .happy(), clock: any ServiceClock) {
        self.state = Mutex(state)
        self.clock = clock
        transport = RoutingTransport()
        installLogin()
        installCostAndUsageReport()
        installS3()
        installCloudFormation()
        installSpot()
    }

    /// The state as it is now.
    public var snapshot: WorldState { state.withLock { $0 } }

    /// Changes the state; returns what `change` returns.
    @discardableResult
    public func update<Result: Sendable>(_ change: (inout WorldState) -> Result) -> Result {
        state.withLock { change(&$0) }
    }

    /// The access key id of credentials assumed in `account` (`testing-<account>`).
    public static func accessKeyID(for account: String) -> String {
        "\(operatorAccessKeyID)-\(account)"
    }

    /// The payer whose assumed credentials signed `request`; nil for the operator's.
    func payerID(of request: RecordedRequest) -> String? {
        guard let key = request.signingScope?.accessKeyID, key.hasPrefix(Self.operatorAccessKeyID + "-") else { return nil }
        return String(key.dropFirst(Self.operatorAccessKeyID.count + 1))
    }

    /// The partition of the request's signing region.
    func partition(of request: RecordedRequest) -> String {
        (request.signingScope?.region ?? "").hasPrefix("cn-") ? "aws-cn" : "aws"
    }

    /// `InvalidClientTokenId` for a request not signed by a payer.
    static func notAPayer(_ request: RecordedRequest) -> ScriptedTransport.Reply {
        AWSWire.queryError(
            status: 403, code: "InvalidClientTokenId",
            message: "The security token included in the request is invalid (\(request.signingScope?.accessKeyID ?? "unsigned")).")
    }
}
