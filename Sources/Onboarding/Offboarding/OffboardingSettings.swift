/// What `onboard offboard` is asked to do, for every account of the batch.
public struct OffboardingSettings: Sendable, Hashable {
    /// Act (`--apply`) or only look (the default).
    public var mode: OffboardingMode = .dryRun
    /// Also delete the report definition onboard created (`--delete-cur-definition`); never an
    /// adopted one, never the bucket or its objects.
    public var deletesReportDefinition = false

    /// - Parameters: see the properties.
    public init(mode: OffboardingMode = .dryRun, deletesReportDefinition: Bool = false) {
        self.mode = mode
        self.deletesReportDefinition = deletesReportDefinition
    }

    /// Whether steps act.
    var applies: Bool { mode == .apply }
}
