import Foundation

/// `fit als DATA engine=spark`: the same model as native ALS, its factors solved by Spark MLlib.
///
/// The mapping (docs/spark.md): Spark's explicit ALS solves, for each user, the ridge system
/// (YᵀY + regParam·nᵤ I) x = Yᵀ r — mk's weighted-λ system with `prior=0` — so regParam = λ
/// exactly, on ratings centred by μ as mk centres them; maxIter = iters, seed = seed, rank =
/// rank. Spark has no pseudo-count, so `prior` must be 0, and Spark draws its own initial
/// factors (`init` does not apply). With `bias=true` the biases are fitted first, around
/// Spark's ALS and not jointly with it: a few alternating ridge passes with mk's unweighted
/// `bias_lambda`, then Spark factorizes the residuals; the model's bias column holds them.
///
/// In-memory data goes to Spark as a CSV of model indices in a temporary folder; a path or URI
/// (`fit als "PATH" engine=spark`) goes as is, and only the factors, the ids and the
/// (user, item, rating) triples of `seen` (12 bytes a rating, for `recommend`) come back.
public enum SparkALS {
  /// Alternating passes of the bias fit before the factors (bias=true).
  static let biasRounds = 3

  /// Fits on ratings in mk's memory.
  static func fit(_ input: FitInput, _ o: ALSModel.Options) throws -> ALSModel {
    try check(o)
    let info = FitInfo(kind: "als", input: input)
    let job = try SparkJob(progress: input.progress)
    defer { job.remove() }
    let csv = job.folder.appendingPathComponent("ratings.csv")
    try writeIndexed(input.data, to: csv)
    let summary = try job.run(o, source: ["--indexed", csv.path, "--mean", String(Double(info.globalMean))])
    let users = try job.factors("users", rows: info.userCount, width: summary.width)
    let items = try job.factors("items", rows: info.itemCount, width: summary.width)
    let model = ALSModel(info: info, options: o, userFactors: users, itemFactors: items)
    var row = [Double(o.iters), Metrics.rmse(model.predict(indices: model.modelIndices(input.data)), input.data.values)]
    if let valid = input.valid { row.append(Metrics.rmse(model.predict(valid), valid.values)) }
    info.history = History(columns: ["iter", "train_rmse"] + (input.valid == nil ? [] : ["valid_rmse"]), rows: [row])
    return model
  }

  /// Fits on a file or URI Spark reads itself (CSV with a header, or Parquet, with columns
  /// user, item, rating); mk never reads the ratings. The model's universe is the ids Spark
  /// found. `valid`, if any, is scored here after the fit.
  public static func fit(path: String, options fit: FitOptions, valid: Ratings?, progress: Progress) throws -> ALSModel {
    let o = fit.typed(ALSModel.Options.self)
    guard o.engine == .spark else {
      throw MKError(.usage, "fit als reads a path only with engine=spark (Spark reads it, mk does not)",
                    hint: "load it first: d = load \"\(path)\", or add engine=spark")
    }
    try check(o)
    let start = Clock.now
    let job = try SparkJob(progress: progress)
    defer { job.remove() }
    let summary = try job.run(o, source: ["--path", path])
    let userIds = IdMap(names: try job.ids("users")), itemIds = IdMap(names: try job.ids("items"))
    let users = try job.factors("users", rows: userIds.count, width: summary.width)
    let items = try job.factors("items", rows: itemIds.count, width: summary.width)
    let seen = try job.seen(users: userIds.count, items: itemIds.count)
    var itemCounts = [Int32](repeating: 0, count: itemIds.count)
    for i in seen.columns { itemCounts[Int(i)] += 1 }
    let info = FitInfo(kind: "als", options: fit, userIds: userIds, itemIds: itemIds, userCount: userIds.count,
                       itemCount: itemIds.count, scale: .numeric, range: Float(summary.min)...Float(summary.max),
                       globalMean: Float(summary.mean), seen: seen, itemCounts: itemCounts, trainedOn: path,
                       trainCount: summary.count)
    let model = ALSModel(info: info, options: o, userFactors: users, itemFactors: items)
    var row = [Double(o.iters), summary.trainRMSE ?? .nan]
    if let valid { row.append(Metrics.rmse(model.predict(valid), valid.values)) }
    info.history = History(columns: ["iter", "train_rmse"] + (valid == nil ? [] : ["valid_rmse"]), rows: [row])
    info.seconds = Clock.seconds(since: start)
    for m in [users, items] where m.storage.contains(where: { !$0.isFinite }) {
      throw MKError(.model, "als diverged in Spark: its factors contain NaN or infinity", hint: "raise lambda")
    }
    return model
  }

