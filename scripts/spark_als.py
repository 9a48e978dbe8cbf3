"""Fits mk's ALS with Spark MLlib (`fit als DATA engine=spark`); mk runs it and reads what it writes.

mk's ALS minimizes  sum (r - mu - b_u - b_i - p_u.q_i)^2 + lambda (sum_u n_u |p_u|^2 + sum_i n_i |q_i|^2)
with prior=0; Spark's explicit ALS regularizes each row by regParam * (its rating count), so
regParam = lambda exactly, on ratings centred by the global mean mu. With --bias-rounds R > 0 the
biases are fitted first (R alternating ridge passes with penalty --bias-lambda, unweighted, as mk's),
and Spark's ALS factorizes what they leave.

Input: --indexed FILE (mk's own CSV: user index, item index, rating, no header), or --path PATH_OR_URI
(CSV with a header, or Parquet, with columns user, item, rating: ids of any type, indexed here).
Output in --out: summary.json; users.idx / items.idx (int32 model indices), users.f32 / items.f32
(float32 rows, the bias last when fitted); with --path also users.json / items.json (the ids of
indices 0..n-1) and seen.bin (int32 user, int32 item, float32 rating per training rating).
Progress lines on stderr start with "MKSPARK "; exit codes 3 (no pyspark), 4 (no Java), 5 (bad input).
"""
import argparse
import json
import os
import re
import shutil
import struct
import sys
import time

PHASES = ["start", "read", "biases", "als", "factors", "done"]


STARTED = time.time()


def phase(name):
    """A progress line for mk (and the seconds since the start, for the log)."""
    print(f"MKSPARK phase {PHASES.index(name) + 1}/{len(PHASES)} {name} {time.time() - STARTED:.1f}s", file=sys.stderr, flush=True)


