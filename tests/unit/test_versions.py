"""index.versions: the version pip recorded, without importlib.metadata, and the same answer."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from index.versions import installed_version


@pytest.mark.parametrize("name", ["rjieba", "zhconv-rs", "PyYAML", "pyyaml", "whoosh-reloaded"])
def test_the_same_version_as_importlib(name: str) -> None:
    assert installed_version(name) == importlib.metadata.version(name)


def test_names_are_compared_as_pip_normalises_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = tmp_path / "Foo.Bar_baz-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: Foo.Bar_baz\nVersion: 1.2.3\n\nbody Version: 9\n"
    )
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(tmp_path)])
    assert installed_version("foo-bar-baz") == "1.2.3"
    assert installed_version("foo-bar") is None
