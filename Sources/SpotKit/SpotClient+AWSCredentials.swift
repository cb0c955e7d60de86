/// Linking a Spot account to AWS: the external id and the IAM role
/// (`/setup/credentials/aws/externalId` and `/setup/credentials/aws`).
extension SpotClient {
    private struct SetCredentialsInput: Encodable {
        struct Credentials: Encodable {
            var iamRole: String
        }

        var credentials: Credentials
    }

    // MARK: - CreateExternalId

    /// `POST /setup/credentials/aws/externalId?accountId=…`: a new external id for the Spot
    /// account, to require in the trust policy of the role handed to
    /// ``setAWSCredentials(spotAccountID:roleARN:)``. A new one replaces the one in
    /// force: for an account already linked, reuse the existing stack's id instead.
    public func createExternalID(spotAccountID: String) async throws(SpotError) -> SpotExternalID {
        try await firstItem(
            SpotCall(
                operation: "CreateExternalId", method: "POST", path: "/setup/credentials/aws/externalId",
                queryItems: [(name: "accountId", value: spotAccountID)]),
            of: SpotExternalID.self)
    }

    // MARK: - SetAWSCredentials

    /// `POST /setup/credentials/aws?accountId=…`: hands Spot the IAM role to assume in the AWS
    /// account. A role created moments ago may not be usable yet (IAM takes 10–30 s): the
    /// caller retries that refusal with its own bounded backoff.
    public func setAWSCredentials(spotAccountID: String, roleARN: String) async throws(SpotError) {
        let call = try SpotCall.json(
            operation: "SetAWSCredentials", path: "/setup/credentials/aws",
            queryItems: [(name: "accountId", value: spotAccountID)],
            input: SetCredentialsInput(credentials: .init(iamRole: roleARN)))
        _ = try await send(call)
    }

    // MARK: - GetAWSCredentials

    /// `GET /setup/credentials/aws?accountId=…` (Spot serves it, though the public spec leaves it
    /// out): the role the Spot account holds; `nil` when it holds none (HTTP 404 or no item).
    public func awsCredentials(spotAccountID: String) async throws(SpotError) -> SpotAWSCredentials? {
        let call = SpotCall(
            operation: "GetAWSCredentials", method: "GET", path: "/setup/credentials/aws",
            queryItems: [(name: "accountId", value: spotAccountID)])
        switch await itemsResult(call, of: SpotAWSCredentials.self) {
        case .success(let items): return items.first
        case .failure(let error) where error.kind == .notFound: return nil
        case .failure(let error): throw error
        }
    }
}
