"""Pilot tests of the settings file: the theme remembered, a keymap, the measure width, the
results view, and a damaged file reported in one line and never written over."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from index.bookmarks import BookmarkStore
from index.paths import settings_file
from tests.pilot.reader_app import notifications, search, wait_until
from tui.app import SETTINGS_NOTE
from tui.screens.help import opening_problems
from tui.widgets import KeyBar, MeasureDetail

SIZE = (120, 36)
WIDE = (200, 50)  # wide enough that the measure pane is capped by the reading measure


@pytest.fixture
def settings() -> Path:
    """The settings file where the reader looks for it (the test's own config dir)."""
    return settings_file()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in notifications(app)]


def settings_messages(app, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """What the reader said about the settings file: the line ``?`` shows (the status line
    only says 设置文件有问题), and any notification naming the file."""
    said = [app.settings_problem] if app.settings_problem else []
    if said:
        assert SETTINGS_NOTE in app.screen.query_one("#status").render().plain
        assert any(said[0] in problem for problem in opening_problems(app))
    return said + [m for m in messages(app) if str(path) in m]


async def choose_theme(pilot, app, name: str) -> None:  # type: ignore[no-untyped-def]
    """As a user does: the command palette's theme switch, the theme's name, Enter."""
    app.search_themes()
    await pilot.pause()
    await pilot.press(*name)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.theme == name)


async def test_a_theme_chosen_is_saved_and_applied_at_the_next_start(make_app, settings) -> None:  # type: ignore[no-untyped-def]
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark" and not settings.exists()  # nothing to save yet
        await choose_theme(pilot, app, "textual-light")
        await pilot.pause()
        assert yaml.safe_load(settings.read_text(encoding="utf-8"))["theme"] == "textual-light"
    saved = settings.read_bytes()
    again = make_app(settings=settings)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        assert settings_messages(again, settings) == []
    assert settings.read_bytes() == saved  # applying it is not a change to save


async def test_without_a_settings_file_nothing_is_written(make_app, settings) -> None:  # type: ignore[no-untyped-def]
    app = make_app()  # settings=None: the defaults
    async with app.run_test(size=SIZE) as pilot:
        await choose_theme(pilot, app, "textual-light")
    assert not settings.exists() and not settings.parent.exists()


async def test_a_keymap_override_moves_a_binding_to_the_new_key(
    make_app, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    write(settings, "keymap:\n  main.bookmark: ctrl+b\n")
    app = make_app(settings=settings)
    store = BookmarkStore(tmp_path / "bookmarks.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.pause()
        measure = app.screen.query_one(MeasureDetail).current[1]
        await pilot.press("b")  # the old key no longer bookmarks
        await pilot.pause()
        store.load()
        assert not store.is_bookmarked(measure.id)
        await pilot.press("ctrl+b")
        await pilot.pause()
        store.load()
        assert store.is_bookmarked(measure.id)
        assert settings_messages(app, settings) == []
        shown = {k.description: k.key for k in app.screen.query_one(KeyBar).shown_keys()}
        assert shown["书签"] == "ctrl+b"  # the key bar names the new key


async def test_an_unknown_binding_id_is_reported(make_app, settings) -> None:  # type: ignore[no-untyped-def]
    write(settings, "keymap:\n  main.bookmak: ctrl+b\n  app.help: f1\n")
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert settings_messages(app, settings) == [
            f"{settings}: keymap: no binding has the id 'main.bookmak'"
        ]


def body_width(app) -> int:  # type: ignore[no-untyped-def]
    return app.screen.query_one(MeasureDetail).body.size.width


@pytest.mark.parametrize(("text", "cells"), [("", 84), ("measure_width: 30\n", 60)])
async def test_measure_width_sets_the_reading_measure(make_app, settings, text, cells) -> None:  # type: ignore[no-untyped-def]
    write(settings, text)
    app = make_app(settings=settings)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.pause()
        assert body_width(app) == cells
        assert app.screen.query_one("#detail-responsible").outer_size.width == cells  # framed


async def test_an_out_of_range_measure_width_is_clamped_and_reported(make_app, settings) -> None:  # type: ignore[no-untyped-def]
    write(settings, "measure_width: 3\n")
    app = make_app(settings=settings)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("right", "down", "down")
        await pilot.pause()
        assert body_width(app) == 20
        [message] = settings_messages(app, settings)
        assert "measure_width 3 is out of range 10–120, using 10" in message


@pytest.mark.parametrize(("text", "grouped"), [("", True), ("results_view: flat\n", False)])
async def test_results_view_is_the_view_searches_start_in(
    make_app, settings, text, grouped
) -> None:  # type: ignore[no-untyped-def]
    write(settings, text)
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        results = await search(pilot, app, "保税维修")
        assert len({hit.document_id for hit in results.hits}) == 2
        assert results.grouped is grouped
        results.focus()
        await pilot.press("v")  # v still switches
        assert results.grouped is not grouped


@pytest.mark.parametrize(
    "text",
    ["theme: nord\nkeymap: a: b\n", "theme: [nord]\n", "measure_width: wide\ntheme: nord\n"],
)
async def test_a_damaged_file_is_reported_once_and_never_overwritten(
    make_app, settings, text
) -> None:  # type: ignore[no-untyped-def]
    before = write(settings, text).read_bytes()
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"  # nothing in it is applied
        [message] = settings_messages(app, settings)
        assert "\n" not in message and "settings ignored, the file is left as it is" in message
        await choose_theme(pilot, app, "textual-light")
        await pilot.pause()
        not_saved = [m for m in messages(app) if m.startswith("主题未保存 theme not saved")]
        assert len(not_saved) == 1 and "\n" not in not_saved[0]
    assert settings.read_bytes() == before
    assert sorted(p.name for p in settings.parent.iterdir()) == ["settings.yaml"]


async def test_file_text_in_the_message_is_not_markup(make_app, settings) -> None:  # type: ignore[no-untyped-def]
    write(settings, 'theme: "[bold]nord\\e[31m"\n')  # YAML's \e: an escape character
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [message] = settings_messages(app, settings)
        assert "[bold]nord" in message and "\x1b" not in message
        assert not any(n.markup for n in notifications(app))


async def test_unknown_keys_are_reported_and_kept_when_the_theme_is_saved(
    make_app, settings
) -> None:  # type: ignore[no-untyped-def]
    write(settings, "colour: 蓝色\nresults_view: flat\n")
    app = make_app(settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert settings_messages(app, settings) == [f"{settings}: unknown key 'colour' (kept)"]
        await choose_theme(pilot, app, "textual-light")
        await pilot.pause()
    assert yaml.safe_load(settings.read_text(encoding="utf-8")) == {
        "version": 1,
        "colour": "蓝色",
        "results_view": "flat",
        "theme": "textual-light",
    }
