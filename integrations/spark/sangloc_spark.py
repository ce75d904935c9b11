"""Screens a Spark DataFrame of posts with the `sangloc` binary, one process per Python worker.

Each partition's rows go to the worker's `sangloc screen -` as JSON Lines on its standard
input; its records come back on standard output, in input order, one per row (it writes them
when its input stalls, so the process serves the next partition too), and are parsed by Arrow's
JSON reader into the columns of `SCHEMA`. The binary and any rule-pack files are shipped to
the executors with `SparkContext.addFile`. See README.md beside this file.
"""

import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import deque

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
from pyspark import SparkFiles
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import to_arrow_schema
from pyspark.sql.types import ArrayType, DoubleType, IntegerType, StringType, StructField, StructType

__all__ = ["SCHEMA", "screen", "screen_json_lines", "default_binary"]

_MATCH = StructType([
    StructField("start", IntegerType()),
    StructField("end", IntegerType()),
    StructField("text", StringType()),
    StructField("tier", StringType()),
    StructField("field", StringType()),
])
_HIT = StructType([
    StructField("rule", StringType()),
    StructField("category", StringType()),
    StructField("verdict", StringType()),
    StructField("weight", DoubleType()),
    StructField("matches", ArrayType(_MATCH)),
])
_FAILURE = StructType([StructField("rule", StringType()), StructField("message", StringType())])

# The record of docs/design.md §6 as parsed from sangloc's output (`source` and `text` are
# left out: a partition's line numbers mean nothing to the caller).
_PARSED = StructType([
    StructField("id", StringType()),
    StructField("verdict", StringType()),
    StructField("score", DoubleType()),
    StructField("basis", StringType()),
    StructField("hits", ArrayType(_HIT)),
    StructField("failures", ArrayType(_FAILURE)),
    StructField("repairs", ArrayType(StringType())),
    StructField("error", StringType()),
])

#: The columns `screen` and `screen_json_lines` return, one row per input row.
SCHEMA = StructType(
    _PARSED.fields[:4] + [StructField("categories", ArrayType(StringType()))] + _PARSED.fields[4:]
)

# Record fields a post may carry beside its id and text, and the `sangloc screen` option that
# reads each; `platform` is a constant, not a column.
_FIELD_OPTIONS = {"links": "--links-field", "author": "--author-field", "time": "--time-field"}

_STAGING = tempfile.mkdtemp(prefix="sangloc-spark-")  # what this driver ships, named by content
atexit.register(shutil.rmtree, _STAGING, ignore_errors=True)

_CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def default_binary():
    """`$SANGLOC_BIN`, else the release build of the checkout this file is in."""
    return os.environ.get("SANGLOC_BIN") or os.path.join(_CHECKOUT, ".build", "release", "sangloc")


def screen(df, text_col="text", id_col="id", rules=None, binary=None, jobs=1, **fields):
    """Screens the posts of `df`: one row of `SCHEMA` per row of `df`.

    `text_col` and `id_col` name the columns holding each post's text and id. `fields` maps
    `links`, `author` and `time` to the columns holding them (as `--links-field` etc. of
    `sangloc screen`), and `platform` to a constant. A row whose text is not a string becomes
    an error row (`error` set, `id` kept). `rules` is a pack path or a list of them (`"default"`
    is the embedded pack; None: the embedded pack alone); `binary` the `sangloc` to run
    (default: `default_binary()`); `jobs` the workers of each process (one per task core).
    """
    # Each field column goes into the record under the field's own name (`"links": [...]`).
    options = _field_options({name: name for name in fields} | {"platform": fields.get("platform")})
    columns = [F.col(id_col).alias("id"), F.col(text_col).alias("text")]
    columns += [F.col(column).alias(name) for name, column in fields.items() if name != "platform"]
    # Nulls are written (`"text":null`) so that sangloc names the missing field in its error.
    line = F.to_json(F.struct(*columns), {"ignoreNullFields": "false", "timestampFormat": "yyyy-MM-dd'T'HH:mm:ssXXX"})
    rows = df.select(line.alias("line"), F.col(id_col).isNull().alias("no_id"))
    return _run(rows, options, rules, binary, jobs)


