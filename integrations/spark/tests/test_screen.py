"""What a Spark user notices: error rows, ids, fields, shipped packs, and failures that fail the task."""

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
import sangloc_spark
from pyspark.sql.types import ArrayType, StringType, StructField, StructType

REPO = Path(__file__).resolve().parents[3]
SCAM = "ck 500k vào stk 0123456789 giữ suất hết hôm nay"
POSTS = StructType([StructField("id", StringType()), StructField("text", StringType())])


def verdicts(rows):
    return [(row.id, row.verdict, row.error) for row in rows]


def test_an_unreadable_row_becomes_an_error_row_and_its_partition_goes_on(spark, binary):
    rows = [("p1", SCAM), ("p2", None), ("p3", "Chúc mừng sinh nhật em gái yêu quý!"), (None, "đm mày")]
    frame = spark.createDataFrame(rows, POSTS).coalesce(1)
    result = sangloc_spark.screen(frame, binary=binary).collect()
    assert verdicts(result) == [
        ("p1", "harmful", None),
        ("p2", None, "record: field 'text' is null, not a string"),
        ("p3", "verified", None),
        (None, "harmful", None),  # no id stays no id (not sangloc's "-:4")
    ]
    assert result[0].categories == ["scam"]
    assert [(m.start, m.end, m.text, m.tier) for m in result[0].hits[0].matches] == [
        (0, 2, "ck", "teencode"), (12, 15, "stk", "exact"), (16, 26, "0123456789", "exact")
    ]
    assert result[1].hits == [] and result[1].categories is None


def test_a_broken_json_line_becomes_an_error_row(spark, binary):
    lines = ['{"id": "a", "text": "xin chào"}', "{broken", "3", "   ", '{"id": "b", "text": "' + SCAM + '"}']
    frame = spark.createDataFrame([(line,) for line in lines], "value string").coalesce(1)
    result = sangloc_spark.screen_json_lines(frame, binary=binary).collect()
    assert verdicts(result) == [
        ("a", "verified", None),
        (None, None, "record: invalid JSON at column 2: expected a string key in double quotes, found 'b'"),
        (None, None, "record is a number, not a JSON object"),
        ("b", "harmful", None),
    ]


def test_empty_partitions_give_no_rows_and_start_no_process(spark, binary, tmp_path):
    started = tmp_path / "started"
    wrapper = tmp_path / "sangloc"
    wrapper.write_text(f'#!/bin/sh\necho started >> "{started}"\nexec "{binary}" "$@"\n')
    wrapper.chmod(0o755)
    frame = spark.createDataFrame([("p1", SCAM), ("p2", "xin chào")], POSTS).repartition(6)
    assert frame.rdd.glom().map(len).collect().count(0) >= 4
    result = sangloc_spark.screen(frame, binary=str(wrapper)).collect()
    assert sorted(verdicts(result)) == [("p1", "harmful", None), ("p2", "verified", None)]
    # At most one process (one pack compilation) per partition that has rows, not one per row.
    assert 1 <= started.read_text().count("started") <= 2


def started_processes(log):
    """(pid, parent pid) of each sangloc the wrapper started, in order."""
    return [tuple(map(int, line.split())) for line in log.read_text().splitlines()]


def test_packs_compile_once_per_python_worker_across_partitions_and_jobs(spark, binary, tmp_path):
    log = tmp_path / "started"
    wrapper = tmp_path / "sangloc"
    wrapper.write_text(f'#!/bin/sh\necho "$$ $PPID" >> "{log}"\nexec "{binary}" "$@"\n')
    wrapper.chmod(0o755)
    rows = [(f"p{n:03d}", SCAM if n % 3 == 0 else "xin chào cả nhà") for n in range(120)]
    frame = spark.createDataFrame(rows, POSTS).repartition(8)
    assert frame.rdd.glom().map(len).collect().count(0) == 0
    expected = sorted((f"p{n:03d}", "harmful" if n % 3 == 0 else "verified", None) for n in range(120))

    for _ in range(2):
        assert sorted(verdicts(sangloc_spark.screen(frame, binary=str(wrapper)).collect())) == expected
    started = started_processes(log)
    # 16 partitions in two jobs, served by one process per Python worker (local[2]: at most two).
    assert 1 <= len(started) <= 2
    assert len({parent for _, parent in started}) == len(started)

    # A process that died is started again, and its partitions' rows are all there.
    for pid, _ in started:
        os.kill(pid, 9)
    for pid, _ in started:  # dead: gone, or a zombie until its worker notices
        while os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z":
            time.sleep(0.05)
    assert sorted(verdicts(sangloc_spark.screen(frame, binary=str(wrapper)).collect())) == expected
    assert len(started_processes(log)) > len(started)


def test_links_author_and_platform_reach_the_rules(spark, binary):
    schema = StructType([
        StructField("id", StringType()), StructField("text", StringType()),
        StructField("urls", ArrayType(StringType())), StructField("user", StringType()),
    ])
    frame = spark.createDataFrame([("p1", "Tin mới đây cả nhà", ["https://vnexpress.net/a.html"], "u1")], schema)
    row = sangloc_spark.screen(frame, binary=binary, links="urls", author="user", platform="zalo").collect()[0]
    assert (row.verdict, row.categories) == ("verified", ["trusted-source"])
    assert [(m.text, m.field) for h in row.hits for m in h.matches] == [("https://vnexpress.net/a.html", "links")]
    with pytest.raises(TypeError, match="unknown fields \\['url'\\]"):
        sangloc_spark.screen(frame, binary=binary, url="urls")


