import ArgumentParser
import Foundation
import HTTPCore
import Reports

/// The options of `onboard run` for scheduled use: a run's name, how many runs to keep, and the
/// webhook told when it ends.
struct RunScheduleOptions: ParsableArguments {
    @Option(
        name: .customLong("run-id"),
        help: ArgumentHelp(
            "Name the run's folder: 1-64 ASCII letters, digits, '-', '_', '.', starting with a letter or digit (not latest, not a generated id); refused (exit 73) when a run of that name exists: finish that one with --resume NAME.",
            valueName: "name"))
    var runName: String?

    @Option(help: ArgumentHelp(
        "After the run, remove older run folders but the newest N (by start); never latest's target or this run; plan folders and anything not onboard's are kept.",
        valueName: "N"))
    var keepRuns: Int?

    @Option(help: ArgumentHelp(
        "Post a JSON summary (a text line for Slack or Teams, and counts) to this webhook when the run ends: https, or http to loopback (else --allow-insecure-endpoints); else ONBOARD_NOTIFY_URL. Never shown: it may hold a key.",
        valueName: "url"))
    var notify: String?

    /// The variable read when `--notify` is not given (a URL with a key is better kept out of
    /// the command line, which every local user can read in `ps`).
    static let notifyVariable = "ONBOARD_NOTIFY_URL"

    /// The webhook: `--notify`, else `ONBOARD_NOTIFY_URL` (empty: none).
    ///
    /// - Throws: `ValidationError` naming the option or variable (never the URL's path or
    ///   query) when it is not an http(s) URL with a host.
    func webhook(environment: [String: String]) throws -> WebhookURL? {
        let given: (origin: String, text: String)
        if let notify {
            given = ("--notify", notify)
        } else if let value = environment[Self.notifyVariable], !value.isEmpty {
            given = (Self.notifyVariable, value)
        } else {
            return nil
        }
        let (origin, text) = given
        let parsed = WebhookURL.parse(text)
        guard let url = parsed.url else { throw ValidationError("\(origin) \(parsed.problem ?? "is not a URL")") }
        return url
    }

    /// Checks the options (`--run-id` with `--resume` excludes, a run name, `--keep-runs`, the
    /// webhook's URL and whether it is https or loopback).
    func check(resume: String?, allowInsecureEndpoints: Bool, environment: [String: String]) throws {
        if let runName {
            if resume != nil { throw ValidationError("--run-id names a new run; --resume names the run to finish: give one") }
            if let problem = RunFolder.runNameProblem(runName) {
                throw ValidationError("--run-id '\(runName.unicodeScalars.map { $0.escaped(asASCII: true) }.joined())' \(problem)")
            }
        }
        if let keepRuns, keepRuns < 1 { throw ValidationError("--keep-runs must be at least 1 (the run itself is kept)") }
        guard let webhook = try webhook(environment: environment), webhook.isInsecure else { return }
        let origin = notify == nil ? Self.notifyVariable : "--notify"
        guard allowInsecureEndpoints else {
            throw ValidationError(
                "\(origin) is \(webhook.displayed): plain http to a host that is not loopback (127.0.0.0/8, ::1, localhost) would send the summary and the webhook's key in clear; use https, or pass --allow-insecure-endpoints")
        }
        let errors = OutputStream.standardError()
        errors.line("onboard run: warning: \(origin) is \(webhook.displayed): plain http to a host that is not loopback; the webhook's key crosses the network in clear (--allow-insecure-endpoints)")
        errors.flush()
    }
}

/// Posts a run's `RunNotice` to its webhook, once, at the end; a failure is told on standard
/// error and changes nothing else (the run's exit status is the run's).
enum RunNotification {
    /// Posts `notice` to `webhook` and waits (30 s at most for the retries, 10 s per attempt);
    /// `ONBOARD_QUICK_WAITS=1` shortens the backoff (tests).
    @available(*, noasync, message: "blocks the calling thread: only at the top of a synchronous command")
    static func post(_ notice: RunNotice, to webhook: WebhookURL, environment: [String: String], errors: OutputStream) {
        let body: [UInt8]
        do {
            body = try notice.body()
        } catch {
            errors.line("onboard run: --notify: the summary could not be encoded: \(error)")
            return
        }
        var policy = WebhookPoster.defaultPolicy
        if environment["ONBOARD_QUICK_WAITS"] == "1" {
            policy.baseDelay = 0.05
            policy.maximumDelay = 0.2
        }
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: 1))
        defer { try? transport.shutdown() }
        let poster = WebhookPoster(
            transport: transport, retrying: RetryingCaller(policy: policy, clock: SystemClock()),
            userAgent: ProductIdentity.userAgent)
        switch BlockingCall.run({ await poster.post(body, to: webhook) }) {
        case .success: break
        case .failure(let error):
            errors.line("onboard run: --notify: the summary was not delivered: \(error) (the run's exit status is unchanged)")
        }
    }
}

/// How far `onboard run` got, for its notification: where it stopped before any account, or
/// how it ended. Set by the run on one thread, read after it returns.
final class RunEnd {
    /// Where a run that started no account stopped.
    var stage: RunNotice.Stage?
    /// The summary, folder and disposition of a run that ran.
    var ended: (summary: BatchSummary, folder: String, disposition: RunDisposition)?

    /// The notice of this ending, with the process's `exitStatus`; `runID` names a run that
    /// stopped before its folder was made, when it was known (`--resume`, `--run-id`).
    func notice(exitStatus: Int32, runID: String?, at date: Date = Date()) -> RunNotice {
        if let ended {
            return RunNotice(summary: ended.summary, folder: ended.folder, disposition: ended.disposition, exitStatus: exitStatus)
        }
        return RunNotice(notStartedAt: stage ?? .reportsFolder, runID: runID, exitStatus: exitStatus, at: date)
    }
}
