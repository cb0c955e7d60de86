import Onboarding

extension RunJournal {
    /// What a journal holds.
    public struct Contents: Sendable, Hashable {
        /// The events, in the order they were appended.
        public var events: [JournalEvent]
        /// Lines left unfinished by a killed run and ignored (0 or 1).
        public var tornLines: Int

        /// Contents of `events`, with `tornLines` ignored lines.
        public init(events: [JournalEvent], tornLines: Int) {
            self.events = events
            self.tornLines = tornLines
        }
    }
}
