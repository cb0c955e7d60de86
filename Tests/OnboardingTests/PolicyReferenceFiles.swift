import Foundation
import Testing

/// Spot's published policy documents as the project keeps them, in
/// `shared/reference/spot-policies/` (the sibling of the repository, here and in CI).
enum PolicyReferenceFiles {
    /// `<repository>/Tests/OnboardingTests/<this file>` → `<repository>/../shared/reference/spot-policies`.
    static var folder: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // OnboardingTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the repository
            .appendingPathComponent("../shared/reference/spot-policies", isDirectory: true)
            .standardizedFileURL
    }

    /// The raw bytes of `fileName`.
    static func data(_ fileName: String) throws -> Data {
        let url = folder.appendingPathComponent(fileName)
        return try #require(
            try? Data(contentsOf: url), "cannot read \(url.path): shared/ must be the repository's sibling")
    }

    /// `fileName` parsed by Foundation.
    static func json(_ fileName: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data(fileName)) as? [String: Any])
    }

    /// The statements of `fileName`.
    static func statements(_ fileName: String) throws -> [[String: Any]] {
        try #require(try json(fileName)["Statement"] as? [[String: Any]])
    }

    /// Every action `fileName` grants.
    static func actions(_ fileName: String) throws -> Set<String> {
        Set(try statements(fileName).flatMap { StackTemplateTests.strings($0["Action"]) })
    }

    /// A JSON value in a canonical text (sorted keys, no slash escaping), for comparisons.
    static func canonical(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }
}
