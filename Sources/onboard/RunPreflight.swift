import AWSKit
import Dispatch
import Foundation
import HTTPCore
import Onboarding
import SpotKit

/// The batch-level checks before any account is touched: the operator's AWS credentials work,
/// and each Spot token in use belongs to an organization admin (creating accounts needs one).
///
/// Its calls are impatient on purpose (five seconds an attempt, ten seconds in all): an endpoint
/// that refuses connections, or a typo in a URL, is reported in seconds, not after a run's
/// patience. Within those ten seconds a throttle, a 5xx or a dropped connection is retried up to
/// four attempts: with two, a service that refuses one request in eight (drill D1: 10 % throttled,
/// 2 % 503, 1 % dropped) stopped a whole batch before its first account about once in thirty runs.
struct RunPreflight {
    let run: RunServices

    /// The preflight's retries: up to four attempts, ten seconds in all.
    static let retryPolicy = RetryPolicy(maximumAttempts: 4, maximumDelay: 2, maximumTotalTime: 10)
    /// Seconds one preflight attempt may take, connection included.
    static let requestTimeout = 5.0

    /// Why the command needs an organization admin's Spot token, said when Spot refuses one.
    enum SpotTokenNeed {
        /// `run`: creating Spot accounts needs an Organization Admin token.
        case createsAccounts
        /// `check`: it reads the organization's accounts (`GET /setup/account`) and changes
        /// nothing; what a lesser token may read is not published, so a refusal is reported as
        /// Spot gave it.
        case readsAccounts
        /// `offboard`: it lists the organization's accounts and deletes those onboard created.
        case deletesAccounts

        var sentence: String {
            switch self {
            case .createsAccounts: "creating Spot accounts needs an Organization Admin token"
            case .readsAccounts: "a check lists the organization's Spot accounts (GET /setup/account), and Spot refused that to this token: use an Organization Admin token"
            case .deletesAccounts: "offboarding lists the organization's Spot accounts and deletes those onboard created: use the Organization Admin token that created them"
            }
        }
    }

    /// What to fix, or nil when everything is in order. `china` says whether the batch has China
    /// rows: their operator credentials (when configured) are checked against aws-cn's STS;
    /// `need` says, when Spot refuses a token, why the command needs an admin's.
    func check(spotProfiles: [String], china: Bool = false, need: SpotTokenNeed = .createsAccounts) -> String? {
        let services = run.services
        let run = run
        let client = AWSClient(
            configuration: .init(retryPolicy: Self.retryPolicy, requestTimeout: Self.requestTimeout),
            transport: run.operatorTransport)
        return BlockingCall.run { () async -> String? in
            let sts = STSClient(
                client: client,
                endpoint: services.settings.endpoints.endpoint(for: .sts, partition: .aws, region: "us-east-1"))
            do throws(AWSError) {
                _ = try await sts.getCallerIdentity(credentials: services.operatorCredentials)
            } catch {
                return "the operator's AWS credentials do not work (\(error.description)): check AWS_PROFILE / --profile or the access keys"
            }
            if china, let credentials = services.chinaOperatorCredentials {
                let chinaSTS = STSClient(
                    client: client,
                    endpoint: services.settings.endpoints.endpoint(for: .sts, partition: .awsChina, region: "cn-north-1"))
                do throws(AWSError) {
                    _ = try await chinaSTS.getCallerIdentity(credentials: credentials)
                } catch {
                    return "the operator's AWS China credentials do not work (\(error.description)): --china-profile / ONBOARD_CHINA_PROFILE must name a profile with aws-cn credentials"
                }
            }
            for profile in spotProfiles {
                do throws(SpotError) {
                    let spot = try run.spotClient(
                        profile: profile,
                        configuration: .init(retryPolicy: Self.retryPolicy, requestTimeout: Self.requestTimeout))
                    _ = try await spot.accounts()
                } catch {
                    switch error.kind {
                    case .forbidden:
                        return "the Spot token of profile '\(profile)' is not an organization admin's (\(error.shortDescription)): \(need.sentence)"
                    case .unauthorized:
                        return "the Spot token of profile '\(profile)' is invalid or expired (\(error.shortDescription)): create a new one in the Spot console"
                    default:
                        return "Spot profile '\(profile)': \(error.description)"
                    }
                }
            }
            return nil
        }
    }
}
