import Logging

/// Diagnostics of `onboard run`/`status` through swift-log, to standard error. Never given a
/// secret: log lines carry account ids, steps, codes and messages, which hold none.
enum Diagnostics {
    /// Sets up swift-log once for the process: `--quiet` shows errors only, `--verbose` debug.
    static func logger(quiet: Bool, verbose: Bool) -> Logger {
        bootstrapOnce
        var logger = Logger(label: "onboard")
        logger.logLevel = quiet ? .error : verbose ? .debug : .notice
        return logger
    }

    private static let bootstrapOnce: Void = {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
    }()
}
