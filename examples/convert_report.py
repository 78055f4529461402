"""Convert a report to canonical text, JSON and the cells CSV, and check the round trips.

Run: python examples/convert_report.py [FILE]   (default: examples/report-2021.md)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from gov_disclosure import from_json, iter_cells, parse, read_file, to_json, to_text, write_cells_csv


def main() -> None:
    """Write the three forms of a report and show that each reads back to the same model."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("report-2021.md")
    report = read_file(path).report
    text = to_text(report)
    assert parse(text).report == report, "canonical text reads back to the same report"
    assert from_json(to_json(report)) == report, "JSON reads back to the same report"
    stream = io.StringIO()
    write_cells_csv(iter_cells(report), stream, str(path))
    print(text.splitlines()[0])
    print(f"{len(text.splitlines())} lines of canonical text, {len(to_json(report))} characters of JSON")
    print(f"{len(stream.getvalue().splitlines()) - 1} cells exported")


if __name__ == "__main__":
    main()
