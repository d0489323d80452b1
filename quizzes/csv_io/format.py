"""The question CSV format: columns, limits, list cells, reading the bytes of a file."""

import re

from ..models import Choice

COLUMNS = (
    "quiz",
    "kind",
    "text",
    "choices",
    "correct",
    "explanation",
    "feedback",
    "step",
    "source",
    "position",
)
REQUIRED_COLUMNS = ("quiz", "kind", "text", "choices", "correct", "explanation")
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
LIST_SEPARATOR = " | "
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
CHOICE_MAX_LENGTH = Choice._meta.get_field("text").max_length


class CsvFileError(ValueError):
    """The file cannot be read as a question CSV at all (encoding, layout, size)."""


class ImportRejected(Exception):
    """Some row is not valid: nothing was saved. `plan` holds the row-by-row errors."""

    def __init__(self, plan):
        super().__init__("The file has errors; nothing was imported.")
        self.plan = plan


def split_list(cell):
    """The items of a " | " separated cell ("\\|" stands for a "|" inside an item)."""
    if not cell.strip():
        return []
    return [part.strip().replace("\\|", "|") for part in _UNESCAPED_PIPE.split(cell)]


def join_list(items):
    return LIST_SEPARATOR.join(item.replace("|", "\\|") for item in items)


def decode(data: bytes) -> str:
    """The text of an uploaded file: UTF-8, with or without a byte order mark."""
    if len(data) > MAX_BYTES:
        raise CsvFileError(f"The file is larger than {MAX_BYTES // 1024} KB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Save it as “CSV UTF-8” and upload it again."
        ) from None
    if "\x00" in text:
        raise CsvFileError("The file is not a text file. Upload a CSV file saved as UTF-8.")
    return text
