# ruff: noqa: S311, PERF203 - seeded inputs; errors are counted per input
"""Throughput, memory and baseline ratios of the readers on a generated corpus.

Run from the project root (not part of the test suite)::

    python benchmarks/run.py                 # 2,000 reports per format, prints a table
    python benchmarks/run.py --write-docs    # … and writes it into docs/performance.md

Every ratio is measured in the same run on the same inputs, so the machine's speed
cancels out. When a target is missed the script profiles the reader and prints the
hottest functions as ``file:function`` for the module's owner.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import cProfile
import importlib
import io
import multiprocessing
import os
import platform
import pstats
import random
import resource
import sys
import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import lxml.html

_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent)]
sys.path.append(str(_ROOT / "src"))  # when the package is not installed

from corpus import damage, generate_reports, render_pipe  # noqa: E402

from gov_disclosure.errors import GovDisclosureError  # noqa: E402
from gov_disclosure.model import AnnualReport  # noqa: E402

_SHARED_CORPUS = _ROOT.parent / "shared" / "corpus"
_DOCS = _ROOT / "docs" / "performance.md"
_START, _END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"

Reader = Callable[[bytes], Any]

# Targets from issue 7 (checked and reported, never asserted in tests).
_TEXT_REPORTS_PER_SECOND = 1000.0
_HTML_OVER_LXML = 3.0
_VALIDATE_MS = 0.2


def _find(*dotted: str) -> Callable[..., Any] | None:
    """The first of ``module:function`` names that exists, or ``None`` (not built yet)."""
    for name in dotted:
        module_name, _, attribute = name.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, attribute, None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return None


def _readers() -> dict[str, Callable[..., Any] | None]:
    return {
        "text": _find(
            "gov_disclosure:parse_text", "gov_disclosure.api:parse_text", "gov_disclosure.readers.text:read_text"
        ),
        "html": _find("gov_disclosure.readers.html:read_html"),
        "to_text": _find("gov_disclosure.canonical:to_text"),
        "to_html": _find("gov_disclosure.html_writer:to_html"),
        "validate": _find("gov_disclosure.validate:validate"),
    }


# --------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------


def build_corpus(reports: Sequence[AnnualReport], seed: int, notes: list[str]) -> dict[str, list[bytes]]:
    """The inputs of each format, as UTF-8 bytes, generated from the same reports."""
    found = _readers()
    rng = random.Random(seed)
    formats: dict[str, list[bytes]] = {}
    to_text = found["to_text"]
    if to_text is not None:
        canonical = [to_text(r) for r in reports]
        formats["canonical text"] = [t.encode() for t in canonical]
        formats["damaged text"] = [damage(t, rng).encode() for t in canonical]
    else:
        notes.append("canonical.to_text is not built yet: canonical text skipped, damage applied to pipe text")
        formats["damaged text"] = [damage(render_pipe(r), rng).encode() for r in reports]
    formats["pipe text"] = [render_pipe(r).encode() for r in reports]
    to_html = found["to_html"]
    if to_html is not None:
        formats["html"] = [to_html(r).encode() for r in reports]
    else:
        notes.append("html_writer.to_html is not built yet: HTML skipped")
    real = sorted(p for p in _SHARED_CORPUS.glob("*") if p.suffix in {".txt", ".md"}) if _SHARED_CORPUS.is_dir() else []
    if real:
        # Few files: repeat them so the timing is as stable as the generated formats'.
        data = [p.read_bytes() for p in real]
        formats["shared corpus"] = data * max(1, 400 // len(data))
        notes.append(
            f"shared corpus: {len(data)} files from ../shared/corpus, each read {max(1, 400 // len(data))} times"
        )
    return formats


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------

_WORKER_INPUTS: list[bytes] = []
_WORKER_READER: Reader | None = None


def _read_all(reader: Reader, inputs: Sequence[bytes]) -> tuple[float, int, int, str | None]:
    """Seconds to read every input, refusals (our errors), crashes (anything else), first crash."""
    refused = crashed = 0
    first: str | None = None
    start = time.process_time()
    for data in inputs:
        try:
            reader(data)
        except GovDisclosureError:
            refused += 1
        except Exception as error:  # noqa: BLE001 - a benchmark counts crashes, it does not stop on them
            crashed += 1
            first = first or f"{type(error).__name__}: {error}"[:300]
    return time.process_time() - start, refused, crashed, first


def _worker(bounds: tuple[int, int]) -> int:
    assert _WORKER_READER is not None  # noqa: S101 - set before the fork
    _read_all(_WORKER_READER, _WORKER_INPUTS[bounds[0] : bounds[1]])
    return bounds[1] - bounds[0]


def _parallel(reader: Reader, inputs: list[bytes], processes: int) -> float:
    """Wall seconds to read ``inputs`` split over ``processes`` forked workers."""
    global _WORKER_INPUTS, _WORKER_READER  # inherited by the forked workers
    _WORKER_INPUTS, _WORKER_READER = inputs, reader
    step = -(-len(inputs) // (processes * 4))
    chunks = [(i, min(i + step, len(inputs))) for i in range(0, len(inputs), step)]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context) as pool:
        pool.submit(int).result()  # workers started before the clock
        start = time.perf_counter()
        done = sum(pool.map(_worker, chunks))
        elapsed = time.perf_counter() - start
    assert done == len(inputs)  # noqa: S101
    return elapsed


def _floor(inputs: Sequence[bytes]) -> float:
    """Decode + NFKC + splitlines: what any text reader must at least do."""
    start = time.process_time()
    for data in inputs:
        unicodedata.normalize("NFKC", data.decode("utf-8")).splitlines()
    return time.process_time() - start


def _lxml(inputs: Sequence[bytes]) -> float:
    start = time.process_time()
    for data in inputs:
        lxml.html.fromstring(data)
    return time.process_time() - start


def _pandas(inputs: Sequence[bytes]) -> float | None:
    try:
        import pandas as pd  # noqa: PLC0415 - optional, only for a comparison
    except ImportError:
        return None
    start = time.process_time()
    for data in inputs:
        with contextlib.suppress(ValueError):  # "No tables found": a legacy report
            pd.read_html(io.StringIO(data.decode("utf-8")), flavor="lxml")
    return time.process_time() - start


def _peak_memory(reader: Reader, inputs: Sequence[bytes]) -> int:
    """The largest tracemalloc peak (bytes) over single reads of the biggest inputs."""
    peak = 0
    for data in sorted(inputs, key=len)[-10:]:
        tracemalloc.start()
        with contextlib.suppress(Exception):  # crashes are reported by the timing pass
            reader(data)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak


def _profile(reader: Reader, inputs: Sequence[bytes], title: str, limit: int = 15) -> str:
    """The hottest functions (by own time) of reading ``inputs``, as ``file:line(function)``."""
    profiler = cProfile.Profile()
    profiler.enable()
    _read_all(reader, inputs)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats("tottime").print_stats(limit)
    body = "\n".join(line for line in stream.getvalue().splitlines() if line.strip())
    return f"#### Profile: {title}\n\n```\n{body}\n```\n"


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


def run(count: int, seed: int, repeat: int, processes: int) -> tuple[str, list[str], list[str]]:
    """Measure everything; return the markdown table, notes, and profiles of missed targets."""
    notes: list[str] = []
    profiles: list[str] = []
    found = _readers()
    reports = generate_reports(count, seed=seed)
    formats = build_corpus(reports, seed, notes)
    rows = [
        (
            "| format | inputs | mean KB | reports/s (1 proc) | MB/s (1 proc) | reports/s "
            f"({processes} procs) | MB/s ({processes} procs) | peak MB per read | refused | crashed |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios: list[str] = []
    for name, inputs in formats.items():
        reader = found["html"] if name == "html" else found["text"]
        if reader is None:
            notes.append(f"{name}: its reader is not built yet")
            continue
        megabytes = sum(len(d) for d in inputs) / 1e6
        serial = [_read_all(reader, inputs) for _ in range(repeat)]
        one = min(s[0] for s in serial)
        _, refused, crashed, first = serial[0]
        if first:
            notes.append(f"{name}: first crash: `{first}`")
        many = min(_parallel(reader, inputs, processes) for _ in range(repeat))
        peak = _peak_memory(reader, inputs)
        rows.append(
            f"| {name} | {len(inputs)} | {megabytes * 1000 / len(inputs):.1f} | {len(inputs) / one:,.0f} | "
            f"{megabytes / one:.2f} | {len(inputs) / many:,.0f} | {megabytes / many:.2f} | {peak / 1e6:.2f} | "
            f"{refused} | {crashed} |"
        )
        print(rows[-1], file=sys.stderr, flush=True)
        if name in {"canonical text", "damaged text", "pipe text"}:
            floor = min(_floor(inputs) for _ in range(repeat))
            ratios.append(f"| {name}: reader / (decode + NFKC + splitlines) | {one / floor:.2f}× | — |")
            rate = len(inputs) / one
            met = rate >= _TEXT_REPORTS_PER_SECOND
            ratios.append(
                f"| {name}: reports/s, 1 process (~10 KB) | {rate:,.0f} | ≥ 1,000: {'met' if met else 'MISSED'} |"
            )
            if not met:
                profiles.append(_profile(reader, inputs[:100], f"{name} reader (100 inputs)"))
        if name == "html":
            ratio = one / min(_lxml(inputs) for _ in range(repeat))
            met = ratio <= _HTML_OVER_LXML
            ratios.append(
                f"| html: read_html / lxml.html.fromstring | {ratio:.1f}× | ≤ 3×: {'met' if met else 'MISSED'} |"
            )
            if not met:
                profiles.append(_profile(reader, inputs[:100], "read_html (100 inputs)"))
            subset = inputs[:200]
            pandas_time = _pandas(subset)
            if pandas_time is None:
                notes.append("pandas is not installed: the pandas.read_html comparison was skipped")
            else:
                ours = min(_read_all(reader, subset)[0] for _ in range(repeat))
                ratio = ours / pandas_time
                ratios.append(
                    f"| html: read_html / pandas.read_html (200 inputs) | {ratio:.2f}× | "
                    f"< 1×: {'met' if ratio < 1 else 'MISSED'} |"
                )
    for label, key in (("validate", "validate"), ("to_text", "to_text")):
        function = found[key]
        if function is None:
            notes.append(f"{label} is not built yet")
            continue
        elapsed = min(_time_each(function, reports) for _ in range(repeat))
        per = elapsed * 1000 / len(reports)
        target = f"< 0.2 ms: {'met' if per < _VALIDATE_MS else 'MISSED'}" if label == "validate" else "—"
        ratios.append(f"| {label}: ms per report | {per:.3f} | {target} |")
        if label == "validate" and per >= _VALIDATE_MS:
            profiles.append(_profile(function, reports[:300], "validate (300 reports)"))  # type: ignore[arg-type]
    print(*ratios, sep="\n", file=sys.stderr, flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    notes.append(
        f"one-process figures and ratios are CPU time of this process (`time.process_time`), so other load "
        f"does not count; {processes}-process figures are wall time (load average at the end: {load})"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    notes.append(f"peak resident memory of the benchmark process: {rss:.0f} MB")
    table = "\n".join(rows) + "\n\n| ratio / measure | value | target |\n|---|---:|---|\n" + "\n".join(ratios) + "\n"
    return table, notes, profiles


def _time_each(function: Callable[[AnnualReport], object], reports: Sequence[AnnualReport]) -> float:
    start = time.process_time()
    for report in reports:
        function(report)
    return time.process_time() - start


def _markdown(table: str, notes: list[str], profiles: list[str], argv: Sequence[str]) -> str:
    command = "python benchmarks/run.py " + " ".join(argv)
    machine = f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs"
    out = [
        _START,
        f"Command: `{command.strip()}` — {machine}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        table,
    ]
    out.extend(f"- {note}" for note in notes)
    out.append("")
    out.extend(profiles)
    out.append(_END)
    return "\n".join(out)


def _write_docs(section: str) -> None:
    text = _DOCS.read_text(encoding="utf-8") if _DOCS.exists() else ""
    if _START in text and _END in text:
        head, _, rest = text.partition(_START)
        _, _, tail = rest.partition(_END)
        text = head + section + tail
    else:
        text += "\n" + section + "\n"
    _DOCS.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the table (and write it into docs with ``--write-docs``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000, help="generated reports per format (default 2000)")
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--repeat", type=int, default=3, help="timings keep the best of this many runs")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--write-docs", action="store_true", help="write the results into docs/performance.md")
    args = parser.parse_args(argv)
    table, notes, profiles = run(args.reports, args.seed, args.repeat, args.processes)
    shown = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--write-docs"]
    section = _markdown(table, notes, profiles, shown)
    print(section)
    if args.write_docs:
        _write_docs(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
