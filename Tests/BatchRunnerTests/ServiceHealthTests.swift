import AWSKit
import BatchRunner
import Foundation
import HTTPCore
import SpotKit
import TestSupport
import Testing

/// ``ServiceHealth``: when most attempts to a service fail for a minute, or Spot refuses the
/// token, admission closes. Time is a ``ManualClock`` moved by hand, period by period.
@Suite("ServiceHealth")
struct ServiceHealthTests {
    /// A health watch on a manual clock, with its defaults (six periods of 10 s, 20 attempts).
    private struct Watch {
        let clock = ManualClock()
        let health: ServiceHealth

        init() {
            health = ServiceHealth(clock: clock)
        }

        /// Files `faults` passing faults and `answered` answers to `service`, faults first.
        func attempts(_ service: String = "cloudformation", faults: Int, answered: Int = 0) {
            for _ in 0..<faults { health.attemptEnded(CallAttempt(service: service, operation: "DescribeStacks", outcome: .transientFault)) }
            for _ in 0..<answered { health.attemptEnded(CallAttempt(service: service, operation: "DescribeStacks", outcome: .answered)) }
        }

        /// Moves the clock on by one period (the manual clock starts at a period's start).
        func nextPeriod() {
            clock.advance(by: health.period)
        }

        /// `faults` and `answered` in each of `count` periods, moving on after each.
        func periods(_ count: Int, _ service: String = "cloudformation", faults: Int, answered: Int = 0) {
            for _ in 0..<count {
                attempts(service, faults: faults, answered: answered)
                nextPeriod()
            }
        }

        var reason: BatchOutcome.StopReason? { health.stopReason() }
    }

    @Test("the defaults: six periods of 10 s, at least 20 attempts")
    func defaults() {
        let health = ServiceHealth(clock: ManualClock())
        #expect(health.period == 10)
        #expect(health.periods == 6)
        #expect(health.minimumAttempts == 20)
        #expect(health.stopReason() == nil)
    }

    // MARK: - A failing service

