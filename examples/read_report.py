"""Read a report, print its metadata and a few cells, and show what the reader repaired.

Run: python examples/read_report.py [FILE]   (default: examples/report-2019.txt)
"""

from __future__ import annotations

import sys
from pathlib import Path

from gov_disclosure import Blank, Count, read_file


def main() -> None:
    """Print a report's metadata, some cells and its diagnostics."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("report-2019.txt")
    result = read_file(path)
    report = result.report
    print(f"{report.agency} {report.year} ({report.edition.value})")
    received = report.cell("requests.new_received.total")
    if isinstance(received, Count):
        print(f"new requests: {received.value}")
    elif isinstance(received, Blank):
        print("new requests: not reported (blank is never zero)")
    for diagnostic in result.diagnostics:
        print(diagnostic)


if __name__ == "__main__":
    main()
