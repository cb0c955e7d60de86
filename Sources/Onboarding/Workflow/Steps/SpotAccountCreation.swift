import AWSKit
import AccountList
import Foundation
import HTTPCore
import SpotKit

/// Creates the Spot account of a row, exactly once, even when Spot's answer is lost or the run
/// is killed while the call is in flight.
///
/// `POST /setup/account` is not idempotent: SpotKit never retries it after a 5xx or a dropped
/// connection, because Spot may have made the account. So before the call, its intent is
/// journaled (the name, the time, and the unlinked accounts of that name that exist already);
/// after an ambiguous answer, or on resuming a run killed before the answer was journaled, this
/// looks for the account that call may have made: a Spot account of the row's name, linked to no
/// cloud account, not among those that existed before, and made or taken up by no other row of
/// this run. One such account is taken up; none means the call did not act, and it is made
/// (again); more than one cannot be told apart and fails the row for a person.
///
/// Unconfirmed: Spot publishes no creation time for accounts (the spec's account has `id`,
/// `name`, `organizationId`, `providerExternalId`), and nothing about how soon a new account
/// is listed; the listing is read after ``WorkflowTimings/spotAccountReconcileWait``.
struct SpotAccountCreation {
    let services: WorkflowServices
    let spot: SpotClient
    let context: AccountContext

    /// Lost answers tolerated before the row fails (each followed by a look and a new try).
    static let maximumLostAnswers = 4

    /// The account made (or taken up), and what happened in words.
    func create() async throws -> (SpotAccount, String) {
        let name = context.account.organizationName
        let index = try services.spotIndex(profile: context.account.spotProfile)
        if let intent = context.outputs.pendingSpotAccountCreation,
            let made = try await lookForAccountMade(
                name: intent.name, namesakesBefore: Set(intent.namesakesBefore), index: index,
                why: "the interrupted run sent CreateAccount at \(Self.timestamp(intent.requestedAt)) and recorded no answer")
        {
            return (made, "took up Spot account \(made.id), which the interrupted run's CreateAccount made")
        }
        let namesakes = try await index.unlinkedAccounts(named: name)
        var intended = context.outputs
        intended.pendingSpotAccountCreation = SpotAccountCreationIntent(
            name: name, requestedAt: services.clock.now(), namesakesBefore: namesakes.sorted())
        context.checkpoint(intended)
        var lost = 0
        while true {
            let error: SpotError
            switch await attempt(name) {
            case .success(let created):
                await index.claim(created.id, name: name)
                let note = lost == 0 ? "" : " (after \(lost) lost answer\(lost == 1 ? "" : "s"), none of which had made one)"
                return (created, "created Spot account \(created.id)\(note)")
            case .failure(let failure):
                error = failure
            }
            guard Self.isLostAnswer(error) else { throw error }
            lost += 1
            if let made = try await lookForAccountMade(
                name: name, namesakesBefore: namesakes, index: index,
                why: "CreateAccount's answer was lost (\(error.shortDescription))")
            {
                return (made, "CreateAccount's answer was lost (\(error.shortDescription)); took up Spot account \(made.id), which that call made")
            }
            guard lost < Self.maximumLostAnswers else { throw error }
        }
    }

    /// One CreateAccount call (kept apart: awaiting inside a typed catch crashes Swift 6.3.1).
    private func attempt(_ name: String) async -> Result<SpotAccount, SpotError> {
        do throws(SpotError) {
            return .success(try await spot.createAccount(name: name))
        } catch {
            return .failure(error)
        }
    }

    /// The account a CreateAccount call whose answer is unknown made, if Spot lists one: nil
    /// when it made none.
    private func lookForAccountMade(
        name: String, namesakesBefore: Set<String>, index: SpotOrganizationIndex, why: String
    ) async throws -> SpotAccount? {
        // Two looks, the second three times as late: a call still being served when the answer
        // was lost (or the run killed) may show up late, and a second account is worse than a
        // few seconds' wait.
        for look in 1...2 {
            await services.sleep(services.timings.spotAccountReconcileWait * (look == 1 ? 1 : 3), for: .spotAccountReconcile)
            let candidates = try await spot.accounts().filter { account in
                account.name == name && account.awsAccountID == nil && !namesakesBefore.contains(account.id)
            }
            if let made = try await claim(candidates, name: name, index: index, why: why) { return made }
        }
        return nil
    }

    /// The sole unclaimed candidate, claimed; nil when there is none.
    private func claim(
        _ candidates: [SpotAccount], name: String, index: SpotOrganizationIndex, why: String
    ) async throws -> SpotAccount? {
        switch await index.claimSoleUnclaimed(candidates) {
        case .none:
            return nil
        case .claimed(let made):
            return made
        case .ambiguous(let unclaimed):
            throw AccountFailure(
                step: .spotAccount, code: .spotAccountCreationAmbiguous,
                message: "\(why), and Spot now lists \(unclaimed.count) unlinked accounts named '\(name)' that were not there before: \(unclaimed.map(\.id).sorted().joined(separator: ", ")). Delete the extra ones in the Spot console, then give the row spot_account_id",
                rerunMayFix: false)
        }
    }

    /// Whether `error` may hide an account Spot made: a 5xx, a timeout or a dropped connection
    /// (SpotKit marks these not retryable for a call that is not idempotent).
    static func isLostAnswer(_ error: SpotError) -> Bool {
        switch error.kind {
        case .server, .transport: true
        default: false
        }
    }

    private static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
