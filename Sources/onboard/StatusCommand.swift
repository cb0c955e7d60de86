import AWSKit
import ArgumentParser
import Foundation
import HTTPCore
import Onboarding
import Reports
import SpotKit

/// `onboard status [RUN-ID]`: reads Spot's data-processing status for the connected accounts of
/// a run and updates their reports. `onboard status --fleet`: the latest known state of every
/// account over all the run folders, from the reports alone (no network, no lock).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Read Spot's billing data status (pending or ready) for a run's connected accounts; update their reports. With --fleet: every account's latest state over all runs, offline.",
        discussion: """
            Examples:
              onboard status                 # the latest run
              onboard status run-20261127-101500 --spot-profile default --spot-profile partner-b
              onboard status --fleet         # every account's newest report over all runs (no network)
              onboard status --fleet --json > fleet.json

            --fleet reads every run folder's account reports and shows, per account, the newest \
            (the folder it comes from, how it ended, its data status as last recorded). It makes \
            no network call and takes no lock, so it works while a run is going (that run counts \
            as far as its accounts have finished).

            Exit status: 0 read; 66 no such run (--fleet: no such reports folder); 73 the reports \
            folder cannot be locked; 75 a run holds the reports folder (try again when it ends).
            """)

    @Argument(help: "The run (its id or name, or latest; not with --fleet).")
    var runID: String?

    @OptionGroup var reportsFolder: ReportsFolderOption

    @Flag(help: "Every account's latest state over all runs in the reports folder, from the reports alone (no network).")
    var fleet = false

    @Option(help: ArgumentHelp("Spot profiles whose organizations to read (default: those the run used).", valueName: "name"))
    var spotProfile: [String] = []

    @Flag(help: "Print the statuses as JSON on standard output.")
    var json = false

    @OptionGroup var spot: SpotAPIOptions

    func validate() throws {
        if fleet {
            if let runID { throw ValidationError("--fleet reads every run: give no run id (here '\(runID)')") }
            if !spotProfile.isEmpty { throw ValidationError("--fleet reads no Spot data: --spot-profile does not apply") }
            return
        }
        if let runID, runID != "latest", !RunFolder.isRunReference(runID, kinds: ["run"]) {
            throw ValidationError("'\(runID)' is not a run id such as run-20261201-120000 (or a run's name, or latest)")
        }
        try spot.endpointSecurity.check(command: "status", spot: (spot.spotAPIURL, ProcessInfo.processInfo.environment))
    }

    /// Prints the fleet view: one line per account, or the view as JSON.
    private func showFleet() throws {
        let errors = OutputStream.standardError()
        defer { errors.flush() }
        let view: FleetView
        do {
            view = try FleetView.read(in: reportsFolder.reports)
        } catch {
            errors.line("onboard status: \(error)")
            throw ExitStatus.missingInput
        }
        for problem in view.problems { errors.line("onboard status: \(problem)") }
        if json {
            print(try ReportEncoding.json(view), terminator: "")
        } else {
            for line in view.lines() { print(line) }
            for line in view.footer() { print(line) }
        }
    }

    func run() throws {
        if fleet { return try showFleet() }
        let runID = runID ?? "latest"
        let errors = OutputStream.standardError()
        defer { errors.flush() }
        let environment = ProcessInfo.processInfo.environment
        let reports = reportsFolder.reports
        // Status rewrites a run's reports: not while a run writes them.
        let lock: ReportsLock
        do {
            lock = try ReportsLock.acquire(in: reports, runID: runID, command: "status")
        } catch {
            errors.line("onboard status: \(error)")
            throw error.code == .held ? ExitStatus.reportsLocked : ExitStatus.cannotCreate
        }
        defer { lock.release() }
        let folder: RunFolder
        let writer: AccountReportWriter
        let found: [AccountResult]
        do {
            folder = try RunFolder.open(in: reports, runID: runID, kinds: ["run"])
            writer = AccountReportWriter(folder: folder)
            found = try writer.readAll()
        } catch {
            errors.line("onboard status: \(error)")
            throw ExitStatus.missingInput
        }
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: 4))
        defer { try? transport.shutdown() }
        // The profiles the run's accounts were connected with, unless named here.
        let recorded = Set(found.compactMap(\.outputs.spotProfile))
        let profiles = spotProfile.isEmpty
            ? (recorded.isEmpty ? [SpotCredentialResolver.defaultProfile] : recorded.sorted()) : spotProfile
        let tokenFile = spot.spotTokenFile
        let explicitURL = spot.spotAPIURL
        let allowsInsecureHTTP = spot.endpointSecurity.allowInsecureEndpoints
        let lookup = BlockingCall.run { () async -> Result<[String: CloudBillingAccount], SpotError> in
            var byAccount: [String: CloudBillingAccount] = [:]
            let resolver = SpotCredentialResolver(environment: environment)
            for profile in profiles {
                do throws(SpotError) {
                    let credentials = profile == SpotCredentialResolver.defaultProfile
                        ? try resolver.resolve(tokenFile: tokenFile) : try resolver.credentials(profile: profile)
                    let endpoint = try SpotAPIEndpoint.resolve(
                        explicit: explicitURL, environment: environment, allowsInsecureHTTP: allowsInsecureHTTP)
                    let spot = SpotClient(configuration: .init(baseURL: endpoint), credentials: credentials, transport: transport)
                    for account in try await spot.cloudBillingAccounts() { byAccount[account.accountID] = account }
                } catch {
                    return .failure(error)
                }
            }
            return .success(byAccount)
        }
        guard case .success(let registrations) = lookup else {
            if case .failure(let error) = lookup { errors.line("onboard status: \(error.description)") }
            throw ExitStatus.someAccountsFailed
        }
        let now = Date()
        var lines: [StatusLine] = []
        var updated: [String: AccountResult] = [:]
        for report in found where report.status == .connected {
            var result = report
            guard let spotAccount = result.outputs.spotAccountID else { continue }
            let registration = registrations[spotAccount]
            let status: DataStatus
            if registration?.statusSummary?.rawValue == "connected" {
                status = .ready
            } else if registration != nil {
                status = .pending
            } else {
                status = result.outputs.registeredProducts?.contains("cloudBilling") == true ? .notRegistered : .notApplicable
            }
            result.outputs.dataStatus = status
            result.outputs.dataStatusCheckedAt = now
            do {
                try writer.write(result)
                updated[result.accountID] = result
            } catch {
                errors.line("onboard status: \(error)")
            }
            lines.append(StatusLine(accountID: result.accountID, spotAccountID: spotAccount, dataStatus: status.rawValue))
        }
        // The run's page shows the data statuses just read (a run that never ended has no summary, so no page).
        if !updated.isEmpty, let summary = try? SummaryWriter(folder: folder).read() {
            do {
                try HTMLReportWriter(folder: folder).write(summary, results: found.map { updated[$0.accountID] ?? $0 })
            } catch {
                errors.line("onboard status: \(error)")
            }
        }
        if json {
            print(try ReportEncoding.json(lines), terminator: "")
        } else {
            for line in lines { print("\(line.accountID)  \(line.spotAccountID)  \(line.dataStatus)") }
            print("\(lines.count) connected accounts checked; reports updated in \(folder.path)/accounts")
        }
    }
}

/// One account's status in `onboard status --json`.
struct StatusLine: Codable {
    var accountID: String
    var spotAccountID: String
    var dataStatus: String
}
