"""Screens a JSON Lines corpus on Spark and writes the records as Parquet.

    spark-submit integrations/spark/example.py INPUT.jsonl OUTPUT.parquet [--links-field F]

(`Scripts/spark-example` runs it in local mode.) The binary is `$SANGLOC_BIN` or the release
build of this checkout; on a cluster, give a path the driver can read: it is shipped from there.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sangloc_spark  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="a JSON Lines file (or folder of them) Spark can read")
    parser.add_argument("output", help="the Parquet folder to write (replaced)")
    parser.add_argument("--rules", action="append", help="a rule pack, as sangloc's --rules (repeatable)")
    parser.add_argument("--links-field", help="the records' field holding links")
    args = parser.parse_args()

    spark = SparkSession.builder.appName("sangloc-screen").getOrCreate()
    fields = {"links": args.links_field} if args.links_field else {}
    lines = spark.read.text(args.input)
    records = sangloc_spark.screen_json_lines(lines, rules=args.rules, **fields)
    records.write.mode("overwrite").parquet(args.output)

    written = spark.read.parquet(args.output)
    counts = {row["verdict"] or "error": row["count"] for row in written.groupBy("verdict").count().collect()}
    print(f"{written.count()} records in {args.output}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    spark.stop()


if __name__ == "__main__":
    main()
