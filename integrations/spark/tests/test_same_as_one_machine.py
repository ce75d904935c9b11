"""Spark's records equal those of `sangloc screen` on the same 20,000-post input, error rows included."""

import csv
import io
import json
import re
import subprocess

import corpus
import sangloc_spark
from pyspark.sql.types import ArrayType, StringType, StructField, StructType

FIELDS = ["--links-field", "links", "--author-field", "author"]


def one_machine(binary, path):
    """`sangloc screen` of `path` as rows of sangloc_spark.SCHEMA: `source` left out, `categories`
    from its CSV output, and an error's "line N" read as "record" (as the integration words it)."""
    jsonl = subprocess.run([binary, "screen", str(path), *FIELDS], capture_output=True, check=True).stdout
    table = subprocess.run(
        [binary, "screen", str(path), *FIELDS, "--output-format", "csv"], capture_output=True, check=True
    ).stdout
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8"), newline="")))
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert len(rows) == len(records)
    return [expected_row(record, row["categories"]) for record, row in zip(records, rows)]


def expected_row(record, categories):
    if "error" in record:
        return {
            "id": record.get("id"), "verdict": None, "score": None, "basis": None, "categories": None,
            "hits": [], "failures": None, "repairs": None,
            "error": re.sub(r"^line [0-9]+", "record", record["error"]),
        }
    hits = [
        {
            "rule": hit["rule"], "category": hit["category"], "verdict": hit["verdict"], "weight": float(hit["weight"]),
            "matches": [
                {"start": m["start"], "end": m["end"], "text": m["text"], "tier": m["tier"], "field": m.get("field")}
                for m in hit["matches"]
            ],
        }
        for hit in record["hits"]
    ]
    return {
        "id": record["id"], "verdict": record["verdict"], "score": float(record["score"]), "basis": record["basis"],
        "categories": categories.split(";") if categories else [], "hits": hits,
        "failures": record.get("failures"), "repairs": record.get("repairs"), "error": None,
    }


def by_id(rows):
    return sorted(rows, key=lambda row: (row["id"] or "", row["error"] or "", json.dumps(row, sort_keys=True)))


def assert_same(spark_rows, expected):
    spark_rows = by_id(row.asDict(recursive=True) for row in spark_rows)
    expected = by_id(expected)
    assert len(spark_rows) == len(expected)
    for got, want in zip(spark_rows, expected):
        assert got == want


def test_json_lines_equal_one_machine(spark, binary, tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = corpus.write(path)
    expected = one_machine(binary, path)
    assert len(expected) == corpus.POSTS  # blank lines are not records
    assert sum(row["error"] is not None for row in expected) == 200
    assert sum(row["verdict"] == "harmful" for row in expected) > 1000
    assert any(match["field"] == "links" for row in expected for hit in row["hits"] or [] for match in hit["matches"])
    assert len(lines) == corpus.POSTS + 20

    frame = spark.read.text(str(path))
    assert frame.rdd.getNumPartitions() >= 3
    result = sangloc_spark.screen_json_lines(frame, binary=binary, links="links", author="author")
    assert result.schema == sangloc_spark.SCHEMA
    assert_same(result.collect(), expected)


def test_columns_equal_one_machine(spark, binary, tmp_path):
    # The same posts as columns; an unreadable line becomes a row without text.
    rows = [
        (record["id"], record["text"], record.get("links"), record.get("author")) if record
        else (f"p{number:05d}", None, None, None)
        for number, (_, record) in enumerate(line for line in corpus.records() if line[0].strip())
    ]
    path = tmp_path / "columns.jsonl"
    path.write_text(
        "".join(json.dumps(dict(zip(["id", "text", "links", "author"], row)), ensure_ascii=False) + "\n" for row in rows),
        encoding="utf-8",
    )
    expected = one_machine(binary, path)
    assert sum(row["error"] == "record: field 'text' is null, not a string" for row in expected) == 200

    schema = StructType([
        StructField("post_id", StringType()), StructField("body", StringType()),
        StructField("urls", ArrayType(StringType())), StructField("user", StringType()),
    ])
    frame = spark.createDataFrame(rows, schema).repartition(3)
    result = sangloc_spark.screen(frame, text_col="body", id_col="post_id", binary=binary, links="urls", author="user")
    assert_same(result.collect(), expected)
