import AWSKit
import Dispatch
import Foundation
import Onboarding
import SpotKit

/// The batch-level checks before any account is touched: the operator's AWS credentials work,
/// and each Spot token in use belongs to an organization admin (creating accounts needs one).
struct RunPreflight {
    let services: WorkflowServices

    /// What to fix, or nil when everything is in order.
    func check(spotProfiles: [String]) -> String? {
        let services = services
        return BlockingCall.run { () async -> String? in
            let sts = STSClient(
                client: services.operatorClient,
                endpoint: services.settings.endpoints.endpoint(for: .sts, partition: .aws, region: "us-east-1"))
            do throws(AWSError) {
                _ = try await sts.getCallerIdentity(credentials: services.operatorCredentials)
            } catch {
                return "the operator's AWS credentials do not work (\(error.description)): check AWS_PROFILE / --profile or the access keys"
            }
            for profile in spotProfiles {
                do throws(SpotError) {
                    let spot = try services.spot(profile: profile)
                    _ = try await spot.accounts()
                } catch {
                    switch error.kind {
                    case .forbidden:
                        return "the Spot token of profile '\(profile)' is not an organization admin's (\(error.shortDescription)): creating Spot accounts needs an Organization Admin token"
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
