"""Pilot fixtures: a library of the two reader texts in tmp_path, and apps over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pilot.reader_app import app_factory, copy_reader_library


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return copy_reader_library(tmp_path)


@pytest.fixture
def make_app(library_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    return app_factory(library_dir, tmp_path)
