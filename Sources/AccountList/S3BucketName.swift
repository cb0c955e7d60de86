/// S3's rules for general purpose bucket names.
public enum S3BucketName {
    private static let reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"]
    private static let reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]

    /// Why `name` is not a valid bucket name, or `nil` when it is.
    public static func problem(with name: String) -> String? {
        var name = name
        return name.withUTF8 { problem(with: $0) }
    }

    /// Why the bucket name in `bytes` is not valid, or `nil` when it is.
    static func problem(with bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var previous: UInt8 = 0
        var dots = 0
        var onlyDigitsAndDots = true
        for byte in bytes {
            let isDigit = (0x30...0x39).contains(byte)
            if byte == UInt8(ascii: ".") {
                if previous == UInt8(ascii: ".") { return "must not hold two dots in a row" }
                dots += 1
            } else if !(isDigit || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-")) {
                let shown = byte < 0x80 ? "'\(DisplayText.escaped(String(Character(Unicode.Scalar(byte)))))'" : "a non-ASCII character"
                return "may hold only lowercase letters, digits, dots and hyphens (found \(shown))"
            }
            if !isDigit, byte != UInt8(ascii: ".") { onlyDigitsAndDots = false }
            previous = byte
        }
        guard (3...63).contains(bytes.count) else {
            return "must be 3 to 63 characters long (has \(bytes.count))"
        }
        guard let first = bytes.first, let last = bytes.last,
            isLowercaseLetterOrDigit(first), isLowercaseLetterOrDigit(last)
        else {
            return "must begin and end with a lowercase letter or a digit"
        }
        if onlyDigitsAndDots, dots == 3 {
            return "must not look like an IP address"
        }
        for prefix in reservedPrefixes where bytes.starts(with: prefix.utf8) {
            return "must not begin with '\(prefix)' (reserved by S3)"
        }
        for suffix in reservedSuffixes where bytes.reversed().starts(with: suffix.utf8.reversed()) {
            return "must not end with '\(suffix)' (reserved by S3)"
        }
        return nil
    }

    private static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
}
