import DeskgateTransport
import Testing

struct IMAPUIDSetTests {
    @Test(arguments: [
        ([7], "7"),
        ([1, 2, 3, 4], "1:4"),
        ([4, 1, 3, 2], "1:4"),
        ([1, 2, 5, 7, 8, 9], "1:2,5,7:9"),
        ([3, 3, 4], "3:4"),
        ([UInt32.max - 1, UInt32.max], "4294967294:4294967295"),
    ] as [([UInt32], String)])
    func runsOfUIDsCollapseToRanges(uids: [UInt32], text: String) {
        #expect(IMAPUIDSet.text(uids) == text)
    }

    @Test func noUIDsMakeNoSet() {
        #expect(IMAPUIDSet.text([]) == nil)
    }
}
