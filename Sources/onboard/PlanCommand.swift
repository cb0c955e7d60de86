import ArgumentParser

/// `onboard plan FILE`: what a run would do, without any network.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "placeholder")
    func run() throws {}
}
