/// Splits a batch of mails into groups that can be processed side by side: mails that share
/// any key (a Message-ID one of them names, a ticket number, the sender) land in one group,
/// in their original order, so a reply is never handled before the mail that opened its
/// ticket, while unrelated mail runs in parallel.
public enum ConversationGroups {
    /// `keys[i]` are the keys of item `i`; nil puts the item with every other nil item into one
    /// group that also absorbs nothing else. Returns item indexes per group, each ascending,
    /// groups ordered by their first item.
    public static func group(_ keys: [[String]]) -> [[Int]] {
        var parent = Array(keys.indices)
        func root(_ item: Int) -> Int {
            var item = item
            while parent[item] != item {
                parent[item] = parent[parent[item]]
                item = parent[item]
            }
            return item
        }
        var owner: [String: Int] = [:]
        for (item, itemKeys) in keys.enumerated() {
            for key in itemKeys {
                if let other = owner[key] {
                    let (a, b) = (root(item), root(other))
                    if a != b { parent[max(a, b)] = min(a, b) }
                } else {
                    owner[key] = item
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for item in keys.indices {
            let leader = root(item)
            if groups[leader] == nil { order.append(leader) }
            groups[leader, default: []].append(item)
        }
        return order.map { groups[$0]! }
    }
}
