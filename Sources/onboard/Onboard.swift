import ArgumentParser
import HTTPCore

/// `onboard`: connects many AWS Organizations to Spot's FinOps products in one batch.
@main
struct Onboard: ParsableCommand {
    static let version = ProductIdentity.version

    static let configuration = CommandConfiguration(
        commandName: "onboard",
        abstract: "Connect AWS management (payer) accounts to Spot's FinOps products, in batches.",
        discussion: """
            Give a CSV account list (see Inputs/README.md for the columns). Check it with \
            `validate`, see what a run would do with `plan`, check the operator's AWS \
            credentials with `whoami`.

            Examples:
              onboard validate Inputs/accounts.example.csv
              onboard plan Inputs/accounts.example.csv --reports Reports
              onboard whoami --profile partner-ops
            """,
        version: version,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, WhoamiCommand.self, RunCommand.self, CheckCommand.self,
            OffboardCommand.self, StatusCommand.self,
        ]
    )
}
