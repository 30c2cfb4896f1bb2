import Foundation

/// Bytes in, `ParsedMessage` out. Pure: no files, sockets or clocks; never throws — what
/// cannot be read becomes a warning and the best value that can be had.
public struct MessageParser: Sendable {
    public struct Options: Sendable {
        public var limits: ParsingLimits
        /// Our ticket reference prefixes (`INC`, `REQ`): only these count as ticket references.
        public var ticketPrefixes: Set<String>
        /// The header our own outgoing mail carries, so our mail coming back is recognised.
        public var loopMarkerHeader: String

        public init(limits: ParsingLimits = .standard, ticketPrefixes: Set<String> = ["INC", "REQ"],
                    loopMarkerHeader: String = "X-Deskgate-Loop") {
            self.limits = limits
            self.ticketPrefixes = ticketPrefixes
            self.loopMarkerHeader = loopMarkerHeader
        }
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    public func parse(_ bytes: [UInt8]) -> ParsedMessage {
        parse(bytes[...])
    }

    public func parse(_ bytes: ArraySlice<UInt8>) -> ParsedMessage {
        var mime = MIMEParser(limits: options.limits)
        let entity = mime.parseEntity(bytes)
        var warnings = mime.warnings
        let headers = entity.headers

        func text(_ name: String) -> String? {
            guard let field = headers.first(name) else { return nil }
            let decoded = EncodedWords.decode(field.rawText)
            warnings += decoded.warnings
            return decoded.text
        }
        func addresses(_ name: String) -> [MailboxAddress] {
            headers.all(name).flatMap { AddressListParser.parse($0.rawText) }
        }

        var collector = BodyCollector(limits: options.limits)
        let body = collector.collect(entity.root)
        warnings += collector.warnings

        let plain = body.plain.joined(separator: "\n\n")
        let html = body.html.isEmpty ? nil : body.html.joined(separator: "\n")
        let textBody: String
        if !plain.trimming(.whitespacesAndNewlines).isEmpty || html == nil {
            textBody = Self.normalisedLineEnds(plain)
        } else {
            textBody = HTMLText.convert(html!)
        }
        var trimmed = ReplyTrimmer.trim(textBody)
        if trimmed.reply.isEmpty {
            // Stripping everything (a mail that is all quote) would lose what was sent; keep it whole.
            trimmed.reply = textBody.trimming(.whitespacesAndNewlines)
        }
        let subject = (text("Subject") ?? "").collapsingWhitespace
        let dateText = headers.first("Date")?.rawText
        let date = dateText.flatMap(MailDate.parse)
        if let dateText, date == nil { warnings.append("date '\(dateText)' could not be read") }

        var message = ParsedMessage(
            headers: headers,
            messageID: headers.messageID,
            inReplyTo: headers.all("In-Reply-To").flatMap { MessageIDs.parse($0.rawText) },
            references: headers.all("References").flatMap { MessageIDs.parse($0.rawText) },
            date: date,
            from: addresses("From").first ?? addresses("Sender").first,
            replyTo: addresses("Reply-To"),
            to: addresses("To"),
            cc: addresses("Cc"),
            subject: subject,
            text: textBody,
            html: html,
            replyText: trimmed.reply,
            signature: trimmed.signature,
            attachments: body.attachments,
            automatic: .init(kind: .none, reason: ""),
            bounce: nil,
            ticketReferences: TicketReferenceScanner.scan([subject, trimmed.reply], prefixes: options.ticketPrefixes),
            warnings: [])
        message.bounce = BounceReader.read(entity: entity, message: message, limits: options.limits)
        message.automatic = AutomaticMailClassifier.classify(message, loopMarkerHeader: options.loopMarkerHeader,
                                                             rootContentType: entity.root.contentType)
        var seen = Set<String>()
        message.warnings = warnings.filter { seen.insert($0).inserted }
        return message
    }

    static func normalisedLineEnds(_ text: String) -> String {
        text.normalisingLineBreaks
    }
}
