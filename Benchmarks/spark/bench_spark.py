"""Posts per second of the Spark integration in local mode against `sangloc screen` on one machine.

    .build-spark/venv/bin/python Benchmarks/spark/bench_spark.py [--posts 200000] [--rounds 3]

The input is the Spark tests' corpus (integrations/spark/tests/corpus.py) at --posts posts,
split into 4 partitions. Each round runs, one after the other on the same file: `sangloc screen
--jobs 1` and `--jobs 2` (writing JSONL), then Spark `local[1]` and `local[2]` (each a fresh
`spark-submit`-like process: `screen_json_lines` of `spark.read.text`, written as Parquet, and
with the `noop` writer: screening alone). Spark's start-up (JVM, session, Python workers: a
first small job) is timed apart from the job; so is the CPU time of each (for Spark: the JVM,
its Python workers and their `sangloc` processes), steadier than the wall clock on a shared
VM. Prints each run, then medians and the ratios of the same run. `SANGLOC_BIN` or the release build.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SPARK = os.path.join(HERE, "..", "..", "integrations", "spark")
sys.path[:0] = [SPARK, os.path.join(SPARK, "tests")]


def tree_cpu_seconds(root):
    """CPU seconds of `root` and every live descendant, each with its reaped children's: the
    JVM, its Python workers and their `sangloc` processes (wall clock drifts on a shared VM)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    total, tree, grown = 0, {root}, True
    while grown:
        grown = False
        for pid, (parent, _) in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    total = sum(parents[pid][1] for pid in tree if pid in parents)
    return total / os.sysconf("SC_CLK_TCK")


def spark_child(master, path, out, partition_bytes):
    """Runs in a child process: one timed Parquet job and one noop job on a fresh session."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    import sangloc_spark
    from pyspark.sql import SparkSession

    begun = time.perf_counter()
    spark = (
        SparkSession.builder.master(master).config("spark.ui.enabled", "false")
        .config("spark.sql.files.maxPartitionBytes", str(partition_bytes)).getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Warm-up on 4 partitions: the JVM, and a Python worker for every core.
    warm = spark.createDataFrame([(f"w{i}", "xin chào") for i in range(4)], "id string, text string").repartition(4)
    sangloc_spark.screen(warm).write.format("noop").mode("overwrite").save()
    started = time.perf_counter() - begun
    lines = spark.read.text(path)
    partitions = lines.rdd.getNumPartitions()
    times = {}
    for writer in ("noop", "parquet"):
        begun, cpu = time.perf_counter(), tree_cpu_seconds(os.getpid())
        records = sangloc_spark.screen_json_lines(lines, links="links", author="author")
        if writer == "parquet":
            records.write.mode("overwrite").parquet(out)
        else:
            records.write.format("noop").mode("overwrite").save()
        times[writer] = time.perf_counter() - begun
        times[writer + "_cpu"] = tree_cpu_seconds(os.getpid()) - cpu
    rows = spark.read.parquet(out).count()
    spark.stop()
    print(json.dumps({"start_s": started, "partitions": partitions, "rows": rows, **times}))


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        master, path, out, partition_bytes = args.child
        return spark_child(master, path, out, int(partition_bytes))

    import corpus
    import sangloc_spark

    binary = sangloc_spark.default_binary()
    folder = tempfile.mkdtemp(prefix="sangloc-spark-bench-")
    path = os.path.join(folder, "posts.jsonl")
    corpus.write(__import__("pathlib").Path(path), args.posts)
    size = os.path.getsize(path)
    partition_bytes = size // 4 + 1
    print(f"{args.posts} posts, {size / 1e6:.1f} MB, {binary}", flush=True)

    runs, cpus = {}, {}
    for round_ in range(args.rounds):
        for jobs in (1, 2):
            begun, cpu = time.perf_counter(), children_cpu_seconds()
            subprocess.run(
                [binary, "screen", path, "--jobs", str(jobs), "--links-field", "links", "--author-field", "author",
                 "--output", os.path.join(folder, "out.jsonl")], check=True, stderr=subprocess.DEVNULL,
            )
            runs.setdefault(f"sangloc screen --jobs {jobs}", []).append(time.perf_counter() - begun)
            cpus.setdefault(f"sangloc screen --jobs {jobs}", []).append(children_cpu_seconds() - cpu)
            print(f"round {round_}: --jobs {jobs}: {runs[f'sangloc screen --jobs {jobs}'][-1]:.2f} s", flush=True)
        for cores in (1, 2):
            child = subprocess.run(
                [sys.executable, __file__, "--child", f"local[{cores}]", path, os.path.join(folder, "out.parquet"),
                 str(partition_bytes)], check=True, capture_output=True, text=True,
            )
            result = json.loads(child.stdout.strip().splitlines()[-1])
            assert result["rows"] == args.posts, result
            for key, name in (("parquet", "Parquet"), ("noop", "noop"), ("start_s", "start-up")):
                runs.setdefault(f"Spark local[{cores}], {name}", []).append(result[key])
                if key + "_cpu" in result:
                    cpus.setdefault(f"Spark local[{cores}], {name}", []).append(result[key + "_cpu"])
            print(f"round {round_}: local[{cores}]: {result}", flush=True)

    print("\n| run | median s | posts/s | vs --jobs of as many cores | median CPU s | CPU vs --jobs |")
    print("|---|---|---|---|---|---|")
    for name, times in runs.items():
        median = statistics.median(times)
        if "start-up" in name:
            print(f"| {name} | {median:.2f} | | | | |")
            continue
        cores = 2 if ("2" in name.split(",")[0]) else 1
        peer = statistics.median(runs[f"sangloc screen --jobs {cores}"])
        cpu, peer_cpu = statistics.median(cpus[name]), statistics.median(cpus[f"sangloc screen --jobs {cores}"])
        print(f"| {name} | {median:.2f} | {args.posts / median:,.0f} | {peer / median:.2f}× | {cpu:.1f} | {cpu / peer_cpu:.2f}× |")


if __name__ == "__main__":
    main()
