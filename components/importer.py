"""The import page's building blocks: upload a 3W/4W/5W file, see how it is read, correct the
mapping and the places, and add its accepted rows to the dashboard as a new activity file.

Nothing is written until "Add to the dashboard" is clicked, and then only a new file: the
files already in the data folder are never edited. Every page follows at once, because the
data are cached on the activity files present (components.view).
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from components.access import editor_only, said_in, who
from components.notices import problems_box
from components.view import data_dir
from srrp.files.sheets import Book, open_book
from srrp.files.store import SaveRefused
from srrp.intake.imports import ImportRefused
from srrp.intake.mapping import FIELDS, Mapping, parse_mapping
from srrp.intake.rows import Intake, Place, default_sheet, look_at_sheets, read_book, write_import
from srrp.places.gazetteer import ALT_NAMES, Gazetteer, load_gazetteers
from srrp.places.matching import add_alternative, remove_alternative
from srrp.problems import InvalidData, summarised
from srrp.view import View
from visuals.spreadsheet import to_csv
from visuals.wording import md

MAX_BYTES = 50 * 1024 * 1024  # 50 MB: a 3W of 100,000 rows is a tenth of that
LARGE = 1024 * 1024  # from here, reading takes seconds: show its progress
PREVIEW_ROWS = 20
NEAR_MISSES_SHOWN = 20
REASONS_SHOWN = 15
UPLOAD, MAPPING_FILE, SHEET, COUNTRY, HEADER_ROW, EDITOR = (
    "import_upload", "import_mapping_file", "import_sheet", "import_country", "import_header_row",
    "import_columns")
FLASH, DONE, CACHE = "import_flash", "import_done", "import_cache"
NO_FIELD = "(not used)"
SUGGESTION = re.compile(r"\(([^()]+)\)$")  # 'Borno (NG008)' → NG008


@st.cache_resource(max_entries=4, show_spinner=False)
def _gazetteers(folder: str, version: tuple) -> dict[str, Gazetteer]:
    return load_gazetteers(Path(folder))


def gazetteers() -> dict[str, Gazetteer]:
    """The data folder's gazetteers, read again when a confirmed spelling is added."""
    folder = data_dir() / "gazetteer"
    version = tuple(p.stat().st_mtime_ns if p.exists() else 0
                    for p in (folder / "countries.csv", folder / ALT_NAMES))
    return _gazetteers(str(folder), version)


def upload() -> tuple[str, bytes] | None:
    """The uploaded file's name and bytes, or None (nothing uploaded, or too large)."""
    file = st.file_uploader("A 3W, 4W or 5W file (Excel workbook or CSV), an OCHA FTS export "
                            "or API page (CSV or JSON), or IATI activities (XML); up to 50 MB",
                            type=["xlsx", "xlsm", "xls", "csv", "txt", "json", "xml"],
                            key=UPLOAD)
    if file is None:
        return None
    if file.size > MAX_BYTES:
        st.error(f"'{file.name}' is {file.size / 1e6:,.1f} MB, more than the 50 MB the page "
                 "accepts. Save the data sheet alone as CSV, or use `python -m srrp import`.")
        return None
    return file.name, file.getvalue()


def _cached(key: tuple, compute):
    """One answer per choice, kept for this session: the page reruns on every click."""
    cache = st.session_state.setdefault(CACHE, {})
    if key not in cache:
        if len(cache) > 8:
            cache.clear()
        cache[key] = compute()
    return cache[key]


def opened(name: str, raw: bytes) -> Book | None:
    digest = hashlib.sha256(raw).hexdigest()
    try:
        return _cached(("book", digest, name), lambda: open_book(raw, name))
    except InvalidData as err:
        problems_box(err.problems, f"'{name}' cannot be read; nothing was imported.")
        return None


def mapping_file() -> Mapping | None:
    """A mapping saved from an earlier import, when one is uploaded."""
    file = st.file_uploader("A saved mapping (YAML), for a file shaped like an earlier one",
                            type=["yaml", "yml"], key=MAPPING_FILE)
    if file is None:
        return None
    try:
        return parse_mapping(file.getvalue().decode("utf-8", errors="replace"), file.name)
    except InvalidData as err:
        problems_box(err.problems, "The mapping has problems, so it is not used.")
        return None


