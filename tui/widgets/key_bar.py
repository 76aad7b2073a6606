"""The key bar at the bottom: the keys that work where the focus is, drawn as one line.

Textual's Footer is a container of one widget per key, recomposed at every change of
focus; on the main screen it was a sixth of the time to the first frame (0.61 → 0.51 s
without it) and it is rebuilt again at each focus change. This is one widget that
lays the same keys out as text: those of the focused widget, its parents, the screen
and the app whose binding says ``show``, one per action, and the command palette's key
at the right end. Keys that do not fit the width are left out whole, never cut. A
click on a key presses it, as on Textual's footer.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

GAP = 0  # cells between two keys beyond their own padding (two blanks, as on Textual's)
SEPARATOR = 1  # the thin bar before the palette's key


class ShownKey(NamedTuple):
    """One key as laid out: what it presses, its label, and the cells it takes."""

    key: str
    display: str
    description: str
    enabled: bool
    start: int
    end: int


class KeyBar(Widget):
    """One line of the keys available here (see the module's docstring)."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--separator {
        color: $foreground 20%;
    }
    KeyBar > .key-bar--hover {
        background: $block-hover-background;
    }
    """
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--separator",
        "key-bar--hover",
    }

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._hovered: str | None = None
        self._drawn: list[ShownKey] = []  # the keys as last drawn: what the mouse is over

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    # -- what is shown ---------------------------------------------------------------
    def _shown_bindings(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The bindings to show, one per action, in order; and the command palette's."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if not self.app.ENABLE_COMMAND_PALETTE or palette is None or palette[1].action in seen:
            return shown, None
        return shown, (palette[1], palette[2])

    def _placed(self, binding: Binding, enabled: bool, start: int) -> ShownKey:
        display = self.app.get_key_display(binding)
        description = binding.description
        label = f" {display} {description} " if description else f" {display} "
        return ShownKey(binding.key, display, description, enabled, start, start + cell_len(label))

    def shown_keys(self, width: int | None = None) -> list[ShownKey]:
        """The keys as laid out in ``width`` cells (the widget's own by default): from the
        left, and the palette's at the right end, as on Textual's footer."""
        room = self.size.width if width is None else width
        bindings, palette = self._shown_bindings()
        right: list[ShownKey] = []
        if palette is not None:
            last = self._placed(*palette, 0)
            if last.end <= room:
                width_of = last.end
                right = [last._replace(start=room - width_of, end=room)]
                room -= width_of + SEPARATOR
        keys: list[ShownKey] = []
        x = 0
        for binding, enabled in bindings:
            shown = self._placed(binding, enabled, x)
            if shown.end > room:
                break  # this one and the rest do not fit: left out whole
            keys.append(shown)
            x = shown.end + GAP
        return keys + right

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        hover = self.get_component_rich_style("key-bar--hover")
        separator = self.get_component_rich_style("key-bar--separator")
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._drawn = self.shown_keys()
        for shown in self._drawn:
            # The palette's key is parted from the others by a thin bar, as on Textual's.
            if shown.key == self.app.COMMAND_PALETTE_BINDING and shown.start > 0:
                line.append(" " * (shown.start - 1 - line.cell_len))
                line.append("▏", separator)
            elif shown.start > line.cell_len:
                line.append(" " * (shown.start - line.cell_len))
            extra = hover if shown.key == self._hovered else Style()
            extra += Style() if shown.enabled else dim
            line.append(f" {shown.display} ", key_style + extra)
            if shown.description:
                line.append(f"{shown.description} ", description_style + extra)
        return line

    # -- the mouse -------------------------------------------------------------------
    def _key_at(self, x: int) -> ShownKey | None:
        return next((k for k in self._drawn if k.start <= x < k.end), None)

    def on_click(self, event: events.Click) -> None:
        shown = self._key_at(event.x)
        if shown is None:
            return
        event.stop()
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        shown = self._key_at(event.x)
        hovered = shown.key if shown else None
        if hovered != self._hovered:
            self._hovered = hovered
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.refresh()
