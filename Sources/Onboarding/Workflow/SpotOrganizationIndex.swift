import SpotKit

/// What one Spot organization holds, each listing read once per run and shared by every account
/// of the batch: its Spot accounts, and which of them have billing and Cost Intelligence set up.
///
/// Spot's API has no lookup of one account by id (the spec lists `GET /setup/account` only), so
/// a lookup by id reads the one listing instead of listing the whole organization per row. The
/// listings are a snapshot from the first time they were asked for: what this run creates is
/// known to the account that created it, and a later run reads them fresh. A listing that failed
/// is forgotten, so the next account asks again.
actor SpotOrganizationIndex {
    private let client: SpotClient
    private var accounts: Task<[String: SpotAccount], any Error>?
    private var billing: Task<Set<String>, any Error>?
    private var costIntelligence: Task<Set<String>, any Error>?
    /// Spot accounts this run created or took up after a lost answer, so no second row takes
    /// one of them for its own.
    private var claimed: [String: String?] = [:]

    init(client: SpotClient) {
        self.client = client
    }

    /// The Spot account `id`, or nil when the organization has none such.
    func account(id: String) async throws(SpotError) -> SpotAccount? {
        let task = accounts ?? Task { [client] in
            Dictionary(try await client.accounts().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        accounts = task
        do {
            return try await task.value[id]
        } catch {
            if accounts == task { accounts = nil }
            throw Self.spotError(error)
        }
    }

    /// The ids of the organization's Spot accounts in the run's listing (which it reads now if
    /// no account asked before).
    func listedIDs() async throws(SpotError) -> Set<String> {
        _ = try await account(id: "")
        return Set((try? await accounts?.value.keys.map { $0 }) ?? [])
    }

    /// Records that this run made (or took up) Spot account `id`, named `name`, for one of its
    /// rows.
    func claim(_ id: String, name: String?) {
        claimed[id] = name
    }

    /// Whether some row of this run already made or took up `id`.
    func isClaimed(_ id: String) -> Bool {
        claimed[id] != nil
    }

    /// What a lost CreateAccount's look found among `candidates`.
    enum Claim {
        /// No unclaimed candidate: the call made nothing.
        case none
        /// One: claimed now (in the same step as the look, so no other row takes it).
        case claimed(SpotAccount)
        /// Several unclaimed candidates: which one the call made cannot be told.
        case ambiguous([SpotAccount])
    }

    /// Claims the one candidate no row of this run claimed, when there is exactly one.
    func claimSoleUnclaimed(_ candidates: [SpotAccount]) -> Claim {
        let unclaimed = candidates.filter { claimed[$0.id] == nil }
        guard unclaimed.count <= 1 else { return .ambiguous(unclaimed) }
        guard let sole = unclaimed.first else { return .none }
        claimed[sole.id] = sole.name
        return .claimed(sole)
    }

    /// The ids of the unlinked Spot accounts named `name` that the run's listing holds or that
    /// rows of this run made or took up.
    func unlinkedAccounts(named name: String) async throws(SpotError) -> Set<String> {
        _ = try await account(id: "")
        let listed = ((try? await accounts?.value) ?? [:]).values.filter { $0.name == name && $0.awsAccountID == nil }.map(\.id)
        let made = claimed.compactMap { id, claimedName in claimedName == name ? id : nil }
        return Set(listed).union(made)
    }

    /// Whether billing (the Billing Engine source of Cloud Analyzer) is set up for `id`.
    func hasBilling(_ id: String) async throws(SpotError) -> Bool {
        let task = billing ?? Task { [client] in Set(try await client.cloudBillingAccounts().map(\.accountID)) }
        billing = task
        do {
            return try await task.value.contains(id)
        } catch {
            if billing == task { billing = nil }
            throw Self.spotError(error)
        }
    }

    /// Whether Cost Intelligence is set up for `id`.
    func hasCostIntelligence(_ id: String) async throws(SpotError) -> Bool {
        let task = costIntelligence ?? Task { [client] in Set(try await client.costIntelligenceAccounts().map(\.accountID)) }
        costIntelligence = task
        do {
            return try await task.value.contains(id)
        } catch {
            if costIntelligence == task { costIntelligence = nil }
            throw Self.spotError(error)
        }
    }

    private static func spotError(_ error: any Error) -> SpotError {
        (error as? SpotError)
            ?? SpotError(code: "Unexpected", message: "\(error)", operation: "ListAccounts", kind: .invalidResponse, isRetryable: true)
    }
}
