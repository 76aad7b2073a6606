"""Back/forward through visited measures, like a browser."""

from __future__ import annotations


class History:
    def __init__(self, limit: int = 500) -> None:
        self._items: list[str] = []
        self._index = -1
        self._limit = limit

    def visit(self, item: str) -> None:
        if 0 <= self._index < len(self._items) and self._items[self._index] == item:
            return
        del self._items[self._index + 1 :]
        self._items.append(item)
        if len(self._items) > self._limit:
            del self._items[0]
        self._index = len(self._items) - 1

    def back(self) -> str | None:
        if self._index <= 0:
            return None
        self._index -= 1
        return self._items[self._index]

    def forward(self) -> str | None:
        if self._index >= len(self._items) - 1:
            return None
        self._index += 1
        return self._items[self._index]
