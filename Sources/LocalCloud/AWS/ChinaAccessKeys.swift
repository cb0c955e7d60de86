import Foundation
import Synchronization

/// Which access keys belong to AWS China (`aws-cn`). Credentials belong to one partition: a
/// key of `aws` is unknown to the services of `aws-cn` and the other way round, and they answer
/// as for any unknown key (STS and the other query services: 403 `InvalidClientTokenId` "The
/// security token included in the request is invalid."; JSON services: 400
/// `UnrecognizedClientException` with the same message; S3: 403 `InvalidAccessKeyId`; AWS
/// STS API reference, "Common Errors"; Amazon S3 API reference, "Error responses").
///
/// China keys are the scenario's `behaviour.chinaAccessKeyIds` (default `testing-cn`, the China
/// operator's fake key) and every key STS hands out for a request signed for a `cn-` region
/// (AssumeRole and the like through the sandbox). Every other key is a key of `aws`.
final class ChinaAccessKeys: Sendable {
    private let keys: Mutex<Set<String>>

    init(_ keys: Set<String>) {
        self.keys = Mutex(keys)
    }

    func add(_ more: [String]) {
        keys.withLock { $0.formUnion(more) }
    }

    func contains(_ key: String) -> Bool {
        keys.withLock { $0.contains(key) }
    }

    /// The answer to a request signed with a key of the other partition; nil when it matches.
    func refusal(_ summary: AWSRequestSummary) -> SandboxResponse? {
        guard let key = summary.accessKeyID, summary.region.hasPrefix("cn-") != contains(key) else { return nil }
        return AWSErrorReply.unknownCredentials(summary.wireProtocol)
    }

    /// Records the keys in an STS answer to a request signed for a `cn-` region.
    func learn(from response: SandboxResponse, summary: AWSRequestSummary) {
        guard summary.service == "sts", summary.region.hasPrefix("cn-"), response.status == 200 else { return }
        let text = String(decoding: response.body, as: UTF8.self)
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<AccessKeyId>"), let close = rest.range(of: "</AccessKeyId>", range: open.upperBound..<rest.endIndex) {
            found.append(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        add(found)
    }
}
