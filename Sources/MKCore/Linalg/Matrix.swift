/// A dense row-major matrix of Float32 over one contiguous buffer.
///
/// Factor matrices are stored this way: row r is one user's (or item's) embedding, so a
/// per-user solve reads and writes one contiguous stretch.
public struct Matrix: Equatable {
  public var rows: Int
  public var columns: Int
  public var storage: [Float]

  public init(rows: Int, columns: Int, repeating v: Float = 0) {
    self.rows = rows
    self.columns = columns
    self.storage = [Float](repeating: v, count: rows * columns)
  }

  public init(rows: Int, columns: Int, storage: [Float]) {
    precondition(storage.count == rows * columns, "matrix storage does not match its shape")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  @inline(__always) public subscript(r: Int, c: Int) -> Float {
    get { storage[r * columns + c] }
    set { storage[r * columns + c] = newValue }
  }

  public func row(_ r: Int) -> ArraySlice<Float> { storage[(r * columns)..<((r + 1) * columns)] }

  /// Dot product of row `a` of `self` with row `b` of `other`, accumulated in Float.
  @inline(__always) public func dot(row a: Int, _ other: Matrix, row b: Int) -> Float {
    var s: Float = 0
    storage.withUnsafeBufferPointer { x in
      other.storage.withUnsafeBufferPointer { y in
        let xa = a * columns, yb = b * other.columns
        for c in 0..<columns { s += x[xa + c] * y[yb + c] }
      }
    }
    return s
  }
}