  /// What Spark's ALS cannot express.
  static func check(_ o: ALSModel.Options) throws {
    guard o.prior == 0 else {
      throw MKError(.value, "engine=spark needs prior=0: Spark's ALS scales λ by each user's and item's rating count "
                      + "alone (regParam·n), with no pseudo-count (prior=\(OptionValue.double(o.prior)))",
                    hint: "add prior=0 (mk's native ALS with prior=0 solves the same problem)")
    }
  }

  /// "user index,item index,rating" lines, no header: what the script reads with `--indexed`.
  static func writeIndexed(_ data: Ratings, to url: URL) throws {
    var text = ""
    text.reserveCapacity(data.count * 12)
    for k in 0..<data.count {
      text += String(data.user(k)); text += ","
      text += String(data.item(k)); text += ","
      text += data.value(k).description; text += "\n"
    }
    try Data(text.utf8).write(to: url)
  }
}

/// One run of spark_als.py in a temporary folder of its own, and the files it leaves there.
struct SparkJob {
  let folder: URL
  let runtime: SparkRuntime
  let progress: Progress

  struct Summary {
    let mean: Double, min: Double, max: Double
    let count: Int, width: Int
    let trainRMSE: Double?
  }

  init(progress: Progress) throws {
    runtime = try SparkRuntime.locate()
    self.progress = progress
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("mk-spark-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw MKError(.io, "cannot create the temporary folder '\(folder.path)' for Spark: \(error.localizedDescription)",
                    hint: "set TMPDIR to a writable folder")
    }
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  /// Runs the script with the ALS options and the data `source`, and reads its summary.
  func run(_ o: ALSModel.Options, source: [String]) throws -> Summary {
    var args = [runtime.script] + source + [
      "--out", folder.path, "--master", o.master, "--rank", String(o.rank), "--reg", String(o.lambda),
      "--iters", String(o.iters), "--seed", String(o.seed), "--partitions", String(o.partitions)]
    if o.bias { args += ["--bias-rounds", String(SparkALS.biasRounds), "--bias-lambda", String(o.biasLambda)] }
    let process = SparkProcess(executable: runtime.python, arguments: args, environment: SparkRuntime.environment(),
                               folder: folder)
    let bar = progress.relabel("fit als (spark \(o.master))")
    do {
      try process.run(progress: progress) { done, total, name in bar.relabel("fit als (spark: \(name))").step(done, of: total) }
    } catch let f as SparkProcess.Failure {
      throw explain(f)
    }
    let url = folder.appendingPathComponent("summary.json")
    guard let data = try? Data(contentsOf: url),
          let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
          let mean = json["mean"] as? Double, let count = json["count"] as? Int, let width = json["width"] as? Int,
          let lo = json["min"] as? Double, let hi = json["max"] as? Double, width == o.rank + (o.bias ? 1 : 0) else {
      throw MKError(.internalError, "spark_als.py ended without a readable summary in '\(url.path)'")
    }
    return Summary(mean: mean, min: lo, max: hi, count: count, width: width, trainRMSE: json["train_rmse"] as? Double)
  }