def fail(code, message):
    print(f"MKSPARK error {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--indexed")
    a.add_argument("--path")
    a.add_argument("--out", required=True)
    a.add_argument("--master", default="local[*]")
    a.add_argument("--rank", type=int, required=True)
    a.add_argument("--reg", type=float, required=True)
    a.add_argument("--iters", type=int, required=True)
    a.add_argument("--seed", type=int, default=0)
    a.add_argument("--partitions", type=int, default=0)
    a.add_argument("--mean", type=float)
    a.add_argument("--bias-rounds", type=int, default=0)
    a.add_argument("--bias-lambda", type=float, default=0.0)
    args = a.parse_args()

    try:
        import numpy as np
        from pyspark.sql import SparkSession, functions as F, types as T
        from pyspark.ml.recommendation import ALS
    except ImportError as e:
        fail(3, f"{sys.executable} cannot import pyspark ({e})")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        fail(4, "no java on PATH and no JAVA_HOME")

    started = time.time()
    phase("start")
    local = args.master.startswith("local")
    spark = (SparkSession.builder.master(args.master).appName("mk als")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", str(args.partitions or 8))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    if local:
        # Long runs of ALS grow a deep lineage; checkpoints cut it (a cluster needs a shared folder).
        spark.sparkContext.setCheckpointDir(os.path.join(args.out, "checkpoints"))

    phase("read")
    labels = None
    if args.indexed:
        schema = T.StructType([T.StructField("u", T.IntegerType()), T.StructField("i", T.IntegerType()),
                               T.StructField("r", T.DoubleType())])
        if local:
            df = spark.read.csv("file://" + os.path.abspath(args.indexed), schema=schema)
        else:
            # Executors elsewhere cannot read the driver's temporary folder: ship the rows from here.
            rows = np.loadtxt(args.indexed, delimiter=",", ndmin=2)
            data = [(int(u), int(i), float(r)) for u, i, r in rows]
            df = spark.createDataFrame(data, schema, ).repartition(args.partitions or 8)
    else:
        path = args.path
        name = path.lower().rstrip("/")
        if name.endswith(".parquet"):
            raw = spark.read.parquet(path)
        elif re.search(r"\.(csv|txt)(\.gz|\.bz2)?$", name):
            raw = spark.read.csv(path, header=True)
        else:
            # A folder of part files: Parquet when it reads as Parquet, else CSV.
            try:
                raw = spark.read.parquet(path)
            except Exception:
                raw = spark.read.csv(path, header=True)
        columns = {c.lower(): c for c in raw.columns}
        missing = [c for c in ("user", "item", "rating") if c not in columns]
        if missing:
            fail(5, f"{path} has columns {', '.join(raw.columns)}; it needs user, item, rating (missing {', '.join(missing)})")
        raw = raw.select(F.col(columns["user"]).cast("string").alias("user"),
                         F.col(columns["item"]).cast("string").alias("item"),
                         F.col(columns["rating"]).cast("double").alias("r"))
        bad = raw.filter(F.col("user").isNull() | F.col("item").isNull() | F.col("r").isNull() | F.isnan("r")).limit(1).collect()
        if bad:
            fail(5, f"{path} has a rating without a user, an item or a number: {bad[0].asDict()}")
        from pyspark.ml.feature import StringIndexer
        indexer = StringIndexer(inputCols=["user", "item"], outputCols=["u", "i"], stringOrderType="alphabetAsc")
        fitted = indexer.fit(raw)
        labels = fitted.labelsArray
        df = fitted.transform(raw).select(F.col("u").cast("int"), F.col("i").cast("int"), "r")
    df = df.cache()
    count, average, low, high = df.agg(F.count("*"), F.avg("r"), F.min("r"), F.max("r")).first()
    if count == 0:
        fail(5, "the data has no ratings")
    mean = args.mean if args.mean is not None else average
    df = df.withColumn("res", F.col("r") - F.lit(mean))

    phase("biases")
    bu = bi = None
    if args.bias_rounds > 0:
        lam = args.bias_lambda
        bu = df.select("u").distinct().withColumn("bu", F.lit(0.0))
        for _ in range(args.bias_rounds):
            bi = (df.join(bu, "u").groupBy("i").agg((F.sum(F.col("res") - F.col("bu")) / (F.count("*") + lam)).alias("bi"))
                  .localCheckpoint())
            bu = (df.join(bi, "i").groupBy("u").agg((F.sum(F.col("res") - F.col("bi")) / (F.count("*") + lam)).alias("bu"))
                  .localCheckpoint())
        df = df.join(bu, "u").join(bi, "i").withColumn("res", F.col("res") - F.col("bu") - F.col("bi")).cache()

    phase("als")
    als = ALS(rank=args.rank, maxIter=args.iters, regParam=args.reg, seed=args.seed, userCol="u", itemCol="i",
              ratingCol="res", implicitPrefs=False, nonnegative=False, coldStartStrategy="nan")
    if args.partitions > 0:
        als = als.setNumUserBlocks(args.partitions).setNumItemBlocks(args.partitions)
    model = als.fit(df)
    train_rmse = None
    if args.path:
        # mk cannot score ratings it never saw: the training RMSE is measured here.
        pred = model.transform(df)
        train_rmse = pred.agg(F.sqrt(F.avg((F.col("prediction") - F.col("res")) ** 2))).first()[0]

    phase("factors")
    width = args.rank + (1 if bu is not None else 0)

    def write(name, frame, bias):
        if bias is not None:
            frame = frame.join(bias.withColumnRenamed(bias.columns[0], "id"), "id")
        ids, rows = [], []
        for row in frame.toLocalIterator():
            ids.append(row["id"])
            rows.append(list(row["features"]) + ([row[bias.columns[1]]] if bias is not None else []))
        np.asarray(ids, dtype="<i4").tofile(os.path.join(args.out, name + ".idx"))
        np.asarray(rows, dtype="<f4").reshape(len(ids), width).tofile(os.path.join(args.out, name + ".f32"))
        return len(ids)

    users = write("users", model.userFactors, bu)
    items = write("items", model.itemFactors, bi)
    if labels is not None:
        for name, names in (("users", labels[0]), ("items", labels[1])):
            with open(os.path.join(args.out, name + ".json"), "w") as f:
                json.dump(list(names), f)

        def pack(it):
            out = bytearray()
            for row in it:
                out += struct.pack("<iif", row[0], row[1], row[2])
            yield bytes(out)
        with open(os.path.join(args.out, "seen.bin"), "wb") as f:
            for chunk in df.select("u", "i", "r").rdd.mapPartitions(pack).toLocalIterator():
                f.write(chunk)

    summary = {"mean": mean, "count": count, "min": low, "max": high, "users": users, "items": items,
               "width": width, "train_rmse": train_rmse, "seconds": time.time() - started,
               "spark": spark.version, "master": args.master}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f)
    phase("done")
    spark.stop()


if __name__ == "__main__":
    main()
