/// Who solves an ALS fit: mk itself, or Spark MLlib (`engine=spark`, with `master=` and
/// `partitions=`). The three options are stored with a model only when it came from Spark, so
/// native models keep the hyperparameters and file bytes they had.
public enum ALSEngine: String, CaseIterable {
  case native, spark

  static var options: [ModelOption<ALSModel.Options>] {
    [ModelOption(name: "engine", kind: .choice(allCases.map(\.rawValue)),
                 help: "native (default): mk's solver; spark: Spark MLlib's ALS (prior defaults to 0 there: Spark has no pseudo-count; docs/spark.md)",
                 get: { $0.engine == .spark ? .string("spark") : nil }) { o, v in
       if case .string(let s) = v, let e = ALSEngine(rawValue: s) { o.engine = e }
     },
     ModelOption(name: "master", kind: .text,
                 help: "with engine=spark: the Spark master URL (default local[*]; local[2], spark://host:7077, yarn, k8s://…)",
                 get: { $0.engine == .spark ? .string($0.master) : nil }) { o, v in
       if case .string(let s) = v { o.master = s }
     },
     ModelOption(name: "partitions", kind: .int(0...100_000),
                 help: "with engine=spark: Spark's user and item blocks (numUserBlocks, numItemBlocks); 0 (default): Spark's 10",
                 get: { $0.engine == .spark ? .int($0.partitions) : nil }) { o, v in
       if case .int(let n) = v { o.partitions = n }
     }]
  }
}
