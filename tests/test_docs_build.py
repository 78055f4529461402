"""The documentation site builds with no warning (mkdocs --strict), API pages included."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent.parent

#: What mkdocs.yml needs: mkdocs, the mkdocstrings python handler (griffe) and autorefs.
_NEEDED = ("mkdocs", "mkdocstrings", "mkdocstrings_handlers.python", "mkdocs_autorefs", "griffe")


def _has_module(name: str) -> bool:
    """Whether ``name`` can be imported (a missing parent package counts as missing)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


_MISSING = [name for name in _NEEDED if not _has_module(name)]


@pytest.mark.skipif(bool(_MISSING), reason=f"the docs build needs gov-disclosure[docs] (missing: {_MISSING})")
class TestDocsBuild:
    """`mkdocs build --strict` succeeds."""

    def test_strict_build(self, tmp_path: Path) -> None:
        """Every page, link and API reference resolves; the site has the API and CLI pages."""
        site = tmp_path / "site"
        env = {**os.environ, "PYTHONPATH": str(_ROOT / "src")}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=_ROOT,
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        assert (site / "api" / "index.html").is_file()
        cli_page = (site / "cli" / "index.html").read_text(encoding="utf-8")
        assert "--jobs" in cli_page