def choices(book: Book, saved: Mapping | None, places: dict[str, Gazetteer]) -> dict:
    """Sheet, country and header row, with the file's own as defaults."""
    sheet_col, country_col, row_col = st.columns([2, 2, 1])
    looks = _cached(("sheets", id(book)), lambda: look_at_sheets(book))
    default = saved.sheet if saved and saved.sheet in book.sheet_names else \
        default_sheet(book, looks)
    sheet = sheet_col.selectbox("Sheet", book.sheet_names, key=SHEET,
                                index=book.sheet_names.index(default),
                                help="The sheet whose rows fill the most fields (people "
                                "figures weighing most) is chosen first")
    others = [look.describe() for look in looks if look.name != sheet]
    if others:
        st.caption(md("The other sheets: " + "; ".join(others) + "."))
    countries = ["", *places]
    country = country_col.selectbox("Country", countries, key=COUNTRY,
                                    format_func=lambda c: "From the file" if not c else
                                    f"{places[c].country} ({c})")
    header_row = row_col.number_input("Column names on row", min_value=0, max_value=20,
                                      value=0, key=HEADER_ROW,
                                      help="0: found from the file")
    return {"sheet": sheet, "country": country or None, "header_row": header_row or None}


def read(book: Book, size: int, places: dict[str, Gazetteer], view: View, picked: dict,
         mapping: Mapping) -> Intake | None:
    """The file read with the choices made; a progress bar while a large one is read."""
    mapping = Mapping(mapping.columns, picked["sheet"], picked["header_row"] or
                      mapping.header_row, mapping.date_order, picked["country"] or
                      mapping.country)
    key = ("intake", id(book), id(places), mapping.to_yaml(), picked.get("round"))
    fresh = key not in st.session_state.get(CACHE, {})
    bar = st.progress(0.0, text="Reading…") if fresh and size > LARGE else None
    try:
        return _cached(key, lambda: read_book(
            book, places, plan=view.baseline.plan, sheet=picked["sheet"], mapping=mapping,
            default_round=picked.get("round"),
            progress=(lambda done, what: bar.progress(done, text=what)) if bar else
            (lambda done, what: None)))
    except InvalidData as err:
        problems_box(err.problems, "Nothing can be imported from this sheet.")
        return None
    finally:
        if bar:
            bar.empty()


def summary(intake: Intake) -> None:
    rows, accepted, rejected = st.columns(3)
    rows.metric("Rows read", f"{intake.rows:,}", border=True)
    accepted.metric("Accepted", f"{len(intake.accepted):,}", border=True)
    rejected.metric("Rejected", f"{len(intake.rejected):,}", border=True)
    book = intake.book
    how = {"csv": f"CSV, {book.encoding}, {book.separator}-separated",
           "iati": "IATI activity XML"}.get(book.kind, f"Excel workbook, sheet '{intake.sheet}'")
    lines = [f"Read as {how}; {intake.layout.describe()}; country "
             f"{intake.country}.", *(f"Skipped row {row}: {what}." for row, what in
                                     intake.layout.skipped), *intake.notes]
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
    if not intake.rows:
        st.warning(f"Sheet '{intake.sheet}' has no rows of data under its column names: choose "
                   "another sheet, or the row that holds the column names.")


def column_editor(intake: Intake, saved: Mapping | None) -> Mapping:
    """The columns and the field each maps to; the user's changes make the mapping."""
    examples = intake.book.sheet(intake.sheet, limit=intake.layout.first_data_row + 3).rows
    first = examples[intake.layout.first_data_row - 1] if len(examples) >= \
        intake.layout.first_data_row else ()
    table = pd.DataFrame({
        "column": intake.layout.headers,
        "HXL": [c.tag or "" for c in intake.layout.columns],
        "field": [intake.columns.get(h, NO_FIELD) for h in intake.layout.headers],
        "first value": [str(first[c.index]) if c.index < len(first) and first[c.index]
                        is not None else "" for c in intake.layout.columns]})
    edited = st.data_editor(
        table, key=f"{EDITOR}_{intake.sheet}_{len(table)}", hide_index=True,
        disabled=["column", "HXL", "first value"], width="stretch",
        column_config={"field": st.column_config.SelectboxColumn(
            "field", options=[NO_FIELD, *FIELDS], required=True,
            help="What the column holds; '(not used)' leaves it out")})
    chosen = {h: (None if f == NO_FIELD else f) for h, f in zip(edited["column"],
                                                               edited["field"], strict=True)}
    base = saved or Mapping()
    changed = {h: f for h, f in chosen.items() if f != intake.columns.get(h)}
    if not changed:
        return base
    # the columns just changed win: a field given to one column is taken from the other
    columns = {h: f for h, f in base.columns.items() if h not in changed}
    return Mapping({**columns, **changed}, base.sheet, base.header_row, base.date_order,
                   base.country)


