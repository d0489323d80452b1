"""CSV cells that a spreadsheet shows and never runs (CSV injection), for every CSV the admin
exports (questions, resources) and reads back."""

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value):
    """`value` as a spreadsheet shows it and never runs it: a formula-like start gets a "'"."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def unguard_cell(value):
    """The text `guard_cell` guarded, so an exported file imports back to the same words."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
