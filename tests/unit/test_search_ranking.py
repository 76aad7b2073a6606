"""Ranking rules that hold on every engine: pieces of one typed word side by side rank first."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library.catalog import Library
from index.search.index import SearchIndex

pytestmark = pytest.mark.usefixtures("use_engine")

APART = """电力保障工作方案（样例）

发布时间：2024-03-01

1.企业用电。企业获得支持后，按程序申请电力接入，获得审批的企业优先；电力部门做好服务，获得反馈后及时整改，电力保障到位。

2.其他事项。做好宣传工作。
"""
TOGETHER = """营商环境优化措施（样例）

发布时间：2024-04-01

1.优化办电服务。压减办理时限，让企业获得电力更便利。

2.其他事项。做好宣传工作。
"""


def test_pieces_of_one_word_side_by_side_rank_first(tmp_path: Path) -> None:
    library_dir = tmp_path / "library"
    library_dir.mkdir()
    (library_dir / "apart.txt").write_text(APART, encoding="utf-8")
    (library_dir / "together.txt").write_text(TOGETHER, encoding="utf-8")
    index = SearchIndex.open(Library.open([library_dir]))
    hits = index.search("获得电力").hits
    index.close()
    snippets = [h.snippet for h in hits]
    assert len(hits) == 2, snippets
    assert "获得电力" in hits[0].snippet, snippets  # though the other has both words thrice