def test_time_author_and_platform_columns_reach_a_packs_rules(spark, binary, tmp_path):
    pack = tmp_path / "night" / "pack.yaml"
    pack.parent.mkdir()
    (pack.parent / "shops.txt").write_text("Shop ABC\n", encoding="utf-8")
    pack.write_text(
        "pack: night\nversion: 1\nlists:\n  shops: { file: shops.txt }\nrules:\n"
        "  - { id: shop.night, category: scam, verdict: unverified, weight: 1.0,\n"
        "      match: { all: [ { author: shops }, { platform: zalo },\n"
        "                      { posted_at: { from: '22:00', to: '06:00', time_zone: Asia/Ho_Chi_Minh } } ] } }\n",
        encoding="utf-8",
    )
    frame = spark.sql(
        "SELECT * FROM VALUES ('p1', 'Hàng về rồi', 'Shop ABC', TIMESTAMP '2026-11-20 16:30:00'),"
        " ('p2', 'Hàng về rồi', 'Shop ABC', TIMESTAMP '2026-11-20 05:00:00'),"
        " ('p3', 'Hàng về rồi', 'Shop XYZ', TIMESTAMP '2026-11-20 16:30:00') AS posts(id, text, seller, at)"
    )  # in UTC (the tests' session time zone): 23:30, 12:00 and 23:30 in Hà Nội
    rows = sangloc_spark.screen(frame, rules=str(pack), binary=binary, author="seller", time="at", platform="zalo")
    assert sorted((r.id, r.verdict, [h.rule for h in r.hits]) for r in rows.collect()) == [
        ("p1", "unverified", ["shop.night"]), ("p2", "verified", []), ("p3", "verified", []),
    ]
    other = sangloc_spark.screen(frame, rules=str(pack), binary=binary, author="seller", time="at", platform="facebook")
    assert [r.verdict for r in other.collect()] == ["verified"] * 3


def test_a_pack_with_includes_and_wordlists_is_shipped_to_the_executors(spark, binary, tmp_path):
    pack = REPO / "Fixtures" / "packs" / "design" / "default.yaml"
    posts = [
        {"id": "p1", "text": "ck 500k vào stk 0123456789 để nhận quà"},
        {"id": "p2", "text": "Bạn đã trúng thưởng, bấm vào link", "links": ["https://chinhphu.vn/x"]},
        {"id": "p3", "text": "Cảnh báo lừa đảo: đừng chuyển khoản cho người lạ"},
    ]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(post, ensure_ascii=False) + "\n" for post in posts), encoding="utf-8")
    one_machine = [
        json.loads(line)
        for line in subprocess.run(
            [binary, "screen", str(path), "--rules", str(pack), "--links-field", "links"], capture_output=True, check=True
        ).stdout.splitlines()
    ]
    frame = spark.read.text(str(path))
    rows = sangloc_spark.screen_json_lines(frame, rules=str(pack), binary=binary, links="links").collect()
    assert [(r.id, r.verdict, [h.rule for h in r.hits]) for r in rows] == [
        (r["id"], r["verdict"], [h["rule"] for h in r["hits"]]) for r in one_machine
    ]
    assert {h.rule for r in rows for h in r.hits} >= {"scam.bank-transfer", "source.trusted-link"}


def test_a_failing_process_fails_the_task_with_its_stderr(spark, binary):
    frame = spark.createDataFrame([("p1", SCAM)], POSTS)
    pack = REPO / "Fixtures" / "e2e" / "bad-pack.yaml"
    with pytest.raises(Exception) as failure:
        sangloc_spark.screen(frame, rules=str(pack), binary=binary).collect()
    message = str(failure.value)
    assert "sangloc exited with status 2" in message
    assert "bad-pack.yaml:8:5: unknown key 'regex' in rule 'scam.x'" in message


def test_a_process_that_drops_records_fails_the_task(spark, binary, tmp_path):
    # A sangloc that ends after one record (its input cut after the first row: the integration
    # sends a blank line first), as a crash or a kill would leave it.
    wrapper = tmp_path / "sangloc"
    wrapper.write_text(f'#!/bin/sh\nhead -n 2 | "{binary}" "$@"\n')
    wrapper.chmod(0o755)
    frame = spark.createDataFrame([("p1", SCAM), ("p2", "xin chào"), ("p3", "đm mày")], POSTS).coalesce(1)
    with pytest.raises(Exception, match="sangloc wrote 1 records for 3 rows"):
        sangloc_spark.screen(frame, binary=str(wrapper)).collect()


def test_a_row_holding_a_line_break_fails_the_task(spark, binary):
    # sangloc reads a line per record: such a row would be two, and the rows after it misplaced.
    frame = spark.createDataFrame([('{"id": "a",\n "text": "xin chào"}',)], "value string")
    with pytest.raises(Exception, match="a row holds a line break"):
        sangloc_spark.screen_json_lines(frame, binary=binary).collect()


def test_a_missing_binary_is_named(spark, tmp_path):
    frame = spark.createDataFrame([("p1", SCAM)], POSTS)
    with pytest.raises(FileNotFoundError, match=f"sangloc binary not found at {tmp_path}/nope"):
        sangloc_spark.screen(frame, binary=str(tmp_path / "nope"))


def test_the_default_binary_is_sangloc_bin_or_the_release_build(monkeypatch):
    monkeypatch.setenv("SANGLOC_BIN", "/opt/sangloc")
    assert sangloc_spark.default_binary() == "/opt/sangloc"
    monkeypatch.delenv("SANGLOC_BIN")
    assert sangloc_spark.default_binary() == os.path.join(REPO, ".build", "release", "sangloc")