def screen_json_lines(df, column="value", rules=None, binary=None, jobs=1, **fields):
    """Screens rows that each hold one JSON record as text, such as `spark.read.text("x.jsonl")`.

    Every row is read as `sangloc screen` reads a line of a JSON Lines file, so a broken row
    becomes an error row just as it would on one machine; blank rows (spaces and tabs only) are
    not records there and are dropped here too. `fields` maps `links`, `author` and `time` to
    the record's own field names, and `platform` to a constant; the rest is as in `screen`.
    """
    options = _field_options(fields)
    text = F.coalesce(F.col(column).cast("string"), F.lit("null"))
    rows = df.select(text.alias("line"), F.lit(False).alias("no_id")).where(
        F.expr("trim(BOTH ' \t\r' FROM line) != ''")
    )
    return _run(rows, options, rules, binary, jobs)


def _field_options(fields):
    """`sangloc screen` options for `fields` (name → the record's field, or the platform)."""
    unknown = sorted(set(fields) - set(_FIELD_OPTIONS) - {"platform"})
    if unknown:
        raise TypeError(f"unknown fields {unknown}; known: links, author, platform, time")
    options = []
    for name, value in fields.items():
        if value is not None:
            options += [_FIELD_OPTIONS.get(name, "--platform"), str(value)]
    return options


def _run(rows, options, rules, binary, jobs):
    """Ships the binary and packs, screens each partition of `rows` (`line`, `no_id`) with its
    Python worker's `sangloc screen -`, and adds `categories` and the row-level error message."""
    spark = rows.sparkSession
    context = spark.sparkContext
    binary = os.path.abspath(binary or default_binary())
    if not os.access(binary, os.X_OK):
        raise FileNotFoundError(
            f"sangloc binary not found at {binary}: build it (`swift build -c release`), or pass binary= or set SANGLOC_BIN"
        )
    shipped = _staged(binary)
    context.addFile(shipped)
    context.addPyFile(os.path.abspath(__file__))  # the executors' Python workers import this module
    # `--format jsonl`: a first line such as `3` would otherwise make stdin read as plain text.
    command = [os.path.basename(shipped), "screen", "-", "--format", "jsonl", "--jobs", str(jobs)] + options
    for pack in [rules] if isinstance(rules, str) else list(rules or []):
        command += ["--rules", _ship_pack(context, pack)]

    arrow_schema = to_arrow_schema(_PARSED)

    def screen_partition(batches):
        yield from _screen_partition(batches, command, arrow_schema)

    parsed = rows.mapInArrow(screen_partition, _PARSED)
    # A post's categories are those of the hits that voted for its verdict, first seen first
    # (the `categories` column of `sangloc screen --output-format csv`).
    # An error record has no categories (its `hits` is an empty list since issue 18).
    categories = F.when(F.col("error").isNull(), F.expr(
        "array_distinct(transform(filter(hits, h -> h.verdict = verdict), h -> h.category))"))
    # sangloc's "line N" counts lines of a partition's stream, not of the caller's input.
    error = F.regexp_replace("error", r"^line [0-9]+", "record")
    return parsed.select(*[
        categories.alias("categories") if field.name == "categories"
        else error.alias("error") if field.name == "error"
        else F.col(field.name)
        for field in SCHEMA.fields
    ])


def _ship_pack(context, pack):
    """Ships a rule pack's folder (its YAML names wordlists and includes beside it) and returns
    `("shipped", folder/name)`, the YAML under an executor's SparkFiles root; `default` is
    embedded in the binary and ships nothing."""
    if pack == "default":
        return pack
    path = os.path.abspath(pack)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"rule pack not found: {pack}")
    folder = _staged(os.path.dirname(path))
    context.addFile(folder, recursive=True)
    return ("shipped", os.path.join(os.path.basename(folder), os.path.basename(path)))


