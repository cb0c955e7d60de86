import AccountList
import AWSKit
import Foundation
import SpotKit

/// Creates the Spot account of a row, exactly once, even when Spot's answer is lost.
///
/// `POST /setup/account` is not idempotent: SpotKit never retries it after a 5xx or a dropped
/// connection, because Spot may have made the account. Instead of failing the row, this looks
/// for the account that call may have made before trying again: a Spot account of the row's
/// name that is linked to no cloud account, was not in the organization's listing taken before
/// the call, and no other row of this run made or took up. One such account is taken up; none
/// means the call did not act, and it is made again; more than one cannot be told apart and
/// fails the row for a person.
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

    /// The account made, and what happened in words.
    func create() async throws -> (SpotAccount, String) {
        let name = context.account.organizationName
        let index = try services.spotIndex(profile: context.account.spotProfile)
        let before = try await index.listedIDs()
        var lost = 0
        while true {
            let error: SpotError
            switch await attempt(name) {
            case .success(let created):
                await index.claim(created.id)
                let note = lost == 0 ? "" : " (after \(lost) lost answer\(lost == 1 ? "" : "s"), none of which had made one)"
                return (created, "created Spot account \(created.id)\(note)")
            case .failure(let failure):
                error = failure
            }
            guard Self.isLostAnswer(error) else { throw error }
            lost += 1
            if let made = try await lookForAccountMade(by: error, name: name, before: before, index: index) {
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

    /// The account a CreateAccount call whose answer was lost made, if Spot lists one: nil when
    /// it made none.
    private func lookForAccountMade(
        by error: SpotError, name: String, before: Set<String>, index: SpotOrganizationIndex
    ) async throws -> SpotAccount? {
        await services.sleep(services.timings.spotAccountReconcileWait)
        let candidates = try await spot.accounts().filter { account in
            account.name == name && account.awsAccountID == nil && !before.contains(account.id)
        }
        var unclaimed: [SpotAccount] = []
        for candidate in candidates where !(await index.isClaimed(candidate.id)) { unclaimed.append(candidate) }
        guard unclaimed.count <= 1 else {
            throw AccountFailure(
                step: .spotAccount, code: .spotAccountCreationAmbiguous,
                message: "CreateAccount's answer was lost (\(error.shortDescription)), and Spot now lists \(unclaimed.count) unlinked accounts named '\(name)' that were not there before: \(unclaimed.map(\.id).sorted().joined(separator: ", ")). Delete the extra ones in the Spot console, then give the row spot_account_id",
                rerunMayFix: false)
        }
        if let made = unclaimed.first { await index.claim(made.id) }
        return unclaimed.first
    }

    /// Whether `error` may hide an account Spot made: a 5xx, a timeout or a dropped connection
    /// (SpotKit marks these not retryable for a call that is not idempotent).
    static func isLostAnswer(_ error: SpotError) -> Bool {
        switch error.kind {
        case .server, .transport: true
        default: false
        }
    }
}
