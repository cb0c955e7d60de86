import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import BatchRunner

@Suite("Token bucket")
struct TokenBucketTests {
    @Test("A full bucket admits its burst at once, then paces the rest at the rate (on a manual clock)")
    func pacing() async {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 20, burst: 5, clock: clock)
        let admitted = Mutex(0)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for _ in 0..<15 {
                group.enter()
                bucket.admit {
                    admitted.withLock { $0 += 1 }
                    group.leave()
                }
            }
            group.notify(queue: .global()) { done.resume() }
        }
        #expect(admitted.withLock { $0 } == 15)
        // The manual clock records every wait the bucket asked for: none for the burst of 5,
        // then one token's worth (50 ms at 20 a second) for each of the 10 others.
        let delays = clock.delays
        #expect(delays.count == 10, "\(delays)")
        #expect(delays.allSatisfy { abs($0 - 0.05) < 1e-4 }, "\(delays)")
        #expect(abs(delays.reduce(0, +) - 0.5) < 1e-3, "\(delays)")
    }

    @Test("Thousands of waiters are all admitted, at the rate")
    func manyWaiters() async {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 1000, burst: 1, clock: clock)
        let order = Mutex<[Int]>([])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for index in 0..<5000 {
                group.enter()
                bucket.admit {
                    order.withLock { $0.append(index) }
                    group.leave()
                }
            }
            group.notify(queue: .global()) { done.resume() }
        }
        #expect(order.withLock { $0.count } == 5000)
        #expect(abs(clock.now().timeIntervalSince(Date(timeIntervalSince1970: 1_750_000_000)) - 4.999) < 0.01)
    }
}
