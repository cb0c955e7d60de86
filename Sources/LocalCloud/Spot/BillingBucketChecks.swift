import AWSKit
import Foundation
import HTTPCore

/// The Billing Engine's reads of the report's bucket, as the linked role: `s3:ListBucket` on the
/// bucket and `s3:GetObject` under the path prefix, the two grants of Spot's published Billing
/// Engine policy (spotinst/help `billing-engine-policy.md`: `s3:GetObject` "Needed to copy the
/// CUR from the customer", on `arn:${AWS::Partition}:s3:::${BEBucket}/${BEPrefix}/*` and
/// `…:::${BEBucket}`). Then whether AWS has delivered any file yet.
///
/// IAM's rules (AWS IAM User Guide, "Policy evaluation logic", "Cross-account policy evaluation
/// logic"): an explicit deny in the role's policies or the bucket policy wins; in the bucket's
/// own account either may allow; for another account's bucket both must.
///
/// The object read is checked on the literal resource `…/<pathPrefix>/*`: only a grant that
/// covers every key under the prefix matches it (`*` matches the `*`), so a narrower grant
/// (`…/<pathPrefix>/2026*`) does not pass for all of the report.
struct BillingBucketChecks: Sendable {
    let moto: MotoGateway

    func checks(role: EffectiveRole, bucket: String, region: String, pathPrefix: String) async -> [ValidationCheck] {
        let prefix = pathPrefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let bucketARN = "arn:\(role.partition):s3:::\(bucket)"
        let objectsARN = "\(bucketARN)/\(prefix)/*"
        let list = "Spot can list the report's bucket as the linked role (s3:ListBucket)"
        let get = "Spot can read the report's files as the linked role (s3:GetObject)"
        let delivery = "AWS has delivered report files under the path prefix"
        let head = await moto.call(account: role.account, service: "s3", region: region, method: "HEAD", target: "/\(bucket)")
        guard case .success(let headed) = head else {
            let info = "The sandbox could not reach S3 to read bucket \(bucket)"
            return [
                ValidationCheck(id: "s3-list-bucket", description: list, status: .failed, info: info),
                ValidationCheck(id: "s3-get-object", description: get, status: .failed, info: info),
                ValidationCheck(id: "report-delivery", description: delivery, status: .skipped, info: info),
            ]
        }
        guard headed.status != 404 else {
            let info = "The S3 bucket \(bucket) does not exist"
            return [
                ValidationCheck(id: "s3-list-bucket", description: list, status: .failed, info: info),
                ValidationCheck(id: "s3-get-object", description: get, status: .failed, info: info),
                ValidationCheck(id: "report-delivery", description: delivery, status: .skipped, info: info),
            ]
        }
        let ownBucket = await owns(bucket, account: role.account, region: region)
        let bucketPolicy = await policy(of: bucket, account: role.account, region: region)
        func check(_ id: String, _ description: String, _ action: String, _ resource: String) -> ValidationCheck {
            let problem = Self.problem(
                action: action, resource: resource, role: role, ownBucket: ownBucket, bucketPolicy: bucketPolicy)
            return ValidationCheck(
                id: id, description: description, status: problem == nil ? .success : .failed,
                info: problem ?? "\(role.arn) may \(action) \(resource)")
        }
        var checks = [
            check("s3-list-bucket", list, "s3:ListBucket", bucketARN),
            check("s3-get-object", get, "s3:GetObject", objectsARN),
        ]
        checks.append(await deliveryCheck(bucket: bucket, prefix: prefix, account: role.account, region: region))
        return checks
    }

    /// Why `role` may not do `action` on `resource`, naming the permission; nil when it may.
    static func problem(
        action: String, resource: String, role: EffectiveRole, ownBucket: Bool, bucketPolicy: PolicyDocument?
    ) -> String? {
        let identity = PolicyEvaluator.decide(action: action, resource: resource, policies: role.permissionPolicies)
        let resourceBased = bucketPolicy.map {
            PolicyEvaluator.decide(action: action, resource: resource, resourcePolicy: $0, roleARN: role.arn, account: role.account)
        } ?? .notAllowed
        for decision in [identity, resourceBased] {
            if case .denied(let origin) = decision { return "\(action) on \(resource) is denied to \(role.arn) by \(origin)" }
        }
        if ownBucket {
            guard identity.isAllowed || resourceBased.isAllowed else {
                return "\(role.arn) is not allowed \(action) on \(resource): no statement of its policies grants it\(role.unreadableNote)"
            }
        } else {
            guard identity.isAllowed else {
                return "\(role.arn) is not allowed \(action) on \(resource): no statement of its policies grants it\(role.unreadableNote)"
            }
            guard resourceBased.isAllowed else {
                return "\(action) on \(resource) needs the bucket policy's grant too: the bucket belongs to another account"
            }
        }
        return nil
    }

    /// A new report has no files for up to 24 hours (AWS Data Exports User Guide: "It can take
    /// up to 24 hours for AWS to start delivering reports to your Amazon S3 bucket"). That is a
    /// `warning` (a published `ValidationStatus`), not a failure: registration stays allowed.
    private func deliveryCheck(bucket: String, prefix: String, account: String, region: String) async -> ValidationCheck {
        let description = "AWS has delivered report files under the path prefix"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = (prefix + "/").addingPercentEncoding(withAllowedCharacters: allowed) ?? prefix
        let listed = await moto.call(
            account: account, service: "s3", region: region, method: "GET",
            target: "/\(bucket)?list-type=2&max-keys=1&prefix=\(query)")
        guard case .success(let response) = listed, response.status == 200 else {
            return ValidationCheck(id: "report-delivery", description: description, status: .skipped,
                info: "The files under s3://\(bucket)/\(prefix)/ could not be listed")
        }
        if String(decoding: response.body, as: UTF8.self).contains("<Contents>") {
            return ValidationCheck(id: "report-delivery", description: description, status: .success,
                info: "Report files are present under s3://\(bucket)/\(prefix)/")
        }
        return ValidationCheck(id: "report-delivery", description: description, status: .warning,
            info: "No report files have been delivered to s3://\(bucket)/\(prefix)/ yet; AWS delivers a new report's first files within 24 hours")
    }

    private func owns(_ bucket: String, account: String, region: String) async -> Bool {
        let listed = await moto.call(account: account, service: "s3", region: region, method: "GET", target: "/")
        guard case .success(let response) = listed, response.status == 200 else { return false }
        return String(decoding: response.body, as: UTF8.self).contains("<Name>\(bucket)</Name>")
    }

    private func policy(of bucket: String, account: String, region: String) async -> PolicyDocument? {
        let got = await moto.call(account: account, service: "s3", region: region, method: "GET", target: "/\(bucket)?policy")
        guard case .success(let response) = got, response.status == 200 else { return nil }
        return PolicyDocument(origin: "the bucket policy of \(bucket)", text: String(decoding: response.body, as: UTF8.self))
    }
}
