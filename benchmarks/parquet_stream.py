"""Streaming Parquet output: peak memory and time of `tonesplit label -o x.parquet`.

Runs the command line over the BBC News corpus at 1x and 16x (the 16x
corpus is 16 symbolic links to the corpus folder under a temporary folder,
read through one glob, so every id is distinct), writing Parquet and, beside
it under the same conditions, JSON Lines. Each run is its own child process;
its peak resident memory (``ru_maxrss``) is read by a wrapper process that
runs nothing else. Memory that stays flat from 1x to 16x is what "streams in
bounded memory" means.

Writes ``benchmarks/results/parquet.json`` and ``parquet.md``. Not a test.

    PYTHONPATH=src TONESPLIT_DATA_HOME=/path/to/shared/data python3 benchmarks/parquet_stream.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
seconds = time.perf_counter() - t
print(code, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _run(argv: list[str], env: dict) -> tuple[int, float, float]:
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def main() -> int:
    from tonesplit.datasets import fetch

    bbc = fetch("bbc-news", download_if_missing=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for scale in (1, 16):
            folder = tmp_path / f"x{scale}"
            folder.mkdir()
            for k in range(scale):
                (folder / f"r{k:02d}").symlink_to(bbc, target_is_directory=True)
            glob = str(folder / "*" / "*" / "*.txt")
            for fmt in ("parquet", "jsonl"):
                out = tmp_path / f"out-{scale}.{fmt}"
                argv = [sys.executable, "-m", "tonesplit", "label", glob, "-o", str(out)]
                code, seconds, peak = _run(argv, env)
                n_rows = None
                if fmt == "parquet":
                    import pyarrow.parquet as pq

                    n_rows = pq.ParquetFile(out).metadata.num_rows
                else:
                    with out.open("rb") as f:
                        n_rows = sum(1 for _ in f)
                rows.append({"format": fmt, "corpus": f"{scale}x", "exit": code,
                             "seconds": round(seconds, 2), "peak_rss_mb": round(peak),
                             "rows": n_rows, "output_mb": round(out.stat().st_size / 2**20, 1)})
                out.unlink()
                print(rows[-1], flush=True)
    meta = {"run": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "load_average": os.getloadavg()[0]}
    results = HERE / "results"
    (results / "parquet.json").write_text(json.dumps({"meta": meta, "runs": rows}, indent=2)
                                          + "\n")
    lines = ["# Streaming Parquet output", "",
             (f"Run {meta['run']} on {meta['cpus']} CPUs (load average {meta['load_average']:.1f}"
             f"), Python {meta['python']}. Produced by `benchmarks/parquet_stream.py`."), "",
             ("`tonesplit label GLOB -o out.<format>` over BBC News at 1x and 16x (one glob over "
             "16 links to the corpus), one core, each run a fresh process; peak RSS is the "
             "command's own. Parquet and JSON Lines ran under the same conditions."), "",
             "| format | corpus | rows | seconds | peak RSS (MB) | output (MB) |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['format']} | {r['corpus']} | {r['rows']:,} | {r['seconds']:.2f} | "
                     f"{r['peak_rss_mb']} | {r['output_mb']} |")
    (results / "parquet.md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
