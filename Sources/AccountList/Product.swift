/// A Spot product a payer account is connected for.
public enum Product: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Cloud Analyzer (Billing Engine, Cost Intelligence): needs the CUR and the FinOps role.
    case cloudAnalyzer = "cloud-analyzer"
    /// Eco (commitment management): needs the FinOps role.
    case eco
    /// Elastigroup: needs compute permissions on the Spot role.
    case elastigroup
    /// Ocean: needs compute and container permissions on the Spot role.
    case ocean

    /// Products in the order the column reference lists them.
    public static func < (lhs: Product, rhs: Product) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .cloudAnalyzer: 0
        case .eco: 1
        case .elastigroup: 2
        case .ocean: 3
        }
    }

    /// Whether the product needs the `SpotFinOpsRole` (read-only billing access for Spot's
    /// FinOps accounts).
    public var needsFinOpsRole: Bool { self == .cloudAnalyzer || self == .eco }

    /// Whether the product manages compute, so the `SpotRole` needs compute permissions.
    public var managesCompute: Bool { self == .elastigroup || self == .ocean }

    /// The products used when a row names none.
    public static let defaultSelection: [Product] = [.cloudAnalyzer]
}
