"""Questions as CSV: the format authors import and export in the admin (docs/question-csv.md).

`read_plan()` checks a file row by row against the database and says what an import would do;
`import_questions()` does it in one transaction, only when every row is valid; `export_csv()`
writes questions in the same format, so a file exported and imported again changes nothing.
"""

from .exporter import export_csv, export_row, questions_for_export
from .format import (
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    CsvFileError,
    ImportRejected,
    decode,
    join_list,
    split_list,
)
from .importer import import_questions
from .plan import ImportPlan, Row, read_plan

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "CsvFileError",
    "ImportPlan",
    "ImportRejected",
    "Row",
    "decode",
    "export_csv",
    "export_row",
    "import_questions",
    "join_list",
    "questions_for_export",
    "read_plan",
    "split_list",
]
