import Foundation

/// Names no other test uses, for tests that share one moto and one sandbox and run in
/// parallel: each works in AWS accounts, buckets and Spot organizations of its own.
public enum FreshNames {
    /// Account ids the local cloud's default scenario (Inputs/sandbox-scenario.json), moto's
    /// default account and Spot's platform account use: a fresh id is never one of them.
    public static let reservedAccounts: Set<String> = [
        "111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666",
        "777777777777", "770000000077", "888888888888", "999999999999", "012345678901", "123456789012",
        "210987654321", "100000000001", "922761411349", "000000000001", "313131313131", "414141414141", "515151515151",
    ]

    /// A random 12-digit AWS account id (from 200000000000 up, never a reserved one): in moto, a
    /// fresh, empty account.
    public static func accountID() -> String {
        while true {
            let id = String(Int.random(in: 200_000_000_000...999_999_999_999))
            if !reservedAccounts.contains(id) { return id }
        }
    }

    /// A bucket name no other test uses: `<prefix>-<purpose>-<12 random hex digits>`.
    public static func bucketName(_ purpose: String, prefix: String = "onboard-test") -> String {
        "\(prefix)-\(purpose)-\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
    }
}
