import AccountList
import Foundation
import Testing

@Suite("Streaming a large account list")
struct StreamingTests {
    @Test("a 200,000-row file is read to the end with the right counts")
    func largeFile() throws {
        let rowCount = 200_000
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.removeFolder(folder) }
        let url = folder.appendingPathComponent("large.csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        var chunk = Fixtures.fullHeader + "\n"
        /// Rows whose account repeats an earlier row's (row index → index of the first).
        var repeats: [Int: Int] = [:]
        for index in 1...rowCount {
            var id = 100_000_000_000 + index
            if index % 50_000 == 0 {
                repeats[index] = index / 2 + 1
                id = 100_000_000_000 + index / 2 + 1
            }
            let products = ["cloud-analyzer", "eco;ocean", "", "elastigroup"][index % 4]
            let name = index % 3 == 0 ? "\"Customer \(index), Ltd.\"" : "Customer \(index)"
            chunk += "\(id),\(name),no,,,,\(products),,,,,,yes\n"
            if index % 10_000 == 0 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
        try handle.close()

        let reader = try AccountListReader(path: url.path, displayName: "large.csv")
        #expect(reader.headerProblems.isEmpty)
        var rows = 0
        var valid = 0
        var duplicateMessages: [String] = []
        var lastLine = 1
        var linesInOrder = true
        while let row = try reader.next() {
            rows += 1
            if row.isValid { valid += 1 }
            if row.line != lastLine + 1 { linesInOrder = false }
            lastLine = row.line
            for problem in row.problems where problem.message.contains("repeats") {
                duplicateMessages.append(problem.description)
            }
        }
        #expect(rows == rowCount)
        #expect(valid == rowCount - repeats.count)
        #expect(linesInOrder)
        #expect(lastLine == rowCount + 1)
        // Row index i is on line i + 1.
        let expected = repeats.keys.sorted().map { index in
            "large.csv:\(index + 1): account_id: \(100_000_000_000 + repeats[index]!) repeats the row at line \(repeats[index]! + 1); each payer account may appear once"
        }
        #expect(duplicateMessages == expected)
    }
}
