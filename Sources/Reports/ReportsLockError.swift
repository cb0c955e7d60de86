/// The reports folder's lock could not be taken (`ReportsLock.acquire`).
public struct ReportsLockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why.
    public enum Code: String, Sendable, Hashable {
        /// Another process (or another lock of this one) holds it: `holder` says who, when the
        /// lock file could be read.
        case held
        /// The lock file could not be made, opened (a symbolic link, not a regular file, a hard
        /// link, another user's), locked or written.
        case unavailable
    }

    /// Why.
    public var code: Code
    /// The lock file's path.
    public var path: String
    /// Who holds the lock, for `held`.
    public var holder: ReportsLock.Holder?
    /// The reason, for a person.
    public var reason: String

    /// An error about the lock file at `path`.
    public init(code: Code, path: String, holder: ReportsLock.Holder?, reason: String) {
        self.code = code
        self.path = path
        self.holder = holder
        self.reason = reason
    }

    /// A short, label-safe description: no paths, pids or run ids.
    public var shortDescription: String {
        switch code {
        case .held: "reports folder locked by another onboard"
        case .unavailable: "reports lock unavailable"
        }
    }

    /// What happened and what to do.
    public var description: String {
        switch code {
        case .held:
            let who = holder.map { "\($0)" } ?? "another onboard process (it has not recorded itself yet)"
            return "\(path): the reports folder is in use by \(who); wait for it to finish, or use another --reports folder"
        case .unavailable:
            return "\(path): cannot lock the reports folder: \(reason)"
        }
    }
}
