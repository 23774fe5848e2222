"""Progress bars (tqdm) for uploads and downloads."""

from __future__ import annotations

import io
from typing import Any, BinaryIO, Protocol

from tqdm.auto import tqdm


class Progress(Protocol):
    def update(self, n: int) -> Any: ...
    def close(self) -> Any: ...


class _Silent:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(*, total: int | None, description: str, enabled: bool) -> Progress:
    """A byte counter on stderr, or one that shows nothing when disabled."""
    if not enabled:
        return _Silent()
    bar: Progress = tqdm(total=total, desc=description, unit="B", unit_scale=True, unit_divisor=1024, leave=False)
    return bar


class CountingReader(io.RawIOBase):
    """Wraps a file opened for reading and reports every chunk read to a progress bar.

    httpx streams a multipart part by reading its file object in chunks, so the bar moves as the
    bytes leave rather than when the whole file was read into memory.
    """

    def __init__(self, raw: BinaryIO, progress: Progress) -> None:
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        self._progress.update(len(chunk))
        return chunk

    def readinto(self, buffer: Any) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()
        super().close()
