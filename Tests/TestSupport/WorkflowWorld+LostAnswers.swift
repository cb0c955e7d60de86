import Foundation
import Synchronization

/// One `POST /setup/account` whose answer never reaches the caller.
public struct LostCreateAccount: Sendable {
    /// How many accounts of the requested name Spot makes before the answer is lost (0: the
    /// call did not act; more than 1: someone else made look-alikes meanwhile).
    public var accountsMade: Int
    /// What the caller gets instead of Spot's answer (a 5xx, a drop, a timeout).
    public var reply: ScriptedTransport.Reply

    /// - Parameters: see the properties.
    public init(accountsMade: Int, reply: ScriptedTransport.Reply) {
        self.accountsMade = accountsMade
        self.reply = reply
    }

    /// A 503 from Spot's gateway, in Spot's error envelope.
    public static func serviceUnavailable(accountsMade: Int) -> LostCreateAccount {
        LostCreateAccount(
            accountsMade: accountsMade,
            reply: SpotWire.error(status: 503, code: "SERVICE_UNAVAILABLE", message: "upstream connect error"))
    }

    /// The connection drops before the response.
    public static func dropped(accountsMade: Int) -> LostCreateAccount {
        LostCreateAccount(accountsMade: accountsMade, reply: .drop)
    }
}

extension WorkflowWorld {
    /// Makes the next CreateAccount calls lose their answers as `lost` says, in order; the
    /// calls after them are answered as Spot does (the account is made and returned).
    ///
    /// Replaces the CreateAccount handler ``installSpot()`` installed.
    public func loseCreateAccountAnswers(_ lost: [LostCreateAccount]) {
        let pending = PendingLosses(lost)
        transport.on(CloudOperation.createAccount) { [self] request in
            let name = (request.jsonObject?["account"] as? [String: Any])?["name"] as? String ?? ""
            if let loss = pending.next() {
                for _ in 0..<loss.accountsMade { _ = makeSpotAccount(name: name) }
                return loss.reply
            }
            let account = makeSpotAccount(name: name)
            return SpotWire.items(
                [["id": account.id, "name": account.name, "organizationId": snapshot.spotOrganizationID]],
                kind: "spotinst:setup:account")
        }
    }

    /// Adds an unlinked Spot account named `name` to the organization, as CreateAccount does
    /// (the next id in the world's series), and returns it.
    @discardableResult
    public func makeSpotAccount(name: String) -> WorldSpotAccount {
        update { state -> WorldSpotAccount in
            state.madeSpotAccounts += 1
            let account = WorldSpotAccount(id: String(format: "act-%08x", 0x5e1f_0a00 + state.madeSpotAccounts), name: name)
            state.spotAccounts.append(account)
            return account
        }
    }
}

/// The losses still to come, taken in order from any thread.
private final class PendingLosses: Sendable {
    private let queue: Mutex<[LostCreateAccount]>

    init(_ losses: [LostCreateAccount]) {
        queue = Mutex(losses)
    }

    func next() -> LostCreateAccount? {
        queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}
