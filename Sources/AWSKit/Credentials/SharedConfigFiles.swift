import Foundation
import HTTPCore

/// The AWS shared configuration files, `config` and `credentials`, read and merged as the AWS
/// CLI does.
///
/// - Paths: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `$HOME/.aws/config` and
///   `$HOME/.aws/credentials`; a leading `~/` is expanded with `HOME`. The environment is a
///   parameter, so callers decide (and tests control) what it holds.
/// - A missing file is empty; a file that exists but cannot be read or parsed is an error that
///   names it (code `CredentialsUnavailable`).
/// - In `config`, `[default]` and `[profile NAME]` are profiles (`[profile default]` is the
///   default profile too; of the two, the one later in the file wins). Other sections
///   (`[sso-session …]`, `[services …]`, `[NAME]` without `profile`) are not profiles.
/// - In `credentials`, every `[NAME]` is the profile `NAME`.
/// - A profile in both files takes every key of its `credentials` section over the same key in
///   `config`; keys only in `config` remain.
/// - The INI rules themselves are described on ``INIFile`` (read with continuation lines, as
///   the CLI reads nested settings): `#`/`;` comments, `=` or `:`, case-insensitive keys, and, as
///   in the CLI, an error for a section or key repeated in one file, naming the file and the line.
public struct SharedConfigFiles: Sendable, Hashable {
    /// The `config` file's path, as used (or `~/.aws/config` when `HOME` is not set).
    public var configFile: String
    /// The `credentials` file's path, as used (or `~/.aws/credentials` when `HOME` is not set).
    public var credentialsFile: String
    /// Whether the `config` file exists.
    public var configFileFound: Bool
    /// Whether the `credentials` file exists.
    public var credentialsFileFound: Bool
    /// Every profile of both files, merged, by name.
    public var profiles: [String: SharedConfigProfile]

    /// Reads both files from the paths `environment` names (see the type's documentation).
    public init(environment: [String: String]) throws(AWSError) {
        let configPath = Self.path(environment: environment, variable: "AWS_CONFIG_FILE", defaultName: "config")
        let credentialsPath = Self.path(
            environment: environment, variable: "AWS_SHARED_CREDENTIALS_FILE", defaultName: "credentials")
        let configText = try Self.read(configPath.resolved, kind: "config")
        let credentialsText = try Self.read(credentialsPath.resolved, kind: "credentials")
        try self.init(
            configText: configText, credentialsText: credentialsText, configFile: configPath.shown,
            credentialsFile: credentialsPath.shown)
    }

    /// Parses the files' text (`nil` for a file that does not exist); the paths only name the
    /// files in messages.
    public init(
        configText: String?, credentialsText: String?, configFile: String = "~/.aws/config",
        credentialsFile: String = "~/.aws/credentials"
    ) throws(AWSError) {
        self.configFile = configFile
        self.credentialsFile = credentialsFile
        self.configFileFound = configText != nil
        self.credentialsFileFound = credentialsText != nil
        var profiles: [String: SharedConfigProfile] = [:]
        for section in try Self.sections(of: configText ?? "", path: configFile) {
            guard let name = Self.profileName(ofConfigSection: section.name) else { continue }
            // As in the CLI, a later section for the same profile (`[default]` and
            // `[profile default]`) replaces the earlier one.
            profiles[name] = SharedConfigProfile(name: name, settings: section.settings)
        }
        for section in try Self.sections(of: credentialsText ?? "", path: credentialsFile) {
            var merged = profiles[section.name]?.settings ?? [:]
            merged.merge(section.settings) { _, fromCredentials in fromCredentials }
            profiles[section.name] = SharedConfigProfile(name: section.name, settings: merged)
        }
        self.profiles = profiles
    }

    /// The profile called `name`, or `nil`.
    public func profile(_ name: String) -> SharedConfigProfile? {
        profiles[name]
    }

    /// The names of all profiles, sorted.
    public var profileNames: [String] {
        profiles.keys.sorted()
    }

    /// Where both files were looked for, and whether they were found, for messages:
    /// `/home/me/.aws/config (not found) and /home/me/.aws/credentials`.
    public var locationDescription: String {
        "\(configFile)\(configFileFound ? "" : " (not found)") and \(credentialsFile)\(credentialsFileFound ? "" : " (not found)")"
    }

    /// The sections of one file's `text`; a syntax error names `path` and the line.
    static func sections(of text: String, path: String) throws(AWSError) -> [INIFile.Section] {
        do {
            return try INIFile.parse(text, options: INIFile.Options(continuationLines: true, keyNaming: .all))
        } catch {
            throw .credentialsUnavailable("\(path), line \(error.line): \(error.reason)", operation: "ReadSharedConfig")
        }
    }

    /// The profile a `config` section header names: `default`, or `NAME` of `profile NAME`
    /// (quotes around `NAME` removed, which may then hold spaces); `nil` for sections that are not profiles.
    static func profileName(ofConfigSection header: String) -> String? {
        if header == "default" { return header }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard header.hasPrefix("profile"), let first = header.dropFirst("profile".count).first, isBlank(first) else {
            return nil
        }
        var name = header.dropFirst("profile".count).drop(while: isBlank)
        if name.count >= 2, let quote = name.first, quote == "\"" || quote == "'", name.last == quote {
            name = name.dropFirst().dropLast()
        } else if name.contains(where: isBlank) {
            return nil
        }
        return name.isEmpty ? nil : String(name)
    }

    /// The path of one file: `resolved` is what is read (`nil` when it cannot be known),
    /// `shown` what messages print.
    static func path(
        environment: [String: String], variable: String, defaultName: String
    ) -> (resolved: String?, shown: String) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        func expand(_ path: String) -> String? {
            guard path == "~" || path.hasPrefix("~/") else { return path }
            guard let home else { return nil }
            return home + path.dropFirst()
        }
        let given = environment[variable].flatMap { $0.isEmpty ? nil : $0 } ?? "~/.aws/\(defaultName)"
        let resolved = expand(given)
        return (resolved, resolved ?? given)
    }

    /// The text of the file at `path`; `nil` when it does not exist (or its path is unknown).
    static func read(_ path: String?, kind: String) throws(AWSError) -> String? {
        guard let path else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        func failure(_ reason: String) -> AWSError {
            .credentialsUnavailable("cannot read the AWS \(kind) file \(path): \(reason)", operation: "ReadSharedConfig")
        }
        if isDirectory.boolValue { throw failure("it is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "\(error.localizedDescription)" : "permission denied"
            throw failure(reason)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw failure("it is not UTF-8 text") }
        return text
    }
}
