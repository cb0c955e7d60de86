/// What the `cur` step did for the Cost and Usage Report (`outputs.cost_and_usage_report_action`).
public enum CostAndUsageReportAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// An existing compliant report (the row's, or any when the row names none) is used.
    case adopted
    /// The report was created in this run (its first files arrive within 24 hours).
    case created
}
