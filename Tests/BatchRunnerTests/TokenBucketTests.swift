import Dispatch
import Foundation
import Testing

@testable import BatchRunner

@Suite("Token bucket")
struct TokenBucketTests {
    @Test("A full bucket admits its burst at once, then paces the rest at the rate")
    func pacing() async {
        let bucket = TokenBucket(rate: 20, burst: 5)
        let times = TimeLog()
        let start = DispatchTime.now()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for _ in 0..<15 {
                group.enter()
                bucket.admit {
                    times.add(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
                    group.leave()
                }
            }
            group.notify(queue: .global()) { done.resume() }
        }
        let sorted = times.values.sorted()
        #expect(sorted.count == 15)
        // 5 at once, then 10 more at 20 a second: the last about 0.5 s after the start.
        #expect(sorted[4] < 0.2)
        #expect(sorted[14] >= 0.4)
        #expect(sorted[14] < 2.0)
    }
}

final class TimeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Double] = []
    func add(_ value: Double) { lock.withLock { list.append(value) } }
    var values: [Double] { lock.withLock { list } }
}
