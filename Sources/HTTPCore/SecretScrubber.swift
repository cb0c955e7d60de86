/// Removes secrets from texts: every occurrence of a secret, and every piece of one at least
/// ``minimumPieceLength`` (12) bytes long, is replaced by ``replacement``.
///
/// A server that echoes a request's headers back in an error (a proxy's page, a gateway's
/// diagnostic) can put a session token or a bearer token into a message, and an excerpt of such
/// a page may start or end anywhere inside the secret: so pieces count, not only whole secrets.
/// Texts are searched as they are and, when they hold escapes, decoded: percent-encoding
/// (`%2B`, `%2f`), JSON's `\/` and `\u00XX`, and HTML's numeric character references (`&#43;`,
/// `&#x2F;`), so `X-Amz-Security-Token=AbC%2Bd…` in an echoed URL is found too.
///
/// Not found: pieces shorter than 12 bytes (a secret of 8 to 11 bytes only whole), pieces of
/// fewer than 5 different characters (``minimumDistinctBytes``: `000000000000`), secrets
/// shorter than ``minimumSecretLength`` (8 bytes: placeholders such as `testing`, which would
/// garble messages), double percent-encoding (`%252B`), and encodings that change every byte
/// (base64 or hex of a secret).
///
/// Cost: building indexes one 8-byte sample per 5 bytes of each secret; scrubbing is one hash
/// lookup per byte of the text, plus the decoding pass when the text holds escapes. Meant for
/// error paths: texts of a few kilobytes, secrets of up to a few kilobytes each.
public struct SecretScrubber: Sendable {
    /// The shortest piece of a secret that is found and removed.
    public static let minimumPieceLength = 12
    /// Secrets shorter than this (in UTF-8 bytes) are not looked for.
    public static let minimumSecretLength = 8
    /// A piece (not the whole secret) with fewer different characters than this is kept: a run
    /// such as `000000000000` or `------------` tells nothing of a secret, while removing it
    /// would garble ids and padding in ordinary texts. A random secret has such a run with a
    /// chance of about one in ten thousand per 12 characters (hex) or far less (base64).
    public static let minimumDistinctBytes = 5
    /// What a secret, or a piece of one, is replaced by.
    public static let replacement = "<redacted>"

    /// Bytes per sample: exactly the 8 bytes of a `UInt64` key, so a key match is a byte match.
    static let sampleLength = 8
    /// Samples start every `stride` bytes of a secret: any window of `minimumPieceLength` bytes
    /// of it then holds a whole sample (12 = 8 + 5 − 1).
    static let sampleStride = minimumPieceLength - sampleLength + 1

    /// Where a sample lies: which secret, at which byte offset.
    struct Location: Sendable, Hashable {
        var secret: UInt32
        var offset: UInt32
    }

    /// A secret and how far its bytes are shifted in a text (text offset − secret offset).
    private struct Alignment: Hashable {
        var secret: UInt32
        var shift: Int
    }

    /// The secrets by id (UTF-8 bytes).
    private var secrets: [UInt32: [UInt8]] = [:]
    /// The id of each secret, for duplicates and removal.
    private var ids: [String: UInt32] = [:]
    private var nextID: UInt32 = 0
    /// One location per sample key; keys that more than one location shares are in `moreSamples`.
    private var samples: [UInt64: Location] = [:]
    private var moreSamples: [UInt64: [Location]] = [:]
    /// Secrets of `minimumSecretLength` up to `minimumPieceLength` − 1 bytes, matched whole.
    private var shortSecrets: Set<UInt32> = []

    /// A scrubber for `secrets` (shorter ones than ``minimumSecretLength`` are skipped).
    public init(secrets: some Sequence<String> = [String]()) {
        for secret in secrets { insert(secret) }
    }

    /// How many secrets are looked for.
    public var count: Int { secrets.count }

    /// Whether no secret is looked for.
    public var isEmpty: Bool { secrets.isEmpty }

    /// Whether `secret` is looked for.
    public func contains(_ secret: String) -> Bool { ids[secret] != nil }

    /// Looks for `secret` from now on; nothing happens when it is too short or already known.
    public mutating func insert(_ secret: String) {
        let bytes = Array(secret.utf8)
        guard bytes.count >= Self.minimumSecretLength, ids[secret] == nil else { return }
        let id = nextID
        nextID &+= 1
        ids[secret] = id
        secrets[id] = bytes
        guard bytes.count >= Self.minimumPieceLength else {
            shortSecrets.insert(id)
            return
        }
        for offset in Self.sampleOffsets(count: bytes.count) {
            let key = Self.key(bytes, at: offset)
            let location = Location(secret: id, offset: UInt32(offset))
            if samples[key] == nil {
                samples[key] = location
            } else {
                moreSamples[key, default: []].append(location)
            }
        }
    }