  /// The MKError for a failed run: what to install, the script's own reason, or Spark's last
  /// lines.
  private func explain(_ f: SparkProcess.Failure) -> MKError {
    let lines = f.tail.map { "  " + $0 }.joined(separator: "\n")
    switch SparkProcess.Code(rawValue: f.signalled ? -1 : f.status) {
    case .noPyspark:
      return MKError(.io, "engine=spark needs pyspark: \(f.reason ?? "\(runtime.python) cannot import it")",
                     hint: SparkRuntime.installHint)
    case .noJava:
      return MKError(.io, "engine=spark needs Java (Spark runs on the JVM): \(f.reason ?? "java not found")",
                     hint: "install Java 17 (apt-get install openjdk-17-jre-headless, or run scripts/spark-venv), "
                       + "or set JAVA_HOME")
    case .badInput:
      return MKError(.data, "Spark cannot fit these ratings: \(f.reason ?? "bad input")")
    case nil:
      let how = f.signalled ? "was killed by signal \(f.status)" : "exited with status \(f.status)"
      // The job's folder goes; its log stays for reading.
      let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(folder.lastPathComponent).log")
      let kept = (try? FileManager.default.copyItem(at: folder.appendingPathComponent("stderr.txt"), to: log)) != nil
      return MKError(.model, "Spark's ALS failed: \(f.tail.last ?? how)\n(\(runtime.python) \(runtime.script) \(how); "
                       + "its last lines:)\n\(lines)",
                     hint: (kept ? "Spark's whole log: \(log.path); " : "") + "check master=, the data's path and that the workers can read it")
    }
  }

  /// Factor rows by model index from `NAME.idx` / `NAME.f32`; indices Spark did not return
  /// (no training ratings) stay zero, as in a native fit.
  func factors(_ name: String, rows: Int, width: Int) throws -> Matrix {
    let idx = try int32s(name + ".idx"), values = try floats(name + ".f32")
    guard values.count == idx.count * width else {
      throw MKError(.internalError, "Spark wrote \(values.count) factor values for \(idx.count) \(name) of width \(width)")
    }
    var m = Matrix(rows: rows, columns: width)
    for (r, i) in idx.enumerated() {
      guard i >= 0, Int(i) < rows else {
        throw MKError(.internalError, "Spark returned \(name) index \(i), outside 0..<\(rows)")
      }
      for c in 0..<width { m[Int(i), c] = values[r * width + c] }
    }
    return m
  }

  /// The ids of indices 0..<n, from `NAME.json` (path form).
  func ids(_ name: String) throws -> [String] {
    let url = folder.appendingPathComponent(name + ".json")
    guard let data = try? Data(contentsOf: url), let list = (try? JSONSerialization.jsonObject(with: data)) as? [String],
          Set(list).count == list.count else {
      throw MKError(.internalError, "Spark's \(name) ids in '\(url.path)' are missing or repeat")
    }
    return list
  }

  /// The training ratings by user, from `seen.bin` (int32 user, int32 item, float32 rating).
  func seen(users: Int, items: Int) throws -> SparseRows {
    let url = folder.appendingPathComponent("seen.bin")
    guard let data = try? Data(contentsOf: url), data.count % 12 == 0 else {
      throw MKError(.internalError, "Spark's training pairs in '\(url.path)' are missing or truncated")
    }
    let n = data.count / 12
    var rows = [Int32](repeating: 0, count: n), cols = [Int32](repeating: 0, count: n), vals = [Float](repeating: 0, count: n)
    data.withUnsafeBytes { raw in
      for k in 0..<n {
        rows[k] = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 12 * k, as: Int32.self))
        cols[k] = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 12 * k + 4, as: Int32.self))
        vals[k] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 12 * k + 8, as: UInt32.self)))
      }
    }
    guard !zip(rows, cols).contains(where: { $0 < 0 || Int($0) >= users || $1 < 0 || Int($1) >= items }) else {
      throw MKError(.internalError, "Spark's training pairs name a user or item outside its ids")
    }
    return SparseRows(rowCount: users, rows: rows, columns: cols, values: vals)
  }

  private func bytes(_ file: String) throws -> Data {
    let url = folder.appendingPathComponent(file)
    guard let data = try? Data(contentsOf: url) else { throw MKError(.internalError, "Spark wrote no '\(url.path)'") }
    return data
  }

  private func int32s(_ file: String) throws -> [Int32] {
    let data = try bytes(file)
    return data.withUnsafeBytes { raw in
      (0..<(data.count / 4)).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
    }
  }

  private func floats(_ file: String) throws -> [Float] {
    let data = try bytes(file)
    return data.withUnsafeBytes { raw in
      (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
    }
  }
}
