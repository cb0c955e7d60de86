import HTTPCore
import Foundation

/// Finds the Spot token the way Spot's SDKs and tools do, in this order:
///
/// 1. an explicit token file (the CLI's `--spot-token-file`): the file holds only the token,
///    surrounding whitespace trimmed; the default account comes from `SPOTINST_ACCOUNT`;
/// 2. `SPOTINST_TOKEN` (and `SPOTINST_ACCOUNT`) from the environment;
/// 3. a profile of the shared credentials file: `SPOTINST_SHARED_CREDENTIALS_FILE` (the Python
///    SDK's name) or `SPOTINST_CREDENTIALS_FILE` (the Go SDK's), else `~/.spotinst/credentials`;
///    the profile is the one asked for, else `SPOTINST_PROFILE` (or the Go SDK's
///    `SPOTINST_CREDENTIALS_PROFILE`), else `default`. A profile's keys are `token` and `account`.
///
/// The file is read as INI only (see ``SpotCredentialsFileParser``); `[profile NAME]` is accepted
/// for `[NAME]`. Spot's Python SDK also reads a YAML file (`NAME:` with indented `token:` and
/// `account:`) and the Go SDK a single JSON object: neither is supported here. Unlike the Go SDK,
/// a named profile without a token does not borrow the `default` profile's token: with one token
/// per Spot organization, borrowing would act on the wrong organization.
///
/// The environment, the home directory and file reading are injected, so tests are
/// deterministic. Errors name the file, the profile and what is missing, never the token.
public struct SpotCredentialResolver: Sendable {
    /// `SPOTINST_TOKEN`.
    public static let tokenVariable = "SPOTINST_TOKEN"
    /// `SPOTINST_ACCOUNT`.
    public static let accountVariable = "SPOTINST_ACCOUNT"
    /// `SPOTINST_PROFILE`.
    public static let profileVariable = "SPOTINST_PROFILE"
    /// `SPOTINST_CREDENTIALS_PROFILE`, the Go SDK's name for the profile variable.
    public static let alternateProfileVariable = "SPOTINST_CREDENTIALS_PROFILE"
    /// `SPOTINST_SHARED_CREDENTIALS_FILE`.
    public static let credentialsFileVariable = "SPOTINST_SHARED_CREDENTIALS_FILE"
    /// `SPOTINST_CREDENTIALS_FILE`, the Go SDK's name for the file variable.
    public static let alternateCredentialsFileVariable = "SPOTINST_CREDENTIALS_FILE"
    /// The profile used when none is named.
    public static let defaultProfile = "default"
    /// The file's default location.
    public static let defaultCredentialsFile = "~/.spotinst/credentials"

    /// Reads a file from disk: its text, `nil` when it does not exist, an error when it exists
    /// but cannot be read.
    public typealias FileReader = @Sendable (_ path: String) throws -> String?

    /// The environment consulted (variables with empty values count as unset).
    public let environment: [String: String]
    /// The home directory that `~` stands for.
    public let homeDirectory: String?
    private let readFile: FileReader

    /// - Parameters:
    ///   - environment: the variables to consult (pass `ProcessInfo.processInfo.environment`).
    ///   - homeDirectory: what `~` expands to; `HOME` from `environment` when `nil`.
    ///   - readFile: reads a file (the default reads from disk).
    public init(
        environment: [String: String], homeDirectory: String? = nil,
        readFile: @escaping FileReader = SpotCredentialResolver.readFromDisk
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        self.readFile = readFile
    }

    /// The credentials in the order described on the type: `tokenFile`, then the environment,
    /// then `profile` (or the environment's profile, or `default`) of the credentials file.
    public func resolve(tokenFile: String? = nil, profile: String? = nil) throws(SpotError) -> SpotCredentials {
        if let tokenFile, !tokenFile.isEmpty {
            return try credentials(tokenFile: tokenFile)
        }
        if let raw = variable(Self.tokenVariable) {
            guard let token = SpotToken(raw) else {
                throw failure("\(Self.tokenVariable) holds whitespace or control characters inside the token")
            }
            return SpotCredentials(token: token, accountID: variable(Self.accountVariable), source: .environment)
        }
        let name = profileName(profile)
        let file = credentialsFile
        guard let text = try read(file, what: "Spot credentials file") else {
            throw failure(
                "no Spot token: no token file was given, \(Self.tokenVariable) is not set, and the Spot credentials file "
                    + "\(file.shown) (profile [\(name)]) \(Self.absence(of: file))")
        }
        return try credentials(profile: name, text: text, path: file.shown)
    }

    /// The credentials of profile `profile` of the credentials file, whatever the environment
    /// holds: for a row that names its own Spot profile.
    public func credentials(profile: String) throws(SpotError) -> SpotCredentials {
        let file = credentialsFile
        guard let text = try read(file, what: "Spot credentials file") else {
            throw failure("the Spot credentials file \(file.shown) \(Self.absence(of: file)) (looked for profile [\(profile)])")
        }
        return try credentials(profile: profile, text: text, path: file.shown)
    }

