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

    /// Whether the product needs the `SpotFinOpsRole` (Spot's restricted read-only FinOps
    /// policy, trusted by Spot's FinOps accounts): Eco only. Cloud Analyzer registers the Billing
    /// Engine and Cost Intelligence, whose policies sit on the platform role.
    public var needsFinOpsRole: Bool { self == .eco }

    /// Whether the product manages compute, so the `SpotRole` needs compute permissions.
    public var managesCompute: Bool { self == .elastigroup || self == .ocean }

    /// The product named by `name` (ASCII case ignored), or `nil`.
    init?(name: UnsafeBufferPointer<UInt8>) {
        if name.equalsIgnoringCase("cloud-analyzer") {
            self = .cloudAnalyzer
        } else if name.equalsIgnoringCase("eco") {
            self = .eco
        } else if name.equalsIgnoringCase("elastigroup") {
            self = .elastigroup
        } else if name.equalsIgnoringCase("ocean") {
            self = .ocean
        } else {
            return nil
        }
    }

    /// The product's bit in a selection mask.
    var bit: UInt8 { 1 << UInt8(rank) }

    /// The products of a selection mask, in order; the 16 possible arrays are made once.
    static func selection(_ mask: UInt8) -> [Product] { selections[Int(mask & 0x0F)] }

    private static let selections: [[Product]] = (0..<16).map { mask in
        allCases.filter { mask & (1 << $0.rank) != 0 }
    }

    /// The products used when a row names none.
    public static let defaultSelection: [Product] = [.cloudAnalyzer]
}
