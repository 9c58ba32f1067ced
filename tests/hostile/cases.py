"""The hostile corpus: broken and awkward input files, and what must become of each.

Every file in ``corpus/yaml/`` (read as a plan), ``corpus/csv/`` (read as Lao PDR activities
against the bundled plan) and ``corpus/funding/`` (FTS flows, or IATI activities for .xml) is
listed here exactly once. ``None`` means the file is accepted, as a
person would expect; otherwise a problem with this code must be reported on this line (0: the
file as a whole), and its message must contain the fix. Files too large to commit, and the
bundled files with a byte-order mark or other line endings, are made at test time (GENERATED_*).
The 3W files for the importer (a zip bomb, a sheet claiming every cell, formulas and links,
macros, a password, misnamed files) are made at test time too: ``hostile_imports.HOSTILE``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

from srrp.files.sheets import MAX_CELL
from srrp.files.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_VALUES
from srrp.funding.fts import MAX_JSON_DEPTH

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
BOM = b"\xef\xbb\xbf"


class Refused(NamedTuple):
    code: str
    line: int
    fix: str  # words of the message that say what to do


YAML: dict[str, Refused | None] = {
    "syntax_unclosed_quote.yaml": Refused("yaml-syntax", 19, "quote"),
    "syntax_bad_indent.yaml": Refused("yaml-syntax", 19, "indentation"),
    "syntax_missing_colon.yaml": Refused("yaml-syntax", 22, "colons"),
    "tab_indent.yaml": Refused("yaml-syntax", 4, "replace the tab with spaces"),
    "duplicate_key.yaml": Refused("duplicate-key", 8, "keep only one"),
    "duplicate_top_key.yaml": Refused("duplicate-key", 54, "keep only one"),
    "wrong_type_objectives.yaml": Refused("wrong-type", 17, "list"),
    "wrong_type_objectives_mapping.yaml": Refused("wrong-type", 18, "list"),
    "wrong_type_sources.yaml": Refused("wrong-type", 11, "list"),
    "misspelt_required_key.yaml": Refused("unknown-key", 20, "rename it to 'required'"),
    "misspelt_list_key.yaml": Refused("unknown-key", 35, "rename it to 'sub_objectives'"),
    "wrong_type_required_list.yaml": Refused("bad-amount", 8, "digits only"),
    "amount_thousands_comma.yaml": Refused("amount-as-text", 8, "digits only"),
    "amount_thousands_space.yaml": Refused("amount-as-text", 8, "digits only"),
    "amount_underscore.yaml": Refused("amount-as-text", 8, "digits only"),
    "amount_currency.yaml": Refused("amount-as-text", 8, "digits only"),
    "amount_millions.yaml": Refused("amount-as-text", 8, "digits only"),
    "amount_quoted.yaml": Refused("amount-as-text", 8, "digits only"),
    "amount_float.yaml": Refused("bad-amount", 8, "digits only"),
    "amount_octal.yaml": Refused("amount-as-text", 8, "digits only"),
    "alias_bomb.yaml": Refused("too-complex", 2, "write it out plainly"),
    "python_object_tag.yaml": Refused("unsafe-tag", 2, "only plain text"),
    "python_name_tag.yaml": Refused("unsafe-tag", 4, "only plain text"),
    "custom_tag.yaml": Refused("unsafe-tag", 8, "only plain text"),
    "deep_nesting.yaml": Refused("too-deep", 2, f"more than {MAX_DEPTH} levels"),
    "two_documents.yaml": Refused("yaml-syntax", 53, "single document"),
    "top_level_list.yaml": Refused("wrong-type", 2, "'key: value'"),
    "top_level_scalar.yaml": Refused("wrong-type", 2, "'key: value'"),
    "comments_only.yaml": Refused("empty-file", 1, "no YAML document"),
    "key_not_text.yaml": Refused("wrong-type", 7, "plain text"),
    "empty.yaml": Refused("empty-file", 1, "empty"),
    "whitespace_only.yaml": Refused("empty-file", 1, "empty"),
    "binary.yaml": Refused("not-text", 3, "not a text file"),
    "utf16.yaml": Refused("not-text", 1, "not a text file"),
    "control_character.yaml": Refused("not-text", 4, "delete it"),
    "latin1.yaml": Refused("encoding", 15, "save the file as UTF-8"),
}

CSV: dict[str, Refused | None] = {
    "good.csv": None,
    "bom.csv": None,
    "crlf.csv": None,
    "bom_crlf.csv": None,
    "blank_rows.csv": None,
    "extra_column.csv": None,
    "semicolons.csv": None,
    "without_hxl.csv": None,
    "header_only.csv": None,
    "columns_reordered.csv": None,
    "formulas.csv": None,  # the data is the data: texts that are formulas are read verbatim
    "required_columns_only.csv": None,
    "header_padded.csv": None,
    "missing_column.csv": Refused("missing-column", 1, "the header must name"),
    "misspelt_column.csv": Refused("missing-column", 1, "did you mean 'admin1_nmae'"),
    "too_many_cells.csv": Refused("csv-syntax", 4, "stray ','"),
    "unclosed_quote.csv": Refused("csv-syntax", 3, "two quotes"),
    "latin1.csv": Refused("encoding", 4, "CSV UTF-8"),
    "cp1252_quotes.csv": Refused("encoding", 3, "CSV UTF-8"),
    "negative_number.csv": Refused("bad-number", 4, "whole number of at least 0"),
    "text_number.csv": Refused("bad-number", 4, "whole number of at least 0"),
    "grouped_number.csv": Refused("number-as-text", 4, "15831"),
    "currency_number.csv": Refused("bad-number", 4, "whole number of at least 0"),
    "decimal_number.csv": Refused("bad-number", 3, "whole number of at least 0"),
    "share_over_100.csv": Refused("bad-share", 3, "from 0 to 100"),
    "share_with_percent.csv": Refused("bad-share", 3, "without the % sign"),
    "bad_date.csv": Refused("bad-date", 3, "YYYY-MM-DD"),
    "end_before_start.csv": Refused("end-before-start", 3, "ends (2021-01) before it starts"),
    "unknown_province.csv": Refused("unknown-province", 4, "nearest known: Savannakhet"),
    "unknown_pcode.csv": Refused("unknown-province", 4, "LA99"),
    "pcode_mismatch.csv": Refused("unknown-province", 3, "correct one of them"),
    "unknown_sub_objective.csv": Refused("unknown-sub-objective", 4, "did you mean '3.3'"),
    "unknown_country.csv": Refused("unknown-country", 3, "known: LAO, LSO"),
    "unknown_source.csv": Refused("unknown-source", 3, "not listed under 'sources'"),
    "missing_source.csv": Refused("unknown-source", 3, "needs its source"),
    "missing_project.csv": Refused("missing-value", 3, "every row needs one"),
    "hxl_misplaced.csv": Refused("hxl-misplaced", 3, "right under the header row"),
    "hxl_at_end.csv": Refused("hxl-misplaced", 4, "right under the header row"),
    "empty.csv": Refused("empty-file", 1, "needs at least the header row"),
    "whitespace_only.csv": Refused("empty-file", 1, "needs at least the header row"),
    "binary.csv": Refused("not-text", 1, "not a text file"),
}

FUNDING: dict[str, Refused | None] = {
    "fts_good.csv": None,
    "fts_formulas.csv": None,
    "fts_missing_column.csv": Refused("missing-column", 1, "the header must name amountUSD"),
    "fts_amount_text.csv": Refused("bad-amount", 3, "digits only"),
    # a carriage return in a donor's name, not in quotes: the row ends there
    "fts_stray_line_break.csv": Refused("csv-syntax", 2, "put that cell in quotes"),
    "fts_no_flows.json": Refused("not-fts", 1, "flow/custom-search"),
    "fts_nested_1000.json": Refused("too-deep", 1, f"more than {MAX_JSON_DEPTH} levels"),
    "iati_good.xml": None,
    "iati_not_iati.xml": Refused("not-iati", 1, "is this an IATI activity file"),
    "iati_entity_expansion.xml": Refused("unsafe-xml", 2, "download the file again"),
    "iati_unknown_currency.xml": Refused("unknown-currency", 3, "ISO 4217"),
}


def _plan() -> bytes:
    return (ROOT / "data" / "plan_2021.yaml").read_bytes()


def _activities() -> bytes:
    return (ROOT / "data" / "lao_activities.csv").read_bytes()


def _flat(count: int) -> bytes:
    return "".join(f"k{i}: v\n" for i in range(count)).encode()


# name → (how to make it, what must become of it)
GENERATED_YAML = {
    "bundled_bom.yaml": (lambda: BOM + _plan(), None),
    "bundled_crlf.yaml": (lambda: _plan().replace(b"\n", b"\r\n"), None),
    "bundled_bom_crlf.yaml": (lambda: BOM + _plan().replace(b"\n", b"\r\n"), None),
    "bundled_cr.yaml": (lambda: _plan().replace(b"\n", b"\r"), None),
    "huge.yaml": (lambda: b"# padding\n" * (MAX_BYTES // 10 + 1),
                  Refused("too-large", 0, "is it the right file?")),
    "flow_nesting_100k.yaml": (lambda: b"plan: " + b"[" * 100_000,
                               Refused("too-deep", 1, f"more than {MAX_DEPTH} levels")),
    "block_nesting.yaml": (lambda: b"".join(b" " * i + b"- \n" for i in range(900)),
                           Refused("too-deep", 0, "nested too deeply")),
    "too_many_values.yaml": (lambda: _flat(MAX_VALUES),
                             Refused("too-complex", MAX_VALUES // 2, "right file")),
}

GENERATED_CSV = {
    "bundled_bom_crlf.csv": (lambda: BOM + _activities().replace(b"\n", b"\r\n"), None),
    "bundled_blank_rows.csv": (lambda: _activities().replace(b"\n", b"\n\n"), None),
    "bundled_cr.csv": (lambda: _activities().replace(b"\n", b"\r"), None),  # classic Mac
    # a stray carriage return ends a line, as in a spreadsheet: the row is split in two
    "cr_in_a_cell.csv": (lambda: _activities().replace(b"\n#", b"\n#\r", 1),
                         Refused("unknown-country", 3, "has no gazetteer")),
    "long_note.csv": (lambda: _long_note(""), Refused("cell-too-long", 3, "shorten it")),
    # a note over two lines sends the file to the parser that reads records one by one
    "long_note_over_lines.csv": (lambda: _long_note("two\nlines"),
                                 Refused("cell-too-long", 3, f"{MAX_CELL:,} characters")),
}


def _long_note(second: str) -> bytes:
    """The bundled file with a note longer than a cell may hold on its first row, and
    ``second`` as the note of its second."""
    rows = list(csv.reader(io.StringIO(_activities().decode())))
    rows[2][-1], rows[3][-1] = "x" * (MAX_CELL + 1), second or "short"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def yaml_cases() -> dict[str, tuple]:
    """name → (content, expected) for every YAML case, committed and generated."""
    cases = {name: (lambda n=name: (CORPUS / "yaml" / n).read_bytes(), want)
             for name, want in YAML.items()}
    return {**cases, **GENERATED_YAML}


def csv_cases() -> dict[str, tuple]:
    cases = {name: (lambda n=name: (CORPUS / "csv" / n).read_bytes(), want)
             for name, want in CSV.items()}
    return {**cases, **GENERATED_CSV}


def _fts_long_description() -> bytes:
    rows = (CORPUS / "funding" / "fts_good.csv").read_bytes().split(b"\n")
    return b"\n".join([rows[0], rows[1].replace(b"Luxembourg", b"x" * MAX_CELL), *rows[2:]])


GENERATED_FUNDING = {
    # FTS's descriptions can be long; one longer than a cell may hold was refused as an open quote
    "fts_long_description.csv": (_fts_long_description,
                                 Refused("cell-too-long", 2, f"{MAX_CELL:,} characters")),
    # objects in objects, 100,000 deep: refused before Python's parser recurses
    "fts_nested_objects.json": (lambda: b'{"data": {"flows": [], "x": ' + b'{"a": ' * 100_000,
                                Refused("too-deep", 1, "right file")),
}


def funding_cases() -> dict[str, tuple]:
    cases = {name: (lambda n=name: (CORPUS / "funding" / n).read_bytes(), want)
             for name, want in FUNDING.items()}
    return {**cases, **GENERATED_FUNDING}
