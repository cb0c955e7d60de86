/// Spot's data-processing status for a connected account, as last read (`outputs.data_status`):
/// `verify` sets `pending`, `onboard status` reads the rest.
public enum DataStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Billing is registered; Spot has not processed the data yet (up to 48 hours).
    case pending
    /// Spot lists the billing source as connected: data is flowing.
    case ready
    /// The account was registered for billing, but Spot does not list its billing source.
    case notRegistered = "not-registered"
    /// No billing was registered (no cloud-analyzer, or the registration was kept elsewhere).
    case notApplicable = "not-applicable"
}
