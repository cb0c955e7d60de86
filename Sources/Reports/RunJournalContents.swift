import Onboarding

extension RunJournal {
    /// What a journal holds.
    public struct Contents: Sendable, Hashable {
        /// The events, in the order they were appended.
        public var events: [JournalEvent]
        /// The line of the journal each event is on (1-based), parallel to `events`.
        public var lines: [Int]
        /// Lines left unfinished by a killed run and ignored (0 or 1).
        public var tornLines: Int
        /// Complete lines that are not events of this run, left out of `events`.
        public var problems: [JournalProblem]

        /// Contents of `events`, one a line (line numbers 1, 2, …), with `tornLines` ignored
        /// lines and no problems.
        public init(events: [JournalEvent], tornLines: Int) {
            self.init(events: events, lines: Array(events.indices.map { $0 + 1 }), tornLines: tornLines, problems: [])
        }

        /// Contents of `events` on `lines`, with `tornLines` ignored lines and `problems`.
        public init(events: [JournalEvent], lines: [Int], tornLines: Int, problems: [JournalProblem]) {
            precondition(events.count == lines.count, "one line number per event")
            self.events = events
            self.lines = lines
            self.tornLines = tornLines
            self.problems = problems
        }
    }
}