def _staged(path):
    """A copy of the file or folder `path` whose name carries a hash of its contents: Spark
    ships files by name, refuses a second file of the same name, and never ships a changed
    file again, so `sangloc` and `sangloc` rebuilt, or two packs in folders of one name,
    would otherwise clash or go stale."""
    digest = hashlib.sha256()
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(folder, name) for folder, _, names in os.walk(path) for name in names
    )
    for file in files:
        digest.update(os.path.relpath(file, path).encode() + b"\0")
        with open(file, "rb") as content:
            for block in iter(lambda: content.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    target = os.path.join(_STAGING, f"{os.path.basename(path)}-{digest.hexdigest()[:16]}")
    if not os.path.exists(target):
        (shutil.copy2 if os.path.isfile(path) else shutil.copytree)(path, target)
    return target


class _Process:
    """A `sangloc screen -` that serves partition after partition: the rows go to its stdin, and
    its records come back on stdout as soon as it has read them all (it writes what it has
    whenever its input stalls), so stdin stays open and the pack compiles once."""

    def __init__(self, argv):
        # A session of its own, so that a kill reaches any process it started (a wrapper's child).
        self.popen = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        self._stderr = deque()  # its last 64 KiB or so
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()
        # A first blank line (no record): a row is never line 1, where a byte order mark would be dropped.
        self.popen.stdin.write(b"\n")

    def _read_stderr(self):
        size = 0
        for block in iter(lambda: os.read(self.popen.stderr.fileno(), 1 << 16), b""):
            self._stderr.append(block)
            size += len(block)
            while size > 1 << 16 and len(self._stderr) > 1:
                size -= len(self._stderr.popleft())

    def stderr(self):
        self._stderr_reader.join(timeout=10)
        return b"".join(self._stderr).decode("utf-8", "replace").strip()

    def alive(self):
        return self.popen.poll() is None

    def kill(self):
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except OSError:
            pass

    def stop(self, kill=False):
        """Closes its stdin (it ends, as at the end of a file) or kills it, and waits."""
        if kill:  # first: a writer blocked on the full pipe then fails instead of holding stdin
            self.kill()
        try:
            self.popen.stdin.close()
        except OSError:
            pass
        try:
            self.popen.wait(timeout=None if kill else 30)
        except subprocess.TimeoutExpired:
            self.kill()
            self.popen.wait()
        self.popen.stdout.close()

    def failure(self, what):
        """The error that fails the task: what went wrong, the command, and sangloc's stderr."""
        self.stop(kill=True)
        return RuntimeError(f"sangloc {what} ({' '.join(self.popen.args)}); its stderr:\n{self.stderr()}")


# The processes of this Python worker that serve no partition now, by command; Spark reuses a
# worker for task after task (`spark.python.worker.reuse`), and each task takes one out.
_IDLE = {}
_IDLE_LIMIT = 4
_IDLE_LOCK = threading.Lock()


def _take_process(argv):
    """This worker's idle process for `argv`, or a new one if it has none or it died."""
    with _IDLE_LOCK:
        process = _IDLE.pop(tuple(argv), None)
    if process is not None:
        if process.alive():
            return process
        process.stop()  # reaped, its pipes closed
    return _Process(argv)


def _give_back(argv, process):
    with _IDLE_LOCK:
        old = _IDLE.pop(tuple(argv), None)
        _IDLE[tuple(argv)] = process
        evicted = [_IDLE.pop(next(iter(_IDLE)))] if len(_IDLE) > _IDLE_LIMIT else []
    for extra in evicted + ([old] if old is not None else []):
        extra.stop()


@atexit.register
def _stop_idle():
    with _IDLE_LOCK:
        processes = list(_IDLE.values())
        _IDLE.clear()
    for process in processes:
        process.stop()


def _screen_partition(batches, command, arrow_schema):
    """Screens a partition with this worker's sangloc: a thread writes the rows to its stdin
    while this one turns its stdout into record batches, until it has one record per row. A
    process that fails, or writes fewer records than it was given rows, fails the task with its
    stderr; one that is left in an unknown state (the task failed or stopped early) is killed."""
    batches = iter(batches)
    first = next((batch for batch in batches if batch.num_rows), None)
    if first is None:
        return  # an empty partition starts no process (and compiles no pack)
    root = SparkFiles.getRootDirectory()
    # ("shipped", path): a file shipped with addFile, under this executor's SparkFiles root.
    argv = [os.path.join(root, command[0])] + [
        os.path.join(root, part[1]) if isinstance(part, tuple) else part for part in command[1:]
    ]
    process = _take_process(argv)
    stdin, stdout = process.popen.stdin, process.popen.stdout
    no_ids = deque()  # per input batch, which rows had a null id, in the order written
    progress = threading.Condition()
    state = {"written": 0, "done": False, "error": None}  # rows sent (counted before sending)

    def write():
        try:
            for batch in _chain(first, batches):
                if not batch.num_rows:
                    continue
                lines = pa.ListArray.from_arrays(pa.array([0, batch.num_rows], pa.int32()), batch.column(0))
                data = pc.binary_join(lines, "\n")[0].as_py().encode("utf-8") + b"\n"
                if data.count(b"\n") != batch.num_rows:
                    raise ValueError("a row holds a line break; sangloc reads one record per line")
                with progress:
                    no_ids.append(batch.column(1))
                    state["written"] += batch.num_rows
                    progress.notify()
                stdin.write(data)
                stdin.flush()
        except BrokenPipeError:
            pass  # the process ended early: its exit status and stderr tell why
        except BaseException as error:  # noqa: BLE001 - re-raised by the reading thread
            state["error"] = error
            process.kill()  # the reader may be waiting for records of rows never sent
        finally:
            with progress:
                state["done"] = True
                progress.notify()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()

    read = 0
    pending_mask = None  # the rest of the current input batch's null-id flags
    finished = False
    try:
        for chunk in _line_chunks(stdout, lambda pending, wait=True: _owed(progress, state, read + pending, wait)):
            records = pa_json.read_json(
                pa.BufferReader(chunk),
                read_options=pa_json.ReadOptions(use_threads=False, block_size=len(chunk) + 1),
                parse_options=pa_json.ParseOptions(explicit_schema=arrow_schema, unexpected_field_behavior="ignore"),
            )
            records = records.select(arrow_schema.names).cast(arrow_schema)
            if read + records.num_rows > state["written"]:
                raise process.failure(f"wrote more records than the {state['written']} rows it was given")
            # Null ids stay null (sangloc names an id-less post "-:LINE" of its stream).
            masks = []
            needed = records.num_rows
            while needed:
                if pending_mask is None or len(pending_mask) == 0:
                    pending_mask = no_ids.popleft()
                take = min(needed, len(pending_mask))
                masks.append(pending_mask.slice(0, take))
                pending_mask = pending_mask.slice(take)
                needed -= take
            no_id = pa.concat_arrays(masks) if len(masks) > 1 else masks[0]
            ids = records.column("id").combine_chunks()
            records = records.set_column(0, "id", pc.if_else(no_id, pa.scalar(None, pa.string()), ids))
            for batch in records.to_batches():
                read += batch.num_rows
                yield batch
        writer.join()
        if state["error"] is not None:
            raise state["error"]
        if read != state["written"]:
            status = process.popen.poll()
            if status is None:
                try:
                    status = process.popen.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            if status:
                raise process.failure(f"exited with status {status}")
            raise process.failure(f"wrote {read} records for {state['written']} rows")
        finished = True
    finally:
        if finished:
            _give_back(argv, process)
        else:
            process.stop(kill=True)
            writer.join()


def _owed(progress, state, read, wait=True):
    """Whether records beyond the first `read` are due for the rows sent; with `wait`, waits
    while the writer may still send more."""
    with progress:
        while wait and read == state["written"] and not state["done"]:
            progress.wait()
        return read < state["written"]


def _chain(first, rest):
    yield first
    yield from rest


def _line_chunks(stream, owed, size=1 << 22):
    """Yields the stream in pieces of about `size` bytes that end at a line end, or smaller
    where they hold every record due so far; `owed(n)` says whether records beyond `n` more
    than those yielded are due (it may wait for the writer to send more rows)."""
    buffer = bytearray()
    lines = 0  # line ends in `buffer`
    while True:
        if lines and (len(buffer) >= size or not owed(lines, wait=False)):
            end = buffer.rfind(b"\n") + 1
            yield bytes(buffer[:end])
            del buffer[:end]
            lines = 0
            continue
        if not owed(lines):
            return
        block = stream.read1(size)
        if not block:  # the process ended: the caller tells how many records are missing
            if lines:
                yield bytes(buffer[: buffer.rfind(b"\n") + 1])
            return
        buffer += block
        lines += block.count(b"\n")
