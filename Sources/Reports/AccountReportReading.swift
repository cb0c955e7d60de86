import Foundation
import Onboarding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AccountReportWriter {
    /// Reads the JSON report of `accountID` back (following no symbolic link).
    ///
    /// - Throws: `ReportReadError`.
    public func read(accountID: String) throws -> AccountResult {
        guard Self.isFileName(accountID) else {
            throw ReportReadError(operation: .readFile, path: folder.path, reason: "account id is not a file name")
        }
        let relativePath = Self.jsonPath(accountID: accountID)
        return try Self.decode(Data(folder.read(relativePath)), path: "\(folder.path)/\(relativePath)")
    }

    /// Reads every JSON report of the run, ordered by account id (`accounts/` must be a plain
    /// folder, and no report a symbolic link).
    ///
    /// - Throws: `ReportReadError` for the first report that cannot be read.
    public func readAll() throws -> [AccountResult] {
        try folder.names(in: "accounts").filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map {
            try Self.decode(Data(folder.read("accounts/\($0)")), path: "\(folder.path)/accounts/\($0)")
        }
    }

    /// Reads a report written by `write(_:)` (the file itself must not be a symbolic link;
    /// `read(accountID:)` also refuses links in the folders on the way).
    ///
    /// - Throws: `ReportReadError` when the file is missing or unreadable, is not a report, or was
    ///   written by a newer version (a higher `schema_version`).
    public static func read(from path: String) throws -> AccountResult {
        let bytes: [UInt8]
        let parent = RunFolder.parentPath(of: path)
        do throws(ReportFiles.Failure) {
            let folder = try ReportFiles.openFolder(parent.isEmpty ? "." : parent)
            defer { ReportFiles.closeQuietly(folder) }
            let file = try ReportFiles.openFile(folder, (path as NSString).lastPathComponent, flags: O_RDONLY)
            defer { ReportFiles.closeQuietly(file) }
            bytes = try ReportFiles.readAll(file, path)
        } catch {
            throw ReportReadError(operation: .readFile, path: path, reason: error.code == ENOENT ? "no such file" : error.reason)
        }
        return try decode(Data(bytes), path: path)
    }

    /// Decodes a report's JSON; `path` names it in errors.
    ///
    /// - Throws: `ReportReadError` (`decode` or `unsupportedVersion`).
    public static func decode(_ data: Data, path: String) throws -> AccountResult {
        do {
            let version = try ReportEncoding.decode(Version.self, from: data).schemaVersion
            guard version <= AccountResult.schemaVersion else {
                throw ReportReadError(
                    operation: .unsupportedVersion, path: path,
                    reason: "schema_version \(version) is newer than this onboard reads (\(AccountResult.schemaVersion))")
            }
            return try ReportEncoding.decode(AccountResult.self, from: data)
        } catch let error as ReportReadError {
            throw error
        } catch {
            throw ReportReadError(operation: .decode, path: path, reason: ReportEncoding.reason(error))
        }
    }

    /// Only the version, read before the rest.
    private struct Version: Decodable {
        var schemaVersion: Int
        enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
    }
}
