"""The settings file: defaults, checks, one-line messages, saving that keeps what it must."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import yaml

import tui.settings as settings_module
from index.files import file_lock
from index.paths import settings_file
from tui.settings import (
    MEASURE_WIDTH,
    Settings,
    SettingsNotSavedError,
    load_settings,
    save_setting,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.yaml"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_the_settings_file_is_in_the_config_dir_of_the_test(
    isolated_user_dirs: Path,
) -> None:
    assert settings_file() == isolated_user_dirs / "config" / "policy-tui" / "settings.yaml"


def test_a_missing_file_means_the_defaults_and_is_not_created(path: Path) -> None:
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.settings.measure_width == MEASURE_WIDTH == 42
    assert loaded.settings.results_view == "grouped"
    assert loaded.damaged is None and loaded.message() is None
    assert not path.exists() and not path.parent.exists()


def test_every_key_is_read(path: Path) -> None:
    write(
        path,
        "version: 1\ntheme: textual-light\nkeymap:\n  main.bookmark: ctrl+b\n"
        "measure_width: 30\nresults_view: flat\n",
    )
    loaded = load_settings(path)
    assert loaded.settings == Settings("textual-light", {"main.bookmark": "ctrl+b"}, 30, "flat")
    assert loaded.message() is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("theme: nord\nkeymap: a: b\n", "is not valid YAML (line 2)"),
        ("- theme\n- dark\n", "holds a list, not a mapping of settings"),
        ("theme: 5\n", "theme should be a theme's name"),
        ("keymap: ctrl+b\n", "keymap should map binding ids to keys"),
        ("keymap:\n  main.bookmark: [b]\n", "keymap entry 'main.bookmark'"),
        ("measure_width: wide\n", "measure_width should be a whole number"),
        ("measure_width: true\n", "measure_width should be a whole number"),
        ("results_view: [flat]\n", "results_view should be grouped or flat"),
        ("version: 99\ntheme: nord\n", "was written by a newer policy-tui"),
    ],
)
def test_a_damaged_file_is_ignored_with_one_line(path: Path, text: str, reason: str) -> None:
    write(path, text)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.damaged is not None and reason in loaded.damaged
    message = loaded.message()
    assert message is not None and "\n" not in message
    assert message.startswith(f"{path}: ") and "left as it is" in message


def test_a_file_that_is_not_utf8_is_damaged(path: Path) -> None:
    write(path, "theme: 北京".encode("gb18030"))
    assert "is not UTF-8" in (load_settings(path).damaged or "")


def test_a_folder_or_a_fifo_is_not_a_settings_file(path: Path) -> None:
    path.mkdir(parents=True)
    assert load_settings(path).damaged == "is a directory"
    path.rmdir()
    os.mkfifo(path)  # opening it for reading would hang: it must never be opened
    assert load_settings(path).damaged == "is a named pipe, not a regular file"


def test_an_unreadable_file_is_damaged(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(path, "theme: nord\n")

    def refuse(*_args: object, **_kwargs: object) -> int:  # as for mode 0, even as root
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    assert load_settings(path).damaged == "permission denied"
    with pytest.raises(SettingsNotSavedError):
        save_setting(path, "theme", "nord")


def test_an_empty_file_or_only_comments_means_the_defaults(path: Path) -> None:
    write(path, "# nothing yet\n")
    loaded = load_settings(path)
    assert loaded.settings == Settings() and loaded.damaged is None


def test_unknown_keys_and_out_of_range_values_are_reported_not_fatal(path: Path) -> None:
    write(path, "colour: blue\nmeasure_width: 500\nresults_view: tiles\ntheme: nord\n")
    loaded = load_settings(path)
    assert loaded.damaged is None
    assert loaded.settings.theme == "nord"
    assert loaded.settings.measure_width == 120  # clamped
    assert loaded.settings.results_view == "grouped"
    message = loaded.message()
    assert message is not None and "\n" not in message
    assert "unknown key 'colour'" in message
    assert "measure_width 500 is out of range 10–120, using 120" in message
    assert "results_view 'tiles'" in message


def test_a_width_below_the_range_is_clamped_up(path: Path) -> None:
    write(path, "measure_width: 2\n")
    assert load_settings(path).settings.measure_width == 10


def test_saving_creates_the_file_with_a_version(path: Path) -> None:
    save_setting(path, "theme", "textual-light")
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == {
        "version": 1,
        "theme": "textual-light",
    }
    assert load_settings(path).settings.theme == "textual-light"
    assert path.stat().st_mode & 0o777 == 0o600


def test_saving_keeps_every_other_key_unknown_ones_too(path: Path) -> None:
    write(path, "colour: 蓝色\nkeymap:\n  main.bookmark: ctrl+b\ntheme: nord\nfuture: [1, 2]\n")
    save_setting(path, "theme", "textual-light")
    text = path.read_text(encoding="utf-8")
    assert "蓝色" in text  # allow_unicode: Chinese stays readable
    assert yaml.safe_load(text) == {
        "version": 1,
        "colour": "蓝色",
        "keymap": {"main.bookmark": "ctrl+b"},
        "theme": "textual-light",
        "future": [1, 2],
    }
    assert (path.parent / "settings.yaml.bak").read_text(encoding="utf-8").startswith("colour")


def test_saving_reads_the_file_again_first(path: Path) -> None:
    write(path, "theme: nord\n")
    load_settings(path)
    write(path, "theme: nord\nresults_view: flat\n")  # edited by hand meanwhile
    save_setting(path, "theme", "gruvbox")
    assert load_settings(path).settings.results_view == "flat"


@pytest.mark.parametrize("text", ["theme: [unclosed\n", "theme: 5\n", "version: 2\n"])
def test_a_damaged_file_is_never_overwritten(path: Path, text: str) -> None:
    before = write(path, text).read_bytes()
    with pytest.raises(SettingsNotSavedError) as raised:
        save_setting(path, "theme", "textual-light")
    assert "\n" not in str(raised.value) and "left as it is" in str(raised.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.yaml"]


def test_a_read_only_file_is_refused_in_one_line(path: Path) -> None:
    write(path, "theme: nord\n").chmod(0o444)
    with pytest.raises(SettingsNotSavedError) as raised:
        save_setting(path, "theme", "textual-light")
    assert str(raised.value).startswith(f"{path}: is read-only")
    assert path.read_text(encoding="utf-8") == "theme: nord\n"


def test_two_readers_saving_at_once_keep_both_changes(path: Path) -> None:
    """A save waits for another reader's save (the lock beside the file) and reads the
    file after it: without the lock it would have written its older copy over it."""
    write(path, "measure_width: 30\n")
    lock = path.with_name(path.name + ".lock")
    with file_lock(lock, timeout=1.0):
        saving = threading.Thread(target=save_setting, args=(path, "theme", "nord"))
        saving.start()
        time.sleep(0.3)  # unlocked, the save would be done by now
        assert saving.is_alive()
        save_in_place = path.read_text(encoding="utf-8") + "results_view: flat\n"
        path.write_text(save_in_place, encoding="utf-8")  # the other reader's save
    saving.join(timeout=5)
    chosen = load_settings(path).settings
    assert (chosen.theme, chosen.results_view, chosen.measure_width) == ("nord", "flat", 30)


def test_a_save_that_cannot_get_the_lock_says_so_in_one_line(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(path, "theme: nord\n")
    monkeypatch.setattr(settings_module, "SAVE_LOCK_TIMEOUT", 0.1)
    with file_lock(path.with_name(path.name + ".lock"), timeout=1.0):
        with pytest.raises(SettingsNotSavedError) as raised:
            save_setting(path, "theme", "textual-light")
    assert "another policy-tui is saving" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert load_settings(path).settings.theme == "nord"