def preview(intake: Intake) -> None:
    shown = intake.accepted.head(PREVIEW_ROWS)
    shown = shown[[c for c in shown.columns if (shown[c] != "").any()]]
    st.dataframe(shown, hide_index=True, key="import_preview")
    if len(intake.accepted) > PREVIEW_ROWS:
        st.caption(f"The first {PREVIEW_ROWS} of {len(intake.accepted):,} accepted rows.")


def places_table(intake: Intake) -> None:
    st.caption("Rows placed: " + ", ".join(f"{how.replace('_', ' ')} {n:,}" for how, n in
                                           intake.report()["places"].items() if n) +
               ". 'pcode': by the P-code written; 'converted': an older P-code; 'name' and "
               "'alternative': by a name; 'parent': by the admin 2 area's P-code; 'fuzzy': a "
               "near miss; 'not located': a row for no one area, kept.")
    table = pd.DataFrame([{
        "as written": p.written, "admin 1 P-code": p.placement.admin1_pcode or "",
        "admin 2 P-code": p.placement.admin2_pcode or "", "how": p.placement.how,
        "rows": p.rows, "suggestions": ", ".join(p.placement.suggestions),
        "problem": p.placement.problem.message if p.placement.problem else ""}
        for p in sorted(intake.places, key=lambda p: (p.placement.problem is None, -p.rows))])
    st.dataframe(table, hide_index=True, key="import_places")


def near_misses(intake: Intake) -> None:
    """Each spelling no area answers to, with its area to confirm or choose; the answer is kept
    as an alternative name, so that this and later files are placed.

    Every widget is keyed by the spelling it is about and the callback reads the choice made
    for that spelling when the button is clicked: a choice never passes from one name to the
    next as the list shortens."""
    missed = fixable(intake)
    if not missed:
        return
    st.subheader("Places to confirm")
    st.caption("Confirming keeps the spelling as another name of the area you choose: this "
               "file and the next ones that write it are placed there. A near miss shows its "
               "suggestion; any area of the country can be chosen instead.")
    gazetteer = gazetteers()[intake.country]
    accept_all(intake.country, missed)
    for place in missed[:NEAR_MISSES_SHOWN]:
        level, written = place.placement.missed
        key = _spelling_key(intake.country, level, written)
        options = _area_options(place, gazetteer, level)
        near = place.placement.how == "fuzzy" and bool(place.placement.suggestions)
        pick, button = st.columns([4, 1], vertical_alignment="bottom")
        what = "near miss" if near else "unknown"
        rows = f"{place.rows:,} row{'s' if place.rows > 1 else ''}"
        choice = pick.selectbox(f"'{written}' ({what}, {rows}) is", options,
                                index=0 if near else None, key=f"import_area_{key}",
                                placeholder="Choose its area…")
        button.button("Confirm", key=f"import_confirm_{key}", on_click=_confirm_chosen,
                      args=(intake.country, written, f"import_area_{key}"),
                      disabled=choice is None)
    if len(missed) > NEAR_MISSES_SHOWN:
        st.caption(f"{len(missed) - NEAR_MISSES_SHOWN} more places to confirm: confirm these "
                   "first.")


def fixable(intake: Intake) -> list[Place]:
    """The places refused or placed less deep for a spelling that no area answers to, most
    rows first: a near miss or an unknown name."""
    found = [p for p in intake.places if p.placement.missed]
    return sorted(found, key=lambda p: -p.rows)


def accept_all(iso3: str, missed: list[Place]) -> None:
    """Every near miss's suggestion, shown as it will be saved, saved in one click."""
    pairs = [(p.placement.missed[1], p.placement.suggestions[0], p.rows) for p in missed
             if p.placement.how == "fuzzy" and p.placement.suggestions]
    if len(pairs) < 2:
        return
    with st.expander(f"Accept all {len(pairs)} suggestions"):
        st.dataframe(pd.DataFrame(pairs, columns=["as written", "will be saved as", "rows"]),
                     hide_index=True, key="import_accept_preview")
        st.button(f"Save these {len(pairs)} alternative names", key="import_accept_all",
                  on_click=_confirm_all,
                  args=(iso3, [(written, _pcode(label)) for written, label, _ in pairs]))


