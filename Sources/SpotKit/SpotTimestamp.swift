import Foundation

/// Reads the timestamps Spot sends, which come in two spellings:
/// ISO 8601 (`2019-08-24T14:15:22Z`, `2018-06-20T11:35:01.745Z`) and Python's `str(datetime)`
/// (`2021-03-18 16:11:04.402000+00:00`). A time without a zone is taken as UTC.
enum SpotTimestamp {
    /// The date `text` names, or `nil` when it is in neither spelling.
    static func parse(_ text: String) -> Date? {
        var scanner = Substring(text.trimmingCharacters(in: .whitespaces))

        func number(_ digits: Int) -> Int? {
            let prefix = scanner.prefix(digits)
            guard prefix.count == digits, prefix.allSatisfy(\.isASCIIDigitCharacter), let value = Int(prefix) else { return nil }
            scanner = scanner.dropFirst(digits)
            return value
        }
        func skip(_ characters: Set<Character>) -> Bool {
            guard let first = scanner.first, characters.contains(first) else { return false }
            scanner = scanner.dropFirst()
            return true
        }

        guard let year = number(4), skip(["-"]), let month = number(2), skip(["-"]), let day = number(2),
            skip(["T", "t", " "]), let hour = number(2), skip([":"]), let minute = number(2), skip([":"]),
            let second = number(2)
        else { return nil }

        var fraction = 0.0
        if skip([".", ","]) {
            let digits = scanner.prefix(while: \.isASCIIDigitCharacter)
            guard !digits.isEmpty, let value = Double("0." + digits) else { return nil }
            fraction = value
            scanner = scanner.dropFirst(digits.count)
        }

        var offset = 0
        if skip(["Z", "z"]) {
            offset = 0
        } else if let sign = scanner.first, sign == "+" || sign == "-" {
            scanner = scanner.dropFirst()
            guard let hours = number(2) else { return nil }
            _ = skip([":"])
            let minutes = number(2) ?? 0
            offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard scanner.isEmpty else { return nil }

        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(secondsFromGMT: 0) else { return nil }
        calendar.timeZone = utc
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61,
            let date = calendar.date(from: components)
        else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0–9.
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