    @Test("six periods of mostly passing faults, 20 attempts or more: serviceFailing")
    func sixFailingPeriodsTrip() {
        let watch = Watch()
        // 3 faults and 1 answer (75 %) in each of five periods: not yet a minute.
        watch.periods(5, faults: 3, answered: 1)
        #expect(watch.reason == nil)
        // The sixth period's first fault completes the minute: 16 of 21 attempts.
        watch.attempts(faults: 1)
        #expect(
            watch.reason
                == .serviceFailing(
                    service: "cloudformation",
                    detail: "16 of 21 attempts in the last 60 s were throttled, 5xx, timed out or dropped"))
        // What comes later changes nothing: the first reason stays.
        watch.periods(3, faults: 0, answered: 50)
        watch.health.attemptEnded(CallAttempt(service: "spot", operation: "ListAccounts", outcome: .unauthorized))
        guard case .serviceFailing(let service, _)? = watch.reason else {
            Issue.record("expected serviceFailing, got \(String(describing: watch.reason))")
            return
        }
        #expect(service == "cloudformation")
    }

    @Test("the sentence names the service and says to resume")
    func failingSentence() {
        let watch = Watch()
        watch.periods(6, "s3", faults: 5)
        let sentence = watch.reason?.sentence ?? ""
        #expect(sentence.contains("most calls to s3 kept failing"))
        #expect(sentence.contains("--resume"))
    }

    @Test("40 % faults never trip, however long they last")
    func fortyPercentDoesNotTrip() {
        let watch = Watch()
        watch.periods(30, faults: 4, answered: 6)
        #expect(watch.reason == nil)
    }

    @Test("exactly half is not most: 50 % faults do not trip")
    func halfDoesNotTrip() {
        let watch = Watch()
        watch.periods(12, faults: 5, answered: 5)
        #expect(watch.reason == nil)
    }

    @Test("one quiet period in the minute keeps it from tripping; six failing in a row afterwards do")
    func oneQuietPeriodDoesNotTrip() {
        let watch = Watch()
        watch.periods(5, faults: 10)
        watch.nextPeriod()  // no attempt at all in this period
        watch.periods(5, faults: 10)
        #expect(watch.reason == nil)
        watch.attempts(faults: 1)
        guard case .serviceFailing(let service, _)? = watch.reason else {
            Issue.record("expected serviceFailing, got \(String(describing: watch.reason))")
            return
        }
        #expect(service == "cloudformation")
    }

    @Test("one period of mostly answers in the minute keeps it from tripping")
    func oneHealthyPeriodDoesNotTrip() {
        let watch = Watch()
        watch.periods(3, faults: 10)
        watch.periods(1, faults: 1, answered: 9)
        watch.periods(5, faults: 10)
        #expect(watch.reason == nil)
    }

    @Test("a quiet service does not trip: every attempt a fault, but fewer than 20 in the minute")
    func quietServiceDoesNotTrip() {
        let watch = Watch()
        // 3 a period: 18 in any six periods.
        watch.periods(20, faults: 3)
        #expect(watch.reason == nil)
    }

    @Test("services are counted apart: another service's answers do not hide a failing one")
    func servicesAreCountedApart() {
        let watch = Watch()
        for _ in 0..<6 {
            watch.attempts("sts", faults: 0, answered: 20)
            watch.attempts("cur", faults: 4)
            watch.nextPeriod()
        }
        guard case .serviceFailing(let service, let detail)? = watch.reason else {
            Issue.record("expected serviceFailing, got \(String(describing: watch.reason))")
            return
        }
        #expect(service == "cur")
        #expect(detail.hasPrefix("21 of 21 attempts"))
    }

    @Test("faults spread over services, none failing alone, do not trip")
    func faultsSpreadOverServicesDoNotTrip() {
        let watch = Watch()
        for _ in 0..<12 {
            watch.attempts("sts", faults: 3, answered: 4)
            watch.attempts("s3", faults: 3, answered: 4)
            watch.nextPeriod()
        }
        #expect(watch.reason == nil)
    }

    // MARK: - Refused credentials

    @Test("a Spot 401 through a profile's observer: credentialsRejected, naming the profile")
    func spotUnauthorizedNamesTheProfile() {
        let watch = Watch()
        watch.health.spotObserver(profile: "acme-msp").attemptEnded(
            CallAttempt(service: "spot", operation: "ListAccounts", outcome: .unauthorized))
        guard case .credentialsRejected(let service, let detail)? = watch.reason else {
            Issue.record("expected credentialsRejected, got \(String(describing: watch.reason))")
            return
        }
        #expect(service == "Spot")
        #expect(detail.contains("Spot profile 'acme-msp'"))
        #expect(detail.contains("401"))
        #expect(detail.contains("ListAccounts"))
        #expect(watch.reason?.sentence.contains("refused its credentials") == true)
    }

    @Test("a Spot 401 heard without a profile names the Spot token")
    func spotUnauthorizedWithoutProfile() {
        let watch = Watch()
        watch.health.attemptEnded(CallAttempt(service: "spot", operation: "CreateAccount", outcome: .unauthorized))
        guard case .credentialsRejected(_, let detail)? = watch.reason else {
            Issue.record("expected credentialsRejected, got \(String(describing: watch.reason))")
            return
        }
        #expect(detail.contains("the Spot token"))
        #expect(detail.contains("CreateAccount"))
    }

    @Test("an AWS 401 does not trip, not even many of them")
    func awsUnauthorizedDoesNotTrip() {
        let watch = Watch()
        for _ in 0..<6 {
            for _ in 0..<10 {
                watch.health.attemptEnded(CallAttempt(service: "sts", operation: "AssumeRole", outcome: .unauthorized))
            }
            watch.nextPeriod()
        }
        #expect(watch.reason == nil)
    }

    @Test("Spot's answers and other faults through the profile's observer are tallied like any others")
    func spotObserverTalliesFaults() {
        let watch = Watch()
        let observer = watch.health.spotObserver(profile: "default")
        for _ in 0..<6 {
            for _ in 0..<4 { observer.attemptEnded(CallAttempt(service: "spot", operation: "ListAccounts", outcome: .transientFault)) }
            watch.nextPeriod()
        }
        guard case .serviceFailing(let service, _)? = watch.reason else {
            Issue.record("expected serviceFailing, got \(String(describing: watch.reason))")
            return
        }
        #expect(service == "spot")
    }

    @Test("wired to a SpotClient, a 401 from Spot trips credentialsRejected")
    func spotClientUnauthorizedTrips() async throws {
        let watch = Watch()
        var configuration = SpotClient.Configuration()
        configuration.observer = watch.health.spotObserver(profile: "acme-msp")
        let transport = ScriptedTransport(
            [SpotWire.error(status: 401, code: "UNAUTHORIZED", message: "token expired")])
        let client = SpotClient(
            configuration: configuration, credentials: SpotCredentials(token: SpotToken("testing-spot-token-0000000000000000")!),
            transport: transport, clock: watch.clock, randomUnit: { 0.5 })
        await #expect(throws: SpotError.self) { try await client.accounts() }
        guard case .credentialsRejected(_, let detail)? = watch.reason else {
            Issue.record("expected credentialsRejected, got \(String(describing: watch.reason))")
            return
        }
        #expect(detail.contains("'acme-msp'"))
        #expect(detail.contains("ListAccounts"))
    }
}
