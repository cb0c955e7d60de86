import AWSKit
import HTTPCore

/// Typed query-protocol calls to moto for the sandbox's own reads (IAM, CloudFormation).
extension MotoGateway {
    /// A query-protocol call as `account`; nil when moto did not answer.
    func query(
        account: String, service: String, region: String, action: String, version: String,
        _ parameters: [(String, String)] = []
    ) async -> MotoQueryResult? {
        let result = await call(
            account: account, service: service, region: region,
            form: [("Action", action), ("Version", version)] + parameters)
        guard case .success(let response) = result else { return nil }
        return MotoQueryResult(status: response.status, root: AWSXMLElement.parse(response.body))
    }

    /// An IAM call (version 2010-05-08) as `account`, in `partition`'s IAM region.
    func iam(account: String, partition: String, _ action: String, _ parameters: [(String, String)] = []) async
        -> MotoQueryResult?
    {
        await query(
            account: account, service: "iam", region: partition == "aws-cn" ? "cn-north-1" : "us-east-1", action: action,
            version: "2010-05-08", parameters)
    }

    /// A CloudFormation call (version 2010-05-15) as `account` in `region`.
    func cloudFormation(account: String, region: String, _ action: String, _ parameters: [(String, String)] = []) async
        -> MotoQueryResult?
    {
        await query(account: account, service: "cloudformation", region: region, action: action, version: "2010-05-15", parameters)
    }
}