    /// Stops looking for `secret`.
    public mutating func remove(_ secret: String) {
        guard let id = ids.removeValue(forKey: secret), let bytes = secrets.removeValue(forKey: id) else { return }
        if shortSecrets.remove(id) != nil { return }
        for offset in Self.sampleOffsets(count: bytes.count) {
            let key = Self.key(bytes, at: offset)
            if samples[key]?.secret == id {
                if var others = moreSamples[key], let promoted = others.popLast() {
                    samples[key] = promoted
                    moreSamples[key] = others.isEmpty ? nil : others
                } else {
                    samples[key] = nil
                }
            } else if var others = moreSamples[key] {
                others.removeAll { $0.secret == id }
                moreSamples[key] = others.isEmpty ? nil : others
            }
        }
    }

    /// `text` with every secret, and every piece of one of at least ``minimumPieceLength``
    /// bytes, replaced by ``replacement`` (in the text as it is, or percent-, JSON- or
    /// HTML-escaped). A text without any is returned unchanged.
    public func scrub(_ text: String) -> String {
        guard !secrets.isEmpty, text.utf8.count >= Self.minimumSecretLength else { return text }
        let bytes = Array(text.utf8)
        var ranges = matches(in: bytes)
        if let decoded = EscapedText.decode(bytes) {
            for range in matches(in: decoded.bytes) {
                ranges.append(decoded.starts[range.lowerBound]..<decoded.ends[range.upperBound - 1])
            }
        }
        guard !ranges.isEmpty else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for range in Self.merged(ranges) {
            output.append(contentsOf: bytes[position..<range.lowerBound])
            output.append(contentsOf: Self.replacement.utf8)
            position = range.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return String(decoding: output, as: UTF8.self)
    }

    /// `text` scrubbed, or nil for nil.
    public func scrub(_ text: String?) -> String? {
        text.map { scrub($0) }
    }

    // MARK: - Matching

    /// The byte ranges of `bytes` that are a secret of 8 to 11 bytes, or a piece of at least
    /// `minimumPieceLength` bytes of a longer one.
    private func matches(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        if !samples.isEmpty, bytes.count >= Self.minimumPieceLength {
            // Per secret and alignment (text offset − secret offset): where the match found last
            // ends, so the samples inside one long match are not extended again.
            var extended: [Alignment: Int] = [:]
            var key: UInt64 = 0
            for index in bytes.indices {
                key = (key << 8) | UInt64(bytes[index])
                guard index >= Self.sampleLength - 1, let first = samples[key] else { continue }
                let start = index - (Self.sampleLength - 1)
                for location in [first] + (moreSamples[key] ?? []) {
                    let tag = Alignment(secret: location.secret, shift: start - Int(location.offset))
                    if let end = extended[tag], end > start { continue }
                    guard let secret = secrets[location.secret] else { continue }
                    let match = Self.extend(bytes, at: start, secret, at: Int(location.offset))
                    extended[tag] = match.upperBound
                    guard match.count >= Self.minimumPieceLength else { continue }
                    if match.count == secret.count || Self.distinctBytes(in: bytes[match]) >= Self.minimumDistinctBytes {
                        found.append(match)
                    }
                }
            }
        }
        for id in shortSecrets {
            guard let secret = secrets[id] else { continue }
            found.append(contentsOf: Self.occurrences(of: secret, in: bytes))
        }
        return found
    }

    /// The longest run around `bytes[start..<start + 8]` that equals `secret` around `offset`.
    private static func extend(_ bytes: [UInt8], at start: Int, _ secret: [UInt8], at offset: Int) -> Range<Int> {
        var before = 0
        while start - before > 0, offset - before > 0, bytes[start - before - 1] == secret[offset - before - 1] {
            before += 1
        }
        var after = sampleLength
        while start + after < bytes.count, offset + after < secret.count, bytes[start + after] == secret[offset + after] {
            after += 1
        }
        return (start - before)..<(start + after)
    }

    /// How many different byte values `bytes` holds.
    private static func distinctBytes(in bytes: ArraySlice<UInt8>) -> Int {
        var seen = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for byte in bytes {
            let bit = UInt64(1) << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: seen.0 |= bit
            case 1: seen.1 |= bit
            case 2: seen.2 |= bit
            default: seen.3 |= bit
            }
        }
        return seen.0.nonzeroBitCount + seen.1.nonzeroBitCount + seen.2.nonzeroBitCount + seen.3.nonzeroBitCount
    }

    /// Every range of `bytes` equal to `needle`.
    private static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> [Range<Int>] {
        guard let first = needle.first, bytes.count >= needle.count else { return [] }
        var found: [Range<Int>] = []
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                found.append(index..<(index + needle.count))
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// `ranges` sorted, overlapping and touching ones joined.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    // MARK: - Samples

    /// The offsets of a secret of `count` bytes where samples start.
    private static func sampleOffsets(count: Int) -> StrideThrough<Int> {
        stride(from: 0, through: count - sampleLength, by: sampleStride)
    }

    /// The 8 bytes at `offset`, as one key.
    private static func key(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var key: UInt64 = 0
        for byte in bytes[offset..<(offset + sampleLength)] { key = (key << 8) | UInt64(byte) }
        return key
    }
}
