import DeskgateMail
import Foundation

// Parse throughput: every message under the given folders (by default the shared corpora),
// parsed repeatedly on one core for at least `--seconds`, reported as messages/s and MB/s.
// `--memory FILE` instead parses one file once and reports peak memory over the baseline.

func readFile(_ path: String) -> [UInt8]? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    // An empty file reads as nil; it is a message to parse all the same (Python parses it too).
    return (try? handle.readToEnd()).map { [UInt8]($0) } ?? []
}

func residentHighWaterMarkKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}

func residentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}

var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 3.0
var memoryFile: String?
var slowest = 0
var passes: Int?
var folders: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--seconds": seconds = Double(arguments.removeFirst()) ?? 3
    case "--memory": memoryFile = arguments.removeFirst()
    case "--slowest": slowest = Int(arguments.removeFirst()) ?? 10
    // A fixed amount of work instead of a time, for counting instructions under `perf stat`.
    case "--passes": passes = Int(arguments.removeFirst())
    default: folders.append(argument)
    }
}

let parser = MessageParser()

if let memoryFile {
    // The baseline is taken with the file already read: the figure is what parsing costs.
    guard let bytes = readFile(memoryFile) else { fatalError("cannot read \(memoryFile)") }
    let before = residentKiB()
    let message = parser.parse(bytes)
    let peak = residentHighWaterMarkKiB()
    let extra = Double(peak - before) * 1024
    print(String(format: "memory: %@ is %.1f MB; parsing peaked %.1f MB above the loaded file (%.2f x its size); %d attachment(s)",
                 memoryFile, Double(bytes.count) / 1e6, extra / 1e6, extra / Double(bytes.count), message.attachments.count))
    exit(0)
}

var messages: [[UInt8]] = []
var paths: [String] = []
for folder in folders {
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { continue }
    for case let relative as String in enumerator {
        let path = folder + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              relative.contains("inputs/"), let bytes = readFile(path) else { continue }
        messages.append(bytes)
        paths.append(path)
    }
}
guard !messages.isEmpty else { fatalError("no messages under \(folders)") }

// Where the time goes: each message's share of a pass, the most expensive first.
if slowest > 0 {
    let clock = ContinuousClock()
    var costs: [(path: String, size: Int, microseconds: Double)] = []
    var total = 0.0
    for (message, path) in zip(messages, paths) {
        let rounds = 20
        let start = clock.now
        for _ in 0..<rounds { _ = parser.parse(message) }
        let elapsed = clock.now - start
        let microseconds = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(rounds)
        costs.append((path, message.count, microseconds))
        total += microseconds
    }
    print(String(format: "%d messages, %.0f µs per pass, %.1f µs per message", messages.count, total, total / Double(messages.count)))
    for cost in costs.sorted(by: { $0.microseconds > $1.microseconds }).prefix(slowest) {
        print(String(format: "%8.1f µs %5.1f %% %8d bytes  %@", cost.microseconds, cost.microseconds / total * 100, cost.size, cost.path))
    }
    exit(0)
}
let totalBytes = messages.reduce(0) { $0 + $1.count }
var parsed = 0
var bytesParsed = 0
var checksum = 0
let clock = ContinuousClock()
let start = clock.now
while passes.map({ parsed < $0 * messages.count }) ?? (clock.now - start < .seconds(seconds)) {
    for message in messages {
        let result = parser.parse(message)
        checksum &+= result.text.utf8.count &+ result.attachments.count
        parsed += 1
        bytesParsed += message.count
    }
}
let elapsed = clock.now - start
let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "deskgate: %d messages (%.1f MB per pass), %.0f messages/s, %.2f MB/s (checksum %d)",
             messages.count, Double(totalBytes) / 1e6, Double(parsed) / elapsedSeconds, Double(bytesParsed) / elapsedSeconds / 1e6, checksum))
