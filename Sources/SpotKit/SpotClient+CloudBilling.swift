/// Billing Engine (`/cloudBilling/v1/setup/account`): validate, set up, list.
extension SpotClient {
    private struct CloudBillingInput: Encodable {
        struct Config: Encodable {
            var billingSource: SpotBillingSource
        }

        var accountId: String
        var config: Config
    }

    private func cloudBillingCall(
        operation: String, path: String, spotAccountID: String, billingSource: SpotBillingSource
    ) throws(SpotError) -> SpotCall {
        try SpotCall.json(
            operation: operation, path: path,
            input: CloudBillingInput(accountId: spotAccountID, config: .init(billingSource: billingSource)))
    }

    // MARK: - ValidateCloudBilling

    /// `POST /cloudBilling/v1/setup/account/validation`: whether Billing Engine can be set up on
    /// the Spot account with the CUR at `billingSource`, one check per item. A failed check is a
    /// result, not an error: look at each ``SpotValidationCheck/status``.
    public func validateCloudBilling(
        spotAccountID: String, billingSource: SpotBillingSource
    ) async throws(SpotError) -> [SpotValidationCheck] {
        let call = try cloudBillingCall(
            operation: "ValidateCloudBilling", path: "/cloudBilling/v1/setup/account/validation",
            spotAccountID: spotAccountID, billingSource: billingSource)
        return try await items(call, of: SpotValidationCheck.self)
    }

    // MARK: - SetupCloudBilling

    /// `POST /cloudBilling/v1/setup/account`: sets up Billing Engine on the Spot account, which
    /// must already hold AWS credentials, with the CUR at `billingSource`.
    public func setupCloudBilling(
        spotAccountID: String, billingSource: SpotBillingSource
    ) async throws(SpotError) -> CloudBillingAccount {
        let call = try cloudBillingCall(
            operation: "SetupCloudBilling", path: "/cloudBilling/v1/setup/account", spotAccountID: spotAccountID,
            billingSource: billingSource)
        return try await firstItem(call, of: CloudBillingAccount.self)
    }

    // MARK: - ListCloudBillingAccounts

    /// `GET /cloudBilling/v1/setup/account`: every Spot account with Billing Engine set up, with
    /// its connection status; all pages read (``pageSize`` per page, following
    /// `response.paginationInfo.nextKey`).
    public func cloudBillingAccounts() async throws(SpotError) -> [CloudBillingAccount] {
        try await allPages(of: CloudBillingAccount.self, operation: "ListCloudBillingAccounts") { key in
            Self.pagedCall(operation: "ListCloudBillingAccounts", path: "/cloudBilling/v1/setup/account", key: key)
        }
    }

    /// A `GET` of one page of a listing: `paginationSize`, and `paginationKey` after the first page.
    static func pagedCall(operation: String, path: String, key: String?) -> SpotCall {
        var query = [(name: "paginationSize", value: String(pageSize))]
        if let key { query.append((name: "paginationKey", value: key)) }
        return SpotCall(operation: operation, method: "GET", path: path, queryItems: query)
    }
}
