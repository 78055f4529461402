"""``python -m gov_disclosure``: the command-line interface."""

from __future__ import annotations

from gov_disclosure.cli import run

if __name__ == "__main__":
    run()
