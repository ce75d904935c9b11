import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # sangloc_spark, beside tests/
os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers use this venv's pyarrow

import sangloc_spark  # noqa: E402


@pytest.fixture(scope="session")
def binary():
    """The `sangloc` under test: `$SANGLOC_BIN` (Scripts/test sets the debug build), else the release build."""
    path = sangloc_spark.default_binary()
    if not os.access(path, os.X_OK):
        pytest.fail(f"no sangloc binary at {path}: run `swift build` and set SANGLOC_BIN, or `Scripts/setup`")
    return path


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("sangloc-spark-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        # A 2 MB corpus is read in several partitions, as a large one would be.
        .config("spark.sql.files.maxPartitionBytes", "700k")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
