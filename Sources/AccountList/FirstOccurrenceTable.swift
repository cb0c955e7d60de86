/// Remembers the line where each account id first appeared, in 8 bytes per id.
///
/// An open-addressing hash table of packed words: the id plus one in the low 40 bits (ids are
/// below 10¹²), the line in the high 24. Lines past 16,777,215 are kept as "unknown" (0), so a
/// duplicate that far down names no line. A `Dictionary<UInt64, Int>` would take about three
/// times the memory for a million rows.
struct FirstOccurrenceTable {
    private static let idBits: UInt64 = 40
    private static let idMask: UInt64 = (1 << idBits) - 1
    private static let maximumLine: UInt64 = (1 << (64 - idBits)) - 1

    private var slots: [UInt64]
    private var count = 0
    private var mask: Int

    init(initialCapacity: Int = 1024) {
        var capacity = 16
        while capacity < initialCapacity { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// The line `id` first appeared on (0 when that line is past the table's range), or `nil`
    /// when it is new, in which case `line` is recorded for it.
    mutating func firstLine(of id: UInt64, recording line: Int) -> Int? {
        let key = (id & Self.idMask) + 1
        var index = Self.slot(for: key, mask: mask)
        while true {
            let word = slots[index]
            if word == 0 { break }
            if word & Self.idMask == key { return Int(word >> Self.idBits) }
            index = (index + 1) & mask
        }
        let storedLine = UInt64(line) <= Self.maximumLine ? UInt64(line) : 0
        slots[index] = key | (storedLine << Self.idBits)
        count += 1
        if count * 10 > slots.count * 7 { grow() }
        return nil
    }

    private static func slot(for key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for word in old where word != 0 {
            var index = Self.slot(for: word & Self.idMask, mask: mask)
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = word
        }
    }
}
