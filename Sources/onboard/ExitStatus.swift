import ArgumentParser

/// The exit codes `onboard` uses (sysexits.h where one fits).
enum ExitStatus {
    /// Every account connected; for `validate`, no error in the file.
    static let success = ExitCode(0)
    /// Some accounts failed.
    static let someAccountsFailed = ExitCode(1)
    /// The command line is wrong (EX_USAGE).
    static let usage = ExitCode(64)
    /// The input's content is invalid (EX_DATAERR).
    static let invalidInput = ExitCode(65)
    /// The input file is missing or unreadable (EX_NOINPUT).
    static let missingInput = ExitCode(66)
}
