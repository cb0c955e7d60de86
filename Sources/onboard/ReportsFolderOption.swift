import ArgumentParser

/// `--reports`: the folder of run and plan folders, for every command that writes or reads them.
struct ReportsFolderOption: ParsableArguments {
    @Option(help: ArgumentHelp("Folder that holds the run and plan folders.", valueName: "folder"))
    var reports = "Reports"

    func validate() throws {
        if reports.isEmpty { throw ValidationError("--reports must name a folder") }
    }
}
