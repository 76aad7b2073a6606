"""Redraw the README's screenshots: `python docs/screenshots.py` (from the checkout).

The reader over docs/samples at 120×36: a search for 保税维修 (results grouped by
document) → docs/screenshot.svg, then `C`, the best hit of each document side by
side → docs/screenshot-compare.svg. The library and index are built in a temp dir.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))


async def draw(cache: Path) -> None:
    from index.library.catalog import Library
    from index.search.index import SearchIndex
    from tui.app import PolicyApp

    library = Library.open([DOCS / "samples"], cache_dir=cache, for_display=True)
    search = SearchIndex.open(library, index_dir=cache / "search")
    app = PolicyApp(library=library, search=search, bookmarks=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash", *"保税维修")
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        (DOCS / "screenshot.svg").write_text(app.export_screenshot(), encoding="utf-8")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause(0.5)
        (DOCS / "screenshot-compare.svg").write_text(app.export_screenshot(), encoding="utf-8")
    search.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[name] = str(Path(tmp) / name.lower())
        asyncio.run(draw(Path(tmp) / "cache"))
    print("wrote docs/screenshot.svg and docs/screenshot-compare.svg")


if __name__ == "__main__":
    main()
