import ArgumentParser

/// The exit codes `onboard` uses (sysexits.h where one fits).
enum ExitStatus {
    /// Every account connected; for `validate`, no error in the file.
    static let success = ExitCode(0)
    /// Some accounts failed, were interrupted or were not started (or the preflight failed).
    static let someAccountsFailed = ExitCode(1)
    /// The command line is wrong (EX_USAGE).
    static let usage = ExitCode(64)
    /// The input's content is invalid (EX_DATAERR).
    static let invalidInput = ExitCode(65)
    /// The input file is missing or unreadable, or the run to resume does not exist (EX_NOINPUT).
    static let missingInput = ExitCode(66)
    /// The reports folder or the run folder cannot be made or written (EX_CANTCREAT): nothing
    /// was started.
    static let cannotCreate = ExitCode(73)
    /// A journal line or a report could not be written during the run (EX_IOERR): the accounts
    /// ran, but what was recorded of them is incomplete.
    static let writeFailed = ExitCode(74)
    /// Another run holds the reports folder's lock (EX_TEMPFAIL): try again when it ends.
    static let reportsLocked = ExitCode(75)
}