def _spelling_key(iso3: str, level: int, written: str) -> str:
    """A widget key of its own for each spelling (any text, kept short and plain)."""
    return hashlib.sha256(f"{iso3}|{level}|{written}".encode()).hexdigest()[:16]


def _area_options(place: Place, gazetteer: Gazetteer, level: int) -> list[str]:
    areas = [f"{a.name} ({a.pcode})" for a in (gazetteer.areas if level == 1 else
                                               gazetteer.districts)]
    return list(dict.fromkeys([*place.placement.suggestions, *sorted(areas)]))


def _pcode(label: str) -> str:
    match = SUGGESTION.search(label)
    return match.group(1) if match else ""


def _confirm_chosen(iso3: str, written: str, choice_key: str) -> None:
    choice = st.session_state.get(choice_key)
    if not choice:
        st.session_state[FLASH] = ("error", f"Not kept: choose the area '{written}' is.")
        return
    _confirm_all(iso3, [(written, _pcode(choice))])


@editor_only(said_in(FLASH, "Not kept"))
def _confirm_all(iso3: str, pairs: list[tuple[str, str]]) -> None:
    kept, refused = [], []
    for written, pcode in pairs:
        try:
            add_alternative(data_dir(), iso3, pcode, written)
            kept.append(f"'{written}' is now known as {pcode}")
        except SaveRefused as err:
            refused.append(f"'{written}' not kept: {err}")
        except OSError as err:
            refused.append(f"'{written}' not kept: the gazetteer cannot be written ({err})")
    if refused:
        st.session_state[FLASH] = ("error", "; ".join([*refused, *kept]) + ".")
    else:
        st.session_state[FLASH] = ("success", "; ".join(kept) + ".")


def alternative_names(iso3: str) -> None:
    """The spellings kept for the country's areas, each of which can be taken out again."""
    listed = [row for row in _alt_rows() if row["iso3"] == iso3]
    with st.expander(f"Alternative names kept for {gazetteers()[iso3].country} "
                     f"({len(listed)})"):
        if not listed:
            st.caption("None yet: a spelling confirmed above is listed here.")
            return
        labels = {f"{r['name']} → {r['pcode']} ({r['source'] or 'no source'})": r
                  for r in listed}
        st.dataframe(pd.DataFrame(listed)[["name", "pcode", "language", "source"]],
                     hide_index=True, key="import_alt_names")
        pick, button = st.columns([4, 1], vertical_alignment="bottom")
        choice = pick.selectbox("Remove the alternative name", list(labels), index=None,
                                key=f"import_alt_remove_{iso3}", placeholder="Choose one…")
        button.button("Remove", key=f"import_alt_remove_button_{iso3}",
                      disabled=choice is None, on_click=_remove_chosen,
                      args=(f"import_alt_remove_{iso3}", labels))


def _alt_rows() -> list[dict]:
    path = data_dir() / "gazetteer" / ALT_NAMES
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(f)]


@editor_only(said_in(FLASH, "Not removed"))
def _remove_chosen(choice_key: str, labels: dict[str, dict]) -> None:
    row = labels.get(st.session_state.get(choice_key) or "")
    if row is None:
        return
    try:
        removed = remove_alternative(data_dir(), row["iso3"], row["pcode"], row["name"])
    except OSError as err:
        st.session_state[FLASH] = ("error", f"Not removed: the gazetteer cannot be written "
                                   f"({err})")
        return
    st.session_state.pop(choice_key, None)
    st.session_state[FLASH] = ("success" if removed else "info",
                               f"'{row['name']}' is no longer a name of {row['pcode']}." if
                               removed else f"'{row['name']}' was already removed.")


def rejected(intake: Intake) -> None:
    if not intake.rejected:
        st.success("No row is rejected.")
        return
    reasons(intake.rejected)
    table = intake.rejected_table()
    st.dataframe(table.head(1000), hide_index=True, key="import_rejected",
                 column_config={"reason": st.column_config.TextColumn("reason", width="large")})
    st.download_button("Download the rejected rows with their reasons (CSV)",
                       lambda: to_csv(table),
                       file_name=f"{intake.file.rsplit('.', 1)[0]}_rejected.csv",
                       mime="text/csv", key="import_rejected_csv", on_click="ignore")


