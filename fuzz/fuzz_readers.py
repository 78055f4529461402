"""Fuzz every public entry point with hostile text, bytes, HTML and JSON (Hypothesis-driven).

Run from the project root::

    python fuzz/fuzz_readers.py                      # 60 s over all targets
    python fuzz/fuzz_readers.py --seconds 600 --target read_html
    python fuzz/fuzz_readers.py --examples 5000 --seed 1

Each target draws inputs from the strategies of ``tests/test_hostile.py`` and calls
the entry point; only :class:`~gov_disclosure.errors.GovDisclosureError` may escape,
and each call must finish within ``budget(len(input))``. The first failure is shrunk
by Hypothesis to a minimal input and printed with its traceback; the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(_ROOT / "tests")]
sys.path.append(str(_ROOT / "src"))  # when the package is not installed

import test_hostile as hostile  # noqa: E402 - the strategies live with the tests

#: Inputs per Hypothesis run; the time limit is checked between runs.
_BATCH = 200

_Target = tuple[st.SearchStrategy[Any], Callable[[Any], object]]


def _targets() -> dict[str, _Target]:
    def reader(name: str) -> Callable[[Any], object]:
        return lambda data: hostile.call(name, data)

    def cli(data: bytes) -> object:
        code, _, _ = hostile.run_cli(data)
        if code not in (0, 1):
            raise AssertionError(f"exit code {code}")
        return code

    return {
        "parse": (st.one_of(hostile.hostile_texts, hostile.hostile_bytes, hostile.hostile_html), reader("parse")),
        "parse_text": (
            st.one_of(hostile.hostile_texts, hostile.hostile_bytes, hostile.damaged_canonical_texts()),
            reader("parse_text"),
        ),
        "read_html": (
            st.one_of(hostile.hostile_html, hostile.hostile_bytes, hostile.mutated_report_pages()),
            reader("read_html"),
        ),
        "from_json": (hostile.hostile_json, reader("from_json")),
        "cli": (hostile.hostile_bytes, cli),
    }


def fuzz(name: str, target: _Target, examples: int, seconds: float, seed_value: int) -> bool:
    """Run one target until ``examples`` inputs or ``seconds`` pass; ``False`` on a failure.

    Inputs come in batches of :data:`_BATCH`, each batch from its own seed, so the time
    limit is checked between batches and a run is reproducible from ``--seed``.
    """
    strategy, function = target
    deadline = time.monotonic() + seconds
    calls = 0

    @settings(
        max_examples=_BATCH,
        deadline=None,
        database=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @given(data=strategy)
    def run(data: object) -> None:
        nonlocal calls
        calls += 1
        function(data)

    batch = 0
    while calls < examples and time.monotonic() < deadline:
        try:
            seed(seed_value * 1_000_003 + batch)(run)()
        except (Exception, pytest.fail.Exception) as error:  # noqa: BLE001 - report it; the others still run
            traceback.print_exception(error, file=sys.stderr)  # with Hypothesis's falsifying example
            print(f"[{name}] FAILED after {calls} inputs: {type(error).__name__}: {error}", file=sys.stderr)
            return False
        batch += 1
    print(f"[{name}] ok: {calls} inputs in {batch} batches")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz the chosen targets; exit 1 if any failed."""
    targets = _targets()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="total time budget (default 60)")
    parser.add_argument("--examples", type=int, default=100_000, help="maximum inputs per target")
    parser.add_argument("--target", choices=sorted(targets), action="append", help="repeat to pick several")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first batch (default 0)")
    args = parser.parse_args(argv)
    chosen = args.target or sorted(targets)
    share = args.seconds / len(chosen)
    failed = [name for name in chosen if not fuzz(name, targets[name], args.examples, share, args.seed)]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
