@testable import DeskgateMail
import Foundation
import Testing

/// Discourse's email_reply_trimmer fixtures: 64 decoded bodies in 13 languages.
@Suite(.enabled(if: Corpus.expected, "needs ../shared/corpora"))
struct ReplyTrimmerCorpusTests {
    @Test func trimsAtLeast95PercentExactly() throws {
        let cases = Corpus.cases("email_reply_trimmer")
        try #require(!cases.isEmpty, "email_reply_trimmer corpus not found")
        let rate = PassRate()
        for item in cases {
            let expected = item.expected["trimmed"]?.string?.strippedForCorpus ?? ""
            let trimmed = ReplyTrimmer.trim(item.inputText.strippedForCorpus).reply.strippedForCorpus
            rate.record(item.id, trimmed == expected, expected: expected, actual: trimmed)
        }
        let line = rate.report("email_reply_trimmer")
        #expect(rate.rate >= 0.95, "\(line)")
    }
}
