/// A stable counting sort on all cores, for the Gibbs sampler's set-up (the design by column,
/// the rows' locality order): items 0..<count with small integer keys, each key's items kept in
/// their input order.
///
/// The items are cut into one contiguous block per worker; each block counts its keys, the
/// counts are laid out key by key and, within a key, block by block, and each block then places
/// its items from its own starts. A stable sort has one result, so the output is the same
/// whatever the blocks or cores.
enum StableCountingSort {
  /// Blocks for `count` items of `keyCount` keys: one per worker, fewer when the per-block
  /// counts (keyCount each) would cost more than the items.
  static func blockCount(count: Int, keyCount: Int, workers: Int = Parallel.workers) -> Int {
    max(1, min(workers, count / max(1, 2 * keyCount)))
  }

  /// The sort's offsets (keyCount + 1: key j's items go to offsets[j]..<offsets[j+1]) after
  /// `place(range, next)` has run on every block of items: `next[j]` is where the block's next
  /// item of key j goes, and `place` must, item by item in order, put the item at `next[key]`
  /// and add 1 to it. `keys[i]` is item i's key, in 0..<keyCount.
  static func sort(count: Int, keys: UnsafePointer<Int32>, keyCount: Int, blocks requested: Int? = nil,
                   place: (Range<Int>, UnsafeMutablePointer<Int>) -> Void) -> [Int] {
    var offsets = [Int](repeating: 0, count: keyCount + 1)
    guard count > 0 else { return offsets }
    let blocks = max(1, min(count, requested ?? blockCount(count: count, keyCount: keyCount)))
    let next = UnsafeMutablePointer<Int>.allocate(capacity: blocks * max(1, keyCount))
    defer { next.deallocate() }
    next.initialize(repeating: 0, count: blocks * max(1, keyCount))
    let range = { (b: Int) in (count * b / blocks)..<(count * (b + 1) / blocks) }
    Parallel.forEachBlock(blocks, blocks: blocks) { bs, _ in
      for b in bs {
        let counts = next + b * keyCount
        for i in range(b) { counts[Int(keys[i])] += 1 }
      }
    }
    // Starts: key by key, and within a key block by block (the items' order).
    var total = 0
    for j in 0..<keyCount {
      offsets[j] = total
      for b in 0..<blocks {
        let slot = next + b * keyCount + j, c = slot.pointee
        slot.pointee = total
        total += c
      }
    }
    offsets[keyCount] = total
    Parallel.forEachBlock(blocks, blocks: blocks) { bs, _ in
      for b in bs { place(range(b), next + b * keyCount) }
    }
    return offsets
  }

  /// `output[offsets[key]…]` ← `values` sorted stably by `keys` (values[i] has key keys[i]).
  static func permute(count: Int, keys: UnsafePointer<Int32>, keyCount: Int, values: UnsafePointer<Int32>,
                      into output: UnsafeMutablePointer<Int32>, blocks: Int? = nil) -> [Int] {
    sort(count: count, keys: keys, keyCount: keyCount, blocks: blocks) { range, next in
      for i in range {
        let j = Int(keys[i]), q = next[j]
        output[q] = values[i]
        next[j] = q + 1
      }
    }
  }
}