def reasons(problems: list) -> None:
    """Each reason whole, with the rows it holds back: a table cell would cut it."""
    grouped: dict[tuple[str, str], list[int]] = {}
    for p in problems:
        grouped.setdefault((p.code, p.message), []).append(p.line)
    ranked = sorted(grouped.items(), key=lambda item: -len(item[1]))
    lines = [f"- **{code}** ({_rows(lines)}): {md(message)}"
             for (code, message), lines in ranked[:REASONS_SHOWN]]
    if len(ranked) > REASONS_SHOWN:
        lines.append(f"- and {len(ranked) - REASONS_SHOWN:,} other reasons, in the table and "
                     "the download")
    st.markdown("\n".join(lines))


def _rows(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5:,} more" if len(lines) > 5 else ""
    return f"line {shown}" if len(lines) == 1 else f"{len(lines):,} rows: lines {shown}{more}"


def warnings(intake: Intake) -> None:
    """Rows kept with a field they could not use: listed (many alike summarised) and
    downloadable whole, like the rejected rows."""
    if not intake.warnings:
        return
    with st.expander(f"{len(intake.warnings):,} warnings: rows kept with a field read as not "
                     "reported, rounded, or placed less deep than written"):
        st.code("\n".join(str(w) for w in summarised(intake.warnings)), language=None,
                wrap_lines=True)
        st.download_button("Download the warnings with their lines and columns (CSV)",
                           lambda: to_csv(intake.warnings_table()),
                           file_name=f"{intake.file.rsplit('.', 1)[0]}_warnings.csv",
                           mime="text/csv", key="import_warnings_csv", on_click="ignore")


def keep_mapping(intake: Intake) -> None:
    st.download_button("Download this mapping (YAML) for next month's file",
                       intake.used_mapping().to_yaml().encode("utf-8"),
                       file_name=f"{intake.file.rsplit('.', 1)[0]}_mapping.yaml",
                       mime="application/x-yaml", key="import_mapping_yaml", on_click="ignore")


def just_added(intake: Intake) -> bool:
    """Whether these rows are the ones this session has just added."""
    return st.session_state.get(DONE, (None,) * 4)[3] == id(intake)


def add_button(intake: Intake, view: View, sha256: str) -> None:
    added = just_added(intake)
    st.button(f"Add {len(intake.accepted):,} rows to the dashboard", type="primary",
              key="import_add", disabled=added or not len(intake.accepted), on_click=_add,
              args=(intake, view, sha256), help="Writes them as a new activity file in the data "
              "folder; nothing there is changed" if not added else "These rows were added")


@editor_only(said_in(FLASH, "Nothing was added"))
def _add(intake: Intake, view: View, sha256: str) -> None:
    try:
        path = write_import(intake, data_dir(), view.baseline.plan, gazetteers(),
                            sha256=sha256, by=who())
    except ImportRefused as err:  # the same content came in from elsewhere since the check
        st.session_state[FLASH] = ("error", f"Nothing was added: {md(err.problem.message)}")
        return
    except InvalidData as err:
        st.session_state[FLASH] = ("error", "Nothing was added: the rows would not load ("
                                   f"{err.problems[0]}).")
        return
    except OSError as err:
        st.session_state[FLASH] = ("error", f"Nothing was added: {err}")
        return
    st.session_state[DONE] = (intake.country, path.name, len(intake.accepted), id(intake))


def flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        getattr(st, message[0])(message[1])


def done(view: View) -> None:
    """After an import: what was written, and the way to its country's map."""
    added = st.session_state.get(DONE)
    if not added:
        return
    iso3, name, rows, _ = added
    st.success(f"{rows:,} rows were added as `{name}`; every page shows them now.")
    st.button(f"Show {view.baseline.gazetteers[iso3].country} on the map", key="import_to_map",
              on_click=_to_map, args=(iso3,))
    if st.session_state.pop("import_go_map", False):
        st.switch_page("pages/map.py")


def _to_map(iso3: str) -> None:
    st.session_state["country"] = iso3  # the sidebar's country choice
    st.session_state["import_go_map"] = True