    /// The profiles of the credentials file, sorted; empty when the file does not exist.
    public func profileNames() throws(SpotError) -> [String] {
        let file = credentialsFile
        guard let text = try read(file, what: "Spot credentials file") else { return [] }
        return try SpotCredentialsFileParser.parse(text, path: file.shown).map { Self.profileName(ofSection: $0.name) }
            .sorted()
    }

    /// The credentials file's path, `~` expanded (as shown in messages).
    public var credentialsFilePath: String { credentialsFile.shown }

    /// The profile `resolve` reads when `profile` is `nil`.
    public func profileName(_ profile: String? = nil) -> String {
        if let profile, !profile.isEmpty { return profile }
        return variable(Self.profileVariable) ?? variable(Self.alternateProfileVariable) ?? Self.defaultProfile
    }

    /// Reads `path` from disk: `nil` when nothing is there.
    public static func readFromDisk(_ path: String) throws -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "it is a directory"]) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw CocoaError(.fileReadInapplicableStringEncoding, userInfo: [NSLocalizedDescriptionKey: "it is not UTF-8 text"])
        }
        return text
    }

    // MARK: - Internals

    /// A path as read (`nil` when `~` cannot be expanded) and as shown.
    private struct Location {
        var resolved: String?
        var shown: String
    }

    private var credentialsFile: Location {
        let given =
            variable(Self.credentialsFileVariable) ?? variable(Self.alternateCredentialsFileVariable)
            ?? Self.defaultCredentialsFile
        return expand(given)
    }

    private func expand(_ path: String) -> Location {
        guard path == "~" || path.hasPrefix("~/") else { return Location(resolved: path, shown: path) }
        guard let homeDirectory else { return Location(resolved: nil, shown: path) }
        let expanded = homeDirectory + path.dropFirst()
        return Location(resolved: expanded, shown: expanded)
    }

    /// Why a file that was not read is missing: `does not exist`, or that `~` had no home.
    private static func absence(of location: Location) -> String {
        location.resolved == nil ? "cannot be found: HOME is not set" : "does not exist"
    }

    private func variable(_ name: String) -> String? {
        guard let value = environment[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return value
    }

    private func failure(_ message: String) -> SpotError {
        .configuration(message, operation: "ResolveCredentials")
    }

    private func read(_ location: Location, what: String) throws(SpotError) -> String? {
        guard let path = location.resolved else { return nil }
        do {
            return try readFile(path)
        } catch {
            throw failure("cannot read the \(what) \(path): \(Self.reason(error))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let description = cocoa.userInfo[NSLocalizedDescriptionKey] as? String {
            return description
        }
        return (error as NSError).localizedDescription
    }

    private func credentials(tokenFile path: String) throws(SpotError) -> SpotCredentials {
        let location = expand(path)
        guard let resolved = location.resolved else {
            throw failure("the Spot token file \(path) cannot be found: HOME is not set")
        }
        guard let text = try read(location, what: "Spot token file") else {
            throw failure("the Spot token file \(resolved) does not exist")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw failure("the Spot token file \(resolved) is empty")
        }
        guard let token = SpotToken(text) else {
            throw failure(
                "the Spot token file \(resolved) holds more than the token (whitespace or control characters inside it)")
        }
        return SpotCredentials(token: token, accountID: variable(Self.accountVariable), source: .tokenFile(path: resolved))
    }

    private func credentials(profile: String, text: String, path: String) throws(SpotError) -> SpotCredentials {
        let sections = try SpotCredentialsFileParser.parse(text, path: path)
        let section =
            sections.first { $0.name == profile } ?? sections.first { Self.profileName(ofSection: $0.name) == profile }
        guard let section else {
            let names = sections.map { Self.profileName(ofSection: $0.name) }.sorted()
            let known = names.isEmpty ? "it has no profiles" : "its profiles: " + names.joined(separator: ", ")
            throw failure("the Spot credentials file \(path) has no profile [\(profile)] (\(known))")
        }
        guard let raw = section.settings["token"], !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw failure("profile [\(profile)] of the Spot credentials file \(path) (line \(section.line)) has no token")
        }
        guard let token = SpotToken(raw) else {
            throw failure(
                "the token of profile [\(profile)] of the Spot credentials file \(path) holds whitespace or control characters")
        }
        let account = section.settings["account"].flatMap { $0.isEmpty ? nil : $0 }
        return SpotCredentials(token: token, accountID: account, source: .credentialsFile(path: path, profile: profile))
    }

    /// `NAME` for a section `[profile NAME]`, else the section name.
    private static func profileName(ofSection name: String) -> String {
        guard name.hasPrefix("profile "), name.count > "profile ".count else { return name }
        return String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
    }
}
