@testable import DeskgateCore
import Testing

struct ArticleFileTests {
    @Test func frontMatterGivesTitleTagsLanguageAndTheRestIsTheBody() throws {
        let article = try ArticleFile.parse(id: "kb-001", contents: """
            ---
            title: "Reset your password: the self-service way"
            tags: [password, reset, self-service]
            language: de-CH
            summary: 'It''s quick'
            ---

            # Reset

            Go to the portal.
            """)
        #expect(article.title == "Reset your password: the self-service way")
        #expect(article.tags == ["password", "reset", "self-service"])
        #expect(article.language == "de-CH")
        #expect(article.summary == "It's quick")
        #expect(article.bodyMarkdown == "# Reset\n\nGo to the portal.")
    }

    @Test func blockListsAndCRLFLinesAreRead() throws {
        let article = try ArticleFile.parse(id: "a", contents: "---\r\ntitle: VPN\r\ntags:\r\n  - vpn\r\n  - remote access\r\n---\r\nBody\r\n")
        #expect(article.tags == ["vpn", "remote access"])
        #expect(article.bodyMarkdown == "Body")
    }

    @Test(arguments: [
        ("# No front matter\n", 1, "does not start with a front-matter block"),
        ("---\ntitle: Open\nbody\n", 1, "never closed"),
        ("---\ntags: [a]\n---\nbody", 1, "no 'title'"),
        ("---\ntitle: A\ntags: [a, b\n---\n", 3, "not closed with ']'"),
        ("---\ntitle: A\ntitle: B\n---\n", 3, "given twice"),
        ("---\ntitle: A\njust words\n---\n", 3, "expected 'key: value'"),
        ("---\ntitle: \"A\n---\n", 2, "not closed"),
    ])
    func aBrokenFileNamesTheLineAndTheProblem(contents: String, line: Int, problem: String) {
        #expect {
            try ArticleFile.parse(id: "x", contents: contents)
        } throws: { error in
            guard let error = error as? ArticleFile.Problem else { return false }
            return error.line == line && error.message.contains(problem)
        }
    }

    @Test func theFileNameWithoutMdIsTheID() {
        #expect(ArticleFile.id(forFileName: "kb-012.md") == "kb-012")
        #expect(ArticleFile.id(forFileName: "Notes.MD") == "Notes")
        #expect(ArticleFile.id(forFileName: "readme.txt") == nil)
        #expect(ArticleFile.id(forFileName: ".md") == nil)
    }
}

struct MarkdownTextTests {
    @Test func markupGoesAndTheWordsStay() {
        let text = MarkdownText.plain("""
            # Connect to **VPN**

            1. Open [GlobalProtect](https://vpn.example.com) from the tray.
            - Use `vpn.example.com` as _portal_.
            ![screenshot](shot.png)

            | Setting | Value |
            |---|---|
            | Gateway | Europe-2 |

            ```
            ping vpn.example.com
            ```
            > Note: <b>hotel</b> Wi-Fi blocks VPN. See <https://help.example.com>.
            """)
        #expect(text == """
            Connect to VPN

            Open GlobalProtect from the tray.
            Use vpn.example.com as portal.
            screenshot

            Setting · Value
            Gateway · Europe-2

            ping vpn.example.com
            Note: hotel Wi-Fi blocks VPN. See https://help.example.com.
            """)
    }

    @Test func snakeCaseWordsKeepTheirUnderscores() {
        #expect(MarkdownText.plain("set max_connections to 10") == "set max_connections to 10")
    }

    @Test func theSummaryIsTheFirstParagraphCutAtAWord() {
        #expect(MarkdownText.summary(ofPlainText: "Short one.\n\nSecond.") == "Short one.")
        let long = String(repeating: "word ", count: 100)
        let summary = MarkdownText.summary(ofPlainText: long, limit: 50)
        #expect(summary.hasSuffix("…") && summary.count <= 51 && !summary.contains("wor…"))
    }
}
