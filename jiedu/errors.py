"""One error type for everything a user can fix: it always says where."""

from __future__ import annotations

from pathlib import Path


class JieduError(Exception):
    """A problem in the user's input, located by file, line and (optionally) column."""

    def __init__(
        self, path: str | Path, message: str, line: int | None = None, column: int | None = None
    ):
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        # Raised in a worker process, it travels back to the build pickled.
        return type(self), (self.path, self.message, self.line, self.column)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"
