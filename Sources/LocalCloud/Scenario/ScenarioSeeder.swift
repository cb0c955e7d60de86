import AWSKit
import Foundation
import HTTPCore

/// Puts a ``Scenario`` into moto and the sandbox's own services.
struct ScenarioSeeder {
    let moto: MotoGateway
    let spot: SpotService
    let cur: CURService
    let faults: FaultInjector
    let memberships: OrganizationMemberships
    let stackRegions: StackRegistry
    let establishedRoles: EstablishedRoles

    /// A seeding step that failed, named so the operator can fix the scenario.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func seed(_ scenario: Scenario) async throws {
        for organization in scenario.spotOrganizations ?? [] {
            spot.seedOrganization(id: organization.id, name: organization.name,
                tokens: organization.tokens.map { ($0.token, SpotSandboxState.Role(rawValue: $0.role) ?? .viewer) })
            for account in organization.accounts ?? [] {
                let link = account.iamRole.map { ($0, account.externalId ?? "") }
                if link != nil, account.externalId == nil {
                    throw Failure(description: "Spot account \(account.id): a linked account needs externalId")
                }
                spot.seedAccount(id: account.id, name: account.name, organizationID: organization.id, link: link)
            }
        }
        for payer in scenario.payers ?? [] {
            switch payer.organization ?? "management" {
            case "management":
                try await createOrganization(account: payer.accountId)
            case "member":
                guard let management = payer.managementAccount else {
                    throw Failure(description: "payer \(payer.accountId): a member needs managementAccount")
                }
                try await createOrganization(account: management)
                memberships.add(member: payer.accountId, management: management)
            default:
                break
            }
        }
        for bucket in scenario.buckets ?? [] {
            try await createBucket(bucket.name, owner: bucket.owner, region: bucket.region ?? "us-east-1",
                allowBillingReports: bucket.allowBillingReports ?? false)
        }
        for report in scenario.reportDefinitions ?? [] {
            try await createBucket(report.definition.s3Bucket, owner: report.account, region: report.definition.s3Region,
                allowBillingReports: true)
            cur.seed(report.definition, account: report.account)
            if report.delivered == true { try await deliver(report.definition, account: report.account) }
        }
        for role in scenario.roles ?? [] { try await createRole(role) }
        for stack in scenario.stacks ?? [] { try await createStack(stack) }
        faults.add(scenario.faults ?? [])
    }

    /// Creates the account's organization in both partitions (moto keeps them apart), so a
    /// payer answers DescribeOrganization whether its row is a China one or not.
    private func createOrganization(account: String) async throws {
        for region in ["us-east-1", "cn-northwest-1"] {
            try await createOrganization(account: account, region: region)
        }
    }

    private func createOrganization(account: String, region: String) async throws {
        let result = await moto.call(account: account, service: "organizations", region: region,
            jsonTarget: "AWSOrganizationsV20161128.CreateOrganization", json: ["FeatureSet": "ALL"])
        let response = try result.mapError { Failure(description: "moto: \($0.message)") }.get()
        let body = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 || body.contains("AlreadyInOrganization") else {
            throw Failure(description: "could not create the organization of \(account): HTTP \(response.status) \(body)")
        }
    }

    private func createBucket(_ name: String, owner: String, region: String, allowBillingReports: Bool) async throws {
        let body = region == "us-east-1" ? "" : """
            <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>
            """
        let created = try await moto.call(account: owner, service: "s3", region: region, method: "PUT", target: "/\(name)",
            body: Array(body.utf8)).mapError { Failure(description: "moto: \($0.message)") }.get()
        guard created.status == 200 || String(decoding: created.body, as: UTF8.self).contains("BucketAlreadyOwnedByYou") else {
            throw Failure(description: "could not create bucket \(name) for \(owner): HTTP \(created.status) \(String(decoding: created.body, as: UTF8.self))")
        }
        guard allowBillingReports else { return }
        let partition = region.hasPrefix("cn-") ? "aws-cn" : "aws"
        let policy: [String: Any] = [
            "Version": "2012-10-17",
            "Statement": [[
                "Sid": "BillingReportsDelivery", "Effect": "Allow",
                "Principal": ["Service": "billingreports.amazonaws.com"],
                "Action": ["s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:PutObject"],
                "Resource": ["arn:\(partition):s3:::\(name)", "arn:\(partition):s3:::\(name)/*"],
            ]],
        ]
        let data = try JSONSerialization.data(withJSONObject: policy)
        let put = try await moto.call(account: owner, service: "s3", region: region, method: "PUT", target: "/\(name)?policy",
            body: Array(data)).mapError { Failure(description: "moto: \($0.message)") }.get()
        guard (200..<300).contains(put.status) else {
            throw Failure(description: "could not put the policy of bucket \(name): HTTP \(put.status)")
        }
    }

    /// Puts one file where AWS delivers an Athena report's data
    /// (`<prefix>/<report>/<report>/year=…/month=…/<report>-00001.snappy.parquet`).
    private func deliver(_ definition: ReportDefinition, account: String) async throws {
        let name = definition.reportName
        let key = "\(definition.s3Prefix)/\(name)/\(name)/year=2026/month=11/\(name)-00001.snappy.parquet"
        let put = try await moto.call(account: account, service: "s3", region: definition.s3Region, method: "PUT",
            target: "/\(definition.s3Bucket)/\(key)", body: Array("PAR1".utf8)).mapError { Failure(description: "moto: \($0.message)") }.get()
        guard (200..<300).contains(put.status) else {
            throw Failure(description: "could not put s3://\(definition.s3Bucket)/\(key): HTTP \(put.status)")
        }
    }
}
