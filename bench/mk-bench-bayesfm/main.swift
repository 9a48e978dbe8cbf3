// mk-bench-bayesfm: fits mk's bayesfm on a train/test split and prints one JSON line (RMSE or
// AUC/accuracy/NLL, wall seconds, ms per sweep, peak resident memory), for bench/bayesfm.sh to
// print side by side with myFM.
// Usage: mk-bench-bayesfm TRAIN TEST [--side ITEMS] [--rank 10] [--iters 200] [--burnin N] [--keep N] [--seed 0]
//        mk-bench-bayesfm --split DATA [--fraction 0.8] ...   (random split of one file, seed 0)
import Foundation
import MKCore

var args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
  guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
  let v = args[i + 1]
  args.removeSubrange(i...(i + 1))
  return v
}
let side = option("--side"), split = option("--split")
let fraction = Double(option("--fraction") ?? "0.8") ?? 0.8
var given: [String: OptionValue] = [:]
for name in ["rank", "iters", "burnin", "keep", "seed"] {
  if let v = option("--" + name), let i = Int(v) { given[name] = .int(i) }
}
guard split != nil || args.count >= 2 else {
  FileHandle.standardError.write("usage: mk-bench-bayesfm TRAIN TEST [--side ITEMS] [--rank K] [--iters N] [--burnin N] [--keep N]\n".data(using: .utf8)!)
  exit(2)
}

let universe = Universe()
let train: Ratings, test: Ratings
if let path = split {
  (train, test) = try Ratings.load(path: path, universe: universe).split(fraction: fraction, seed: 0)
} else {
  train = try Ratings.load(path: args[0], universe: universe)
  test = try Ratings.load(path: args[1], universe: universe)
}
let items = try side.map { try Items.load(path: $0, universe: universe) }
let kind = ModelRegistry.kind(named: "bayesfm")!
let options = try kind.parseOptions(given)
let typed = options.typed(BayesFMModel.Options.self)

let t0 = Clock.now
let model = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: options, side: items))
let fitSeconds = Clock.seconds(since: t0)
let t1 = Clock.now
let predicted = model.predict(test)
let predictSeconds = Clock.seconds(since: t1)
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let iters = typed.iters
var fields = [
  "\"tool\": \"mk-bayesfm\"", "\"side\": \(side != nil)", "\"rank\": \(typed.rank)", "\"iters\": \(iters)",
  "\"kept\": \((model as! BayesFMModel).keptCount)",
  "\"fit_seconds\": \(fitSeconds)", "\"predict_seconds\": \(predictSeconds)",
  "\"ms_per_iter\": \(fitSeconds / Double(iters) * 1000)", "\"peak_mb\": \(Double(usage.ru_maxrss) / 1024)",
  "\"cores\": \(Parallel.workers)", "\"train\": \(train.count)", "\"test\": \(test.count)",
]
if train.scale == .binary {
  fields += ["\"auc\": \(Metrics.auc(predicted, test.values))", "\"accuracy\": \(Metrics.accuracy(predicted, test.values))",
             "\"nll\": \(Metrics.nll(predicted, test.values))"]
} else {
  fields.append("\"rmse\": \(Metrics.rmse(predicted, test.values))")
}
print("{" + fields.joined(separator: ", ") + "}")
