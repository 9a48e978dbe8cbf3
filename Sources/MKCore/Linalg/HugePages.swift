import CKernels

extension DesignMatrix {
  /// Asks for the design's arrays to be moved to huge pages (`mk_advise_huge_pages`): the FM
  /// learner reads its rows in random order, tens of megabytes an array at 8.6M ratings, and with
  /// 4 KB pages nearly every row's offsets, columns, values and target take a TLB miss each.
  /// Advice only: the arrays' contents and the results are unchanged.
  func adviseHugePages() {
    func advise<T>(_ a: [T]) {
      a.withUnsafeBufferPointer { mk_advise_huge_pages($0.baseAddress, $0.count * MemoryLayout<T>.stride, 1) }
    }
    advise(rows.offsets)
    advise(rows.columns)
    advise(rows.values)
    advise(target)
  }
}
