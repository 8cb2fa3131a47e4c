"""The views committed in viz/ are the ones `kg viz` writes today (a reader of the repository sees the real thing)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli.main import cli

VIZ = Path(__file__).resolve().parents[2] / "viz"


def test_committed_views_are_what_kg_viz_writes(tmp_path, monkeypatch):
    """Regenerate with: kg viz --out viz --unit 县法院 --unit 县市场监管局"""
    monkeypatch.delenv("KG_LANG", raising=False)
    result = CliRunner().invoke(cli, ["viz", "--out", str(tmp_path), "--unit", "县法院", "--unit", "县市场监管局"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in VIZ.glob("*.html"))
    stale = [name for name in written if (tmp_path / name).read_bytes() != (VIZ / name).read_bytes()]
    assert stale == [], "viz/ is stale: run kg viz --out viz --unit 县法院 --unit 县市场监管局"
