"""Lists that follow the server's cursors.

A list call answers a :class:`CursorPage`: the first page is fetched at once, and iterating the page
walks every item of every following page, fetching each page when it is reached (as
openai-python's auto-pagination does). ``page.items`` and ``page.next_cursor`` are the page alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

# Fetches the page after `cursor` (None: the first) and answers its items and the next cursor.
PageFetcher = Callable[[str | None], tuple[list[T], str | None]]


class CursorPage(Generic[T]):
    """One page of a list, iterable over all items from this page on."""

    def __init__(self, fetch: PageFetcher[T], cursor: str | None = None) -> None:
        self._fetch = fetch
        self.items, self.next_cursor = fetch(cursor)

    def has_next_page(self) -> bool:
        """True when the server said more items follow."""
        return self.next_cursor is not None

    def next_page(self) -> CursorPage[T]:
        """The following page; raises StopIteration after the last one."""
        if self.next_cursor is None:
            raise StopIteration("no page after this one")
        return CursorPage(self._fetch, self.next_cursor)

    def iter_pages(self) -> Iterator[CursorPage[T]]:
        """This page and each following one."""
        page: CursorPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items

    def __repr__(self) -> str:
        return f"CursorPage(items={len(self.items)}, next_cursor={self.next_cursor!r})"
