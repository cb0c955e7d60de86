import HTTPCore

/// Reads the Spot shared credentials file (`~/.spotinst/credentials`), as the Spot SDKs write it:
///
/// ```ini
/// [default]
/// token = …
/// account = act-12345678
///
/// [acme]
/// token = …
/// ```
///
/// The INI rules are HTTPCore's ``INIFile`` (the dialect of the AWS shared files), with matching
/// quotes around values removed and no continuation lines. Errors name the file and the line,
/// never the line's text (it may hold a token); of the keys, only `token` and `account` are ever
/// named (an unknown key could be a mistyped token).
enum SpotCredentialsFileParser {
    /// How the file is read.
    static let options = INIFile.Options(strippingQuotes: true, keyNaming: .only(["token", "account"]))

    /// The sections of `text`, in file order. `path` names the file in errors.
    static func parse(_ text: String, path: String) throws(SpotError) -> [INIFile.Section] {
        do {
            return try INIFile.parse(text, options: options)
        } catch {
            throw .configuration(
                "the Spot credentials file \(path), line \(error.line): \(error.reason)", operation: "ReadCredentials")
        }
    }
}
