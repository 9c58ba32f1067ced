"""Which column of a 3W/4W/5W sheet holds which field of an activity: by HXL hashtag first, then
by the words of its header (English, French, Spanish, Portuguese), then as the user says.

A user's choices are kept as a small YAML file, reused for next month's file of the same shape:

    sheet: Data_Entry          # optional
    header_row: 7              # optional: the row of the column names
    date_order: dmy            # optional: dmy or mdy, for dates written 03/04/2021
    country: MOZ               # optional
    columns:                   # header → field (or null: leave the column out)
      Organização líder: donor
      Comments: null
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from srrp.files.yamlsource import parse_yaml
from srrp.plan.checks import Checker
from srrp.problems import InvalidData

# What a column can hold, in the users' words. All but "round" and the last three are columns of the
# activity format; those feed it: an activity's name when the row names no project, and
# counts of women and children reached, which give its shares of the people reached.
FIELDS = {
    "country_iso3": "country (ISO3 or ISO2 code)",
    "project": "project",
    "donor": "donor (funder)",
    "implementer": "implementing organisation",
    "sector": "sector or cluster",
    "start": "start date",
    "end": "end date",
    "sub_objective": "SRRP sub-objective (1.1 … 4.3)",
    "admin1_name": "admin 1 name",
    "admin1_pcode": "admin 1 P-code",
    "admin2_name": "admin 2 name",
    "admin2_pcode": "admin 2 P-code",
    "location": "location below admin 2",
    "indicator": "indicator",
    "unit": "unit of the indicator",
    "targeted": "people targeted",
    "reached": "people reached",
    "women_pct": "women among people reached (%)",
    "under18_pct": "under-18s among people reached (%)",
    "budget_usd": "budget in US dollars",
    "note": "note",
    "round": "reporting round (the reporting date or month)",
    "activity": "activity (names the row when no project is given)",
    "women_reached": "women and girls reached (count)",
    "children_reached": "children reached (count)",
}
DATE_ORDERS = ("dmy", "mdy")
MAPPING_KEYS = {"sheet": False, "header_row": False, "date_order": False, "country": False,
                "columns": False}

# Attributes that make a count a part of the people (by sex, age, or households, which are not
# people): such a column is never the total.
_PARTS = {"f", "m", "women", "men", "girls", "boys", "children", "adults", "elderly", "infants",
          "hh", "households", "pct", "i", "idps", "refugees", "returnees", "host"}
_NOT_NAME = {"code", "type", "id", "acronym"}


@dataclass(frozen=True)
class _Rule:
    field: str
    tag: str
    need: frozenset = frozenset()
    forbid: frozenset = frozenset()

    def matches(self, tag: str, attrs: frozenset) -> bool:
        if tag != self.tag or not self.need <= attrs or attrs & self.forbid:
            return False
        return not (self.forbid is _COUNT_PARTS and any(a.startswith("age") for a in attrs))


_COUNT_PARTS = frozenset(_PARTS)


def _rule(field_: str, tag: str, need: str = "", forbid=frozenset()) -> _Rule:
    return _Rule(field_, tag, frozenset(need.split()), forbid)


# In order of preference: a field takes the leftmost column of the first rule that matches.
_RULES = (
    _rule("country_iso3", "#country", "code"), _rule("country_iso3", "#adm0", "code"),
    _rule("sub_objective", "#activity", "code srrp"),
    _rule("project", "#activity", "project", frozenset(_NOT_NAME)),
    _rule("activity", "#activity", "name", frozenset(_NOT_NAME)),
    _rule("activity", "#activity", "", frozenset(_NOT_NAME)),
    *(_rule("donor", "#org", kind, frozenset(_NOT_NAME)) for kind in ("funder", "funding",
                                                                         "donor")),
    # an organisation's name before a bare '+impl' column, which some files use for a category
    _rule("implementer", "#org", "impl name", frozenset(_NOT_NAME)),
    _rule("implementer", "#org", "name", frozenset({*_NOT_NAME, "funder", "funding", "donor"})),
    _rule("implementer", "#org", "impl", frozenset(_NOT_NAME)),
    _rule("implementer", "#org", "implementing", frozenset(_NOT_NAME)),
    _rule("implementer", "#org", "", frozenset({*_NOT_NAME, "funder", "funding", "donor"})),
    _rule("sector", "#sector", "", frozenset({"code"})),
    _rule("start", "#date", "start"), _rule("end", "#date", "end"),
    _rule("round", "#date", "reported"),
    _rule("admin1_pcode", "#adm1", "code"), _rule("admin1_name", "#adm1", "", frozenset({"code"})),
    _rule("admin2_pcode", "#adm2", "code"), _rule("admin2_name", "#adm2", "", frozenset({"code"})),
    _rule("location", "#loc", "", frozenset({"code"})),
    _rule("indicator", "#indicator", "name"), _rule("unit", "#indicator", "unit"),
    _rule("women_pct", "#reached", "f pct"), _rule("under18_pct", "#reached", "children pct"),
    _rule("women_reached", "#reached", "f", frozenset({"pct", "children", "adults", "elderly",
                                                        "hh", "infants"})),
    _rule("children_reached", "#reached", "children", frozenset({"pct", "f", "m", "hh"})),
    _Rule("targeted", "#targeted", forbid=_COUNT_PARTS),
    _Rule("reached", "#reached", forbid=_COUNT_PARTS),
    _rule("budget_usd", "#value", "usd"),
    _rule("note", "#meta", "note"), _rule("note", "#description"),
)

# Header words, accents and case aside. The longest phrase found in a header decides.
_WORDS = {
    "country_iso3": "country code; iso3; code pays; codigo pais; codigo del pais; codigo do pais",
    "project": "project; project name; project title; projet; nom du projet; proyecto; "
               "nombre del proyecto; projeto; nome do projeto",
    "activity": "activity; activities; activity name; activite; activites; actividad; "
                "actividades; atividade; atividades; intervention",
    "donor": "donor; donors; funder; funding organization; donante; organizacion donante; "
             "bailleur; bailleur de fonds; donateur; doador; financiador",
    "implementer": "implementing partner; implementing organization; implementing "
                   "organisation; implementer; organization; organisation; partner; "
                   "partenaire; partenaire de mise en oeuvre; organizacion implementadora; "
                   "socio implementador; organizacion; parceiro de implementacao; organizacao",
    "sector": "sector; cluster; sector cluster; secteur; setor",
    "start": "start date; start; date de debut; debut; fecha de inicio; inicio; data de inicio",
    "end": "end date; end; date de fin; fin; fecha de finalizacion; fecha de fin; "
           "fecha final; data final; data de fim; data de termino",
    "sub_objective": "srrp sub objective; sub objective; srrp",
    "round": "reporting date; report date; date of report; reporting month; reporting period; "
             "reporting round; fecha de reporte; fecha del reporte; mes de reporte; date de "
             "rapport; mois de rapport; data de reporte; data do relatorio",
    "admin1_name": "admin1; admin 1; adm1; admin1 name; province; provinces; state; states; "
                   "region; departamento; departement; governorate; provincia",
    "admin1_pcode": "admin1 pcode; admin 1 pcode; adm1 pcode; admin1code; admin1 code; "
                    "pcode1; pcode 1; state pcode; province pcode; adm1_pcode",
    "admin2_name": "admin2; admin 2; adm2; admin2 name; district; districts; distrito; lga; "
                   "municipio; commune; county",
    "admin2_pcode": "admin2 pcode; admin 2 pcode; adm2 pcode; admin2code; admin2 code; "
                    "pcode2; pcode 2; lga pcode; district pcode; adm2_pcode",
    "location": "location; locality; lieu; localite; lugar; nombre del lugar; localidade; "
                "village; aldeia",
    "indicator": "indicator; indicateur; indicador",
    "unit": "unit; indicator unit; unite; unidad; unidade",
    "targeted": "targeted; people targeted; target; beneficiaries targeted; personnes ciblees; "
                "cible; personas meta; meta; beneficiarios previstos; pessoas alvo; alvo",
    "reached": "reached; people reached; beneficiaries reached; personnes atteintes; "
               "atteints; personas alcanzadas; alcanzados; pessoas alcancadas; alcancados",
    "women_pct": "women pct; women %; % women; pourcentage de femmes; porcentaje de mujeres",
    "under18_pct": "under 18 pct; under18 pct; % under 18; % children",
    "budget_usd": "budget usd; budget us; usd; cost usd; amount usd; montant usd; "
                  "presupuesto usd; orcamento usd",
    "note": "note; notes; comment; comments; remarks; commentaires; comentarios; "
            "observaciones; observacoes",
}


def plain(text: str) -> str:
    """Text for comparing words: no accents, lower case, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", bare.replace("_", " ")).split())


_PHRASES = {f: [plain(p) for p in words.split(";")] for f, words in _WORDS.items()}
# spaces are allowed around '+' only: '# of people' is a header, not a tag
_HASHTAG = re.compile(r"\s*#[a-z][a-z0-9_]*(\s*\+\s*[a-z][a-z0-9_]*)*\s*", re.I)


def hashtag(cell: object) -> str | None:
    """The HXL hashtag in a cell, written the one way (``#adm1 +pcode\\t`` → ``#adm1+code``),
    or None when the cell holds none (``#VALUE!`` is a spreadsheet error, not a tag)."""
    if not isinstance(cell, str):
        return None
    if not _HASHTAG.fullmatch(cell):
        return None
    written = re.sub(r"\s+", "", cell).lower()
    tag, *attrs = written.split("+")
    attrs = sorted({"code" if a == "pcode" else a for a in attrs})
    return "+".join([tag, *attrs])


def _rank_by_tag(tag: str) -> list[tuple[int, str]]:
    name, *attrs = tag.split("+")
    return [(i, r.field) for i, r in enumerate(_RULES) if r.matches(name, frozenset(attrs))]


def field_by_words(header: str) -> tuple[str | None, int]:
    """The field a header's words name, and how many words said it (0: none)."""
    words = f" {plain(header)} "
    best, size = None, 0
    for name, phrases in _PHRASES.items():
        for phrase in phrases:
            # one word names a field only as the whole header: 'unidad' inside 'tipo de unidad
            # del recurso' is no indicator's unit
            whole = words.strip() == phrase
            found = len(phrase.split()) + whole
            if (whole or (found > 1 and f" {phrase} " in words)) and found > size:
                best, size = name, found
    return best, size


@dataclass
class Mapping:
    """What the user chose: sheet, header row, date order, country and columns."""

    columns: dict[str, str | None] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    date_order: str | None = None
    country: str | None = None

    def to_yaml(self) -> str:
        data = {k: v for k, v in (("sheet", self.sheet), ("header_row", self.header_row),
                                  ("date_order", self.date_order), ("country", self.country))
                if v is not None}
        data["columns"] = dict(self.columns)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def auto_columns(headers: list[str], tags: list[str | None]) -> dict[str, str]:
    """header → field for the columns a hashtag or the header's words name; each field once."""
    chosen: dict[str, str] = {}
    by_tag = sorted((rank, i, name) for i, tag in enumerate(tags) if tag
                    for rank, name in _rank_by_tag(tag))
    for _, i, name in by_tag:
        if name not in chosen.values() and headers[i] not in chosen:
            chosen[headers[i]] = name
    by_words = sorted(((-size, i, name) for i, header in enumerate(headers)
                       if header not in chosen and not tags[i]
                       for name, size in [field_by_words(header)] if name), key=lambda x: x[:2])
    for _, i, name in by_words:
        if name not in chosen.values():
            chosen[headers[i]] = name
    return {h: chosen[h] for h in headers if h in chosen}


def apply_mapping(auto: dict[str, str], headers: list[str],
                  mapping: Mapping | None) -> tuple[dict[str, str], list[str]]:
    """The columns after the user's choices (which win over the automatic ones), and warnings
    for the columns the mapping names that this file does not have."""
    if mapping is None:
        return auto, []
    chosen = {h: f for h, f in auto.items() if h not in mapping.columns}
    for header, name in mapping.columns.items():
        if header not in headers or name is None:
            continue
        chosen = {h: f for h, f in chosen.items() if f != name}
        chosen[header] = name
    missing = [h for h in mapping.columns if h not in headers]
    warnings = [f"the mapping names a column '{h}' that this sheet does not have"
                for h in missing]
    return {h: chosen[h] for h in headers if h in chosen}, warnings


def parse_mapping(text: str, file: str) -> Mapping:
    """A mapping file, checked; InvalidData names every problem with its line."""
    doc = parse_yaml(text, file)
    check = Checker(doc)
    data = check.mapping(doc.data, (), "the mapping", MAPPING_KEYS) or {}
    columns = data.get("columns") or {}
    if not isinstance(columns, dict):
        check.report("wrong-type", ("columns",), "'columns' must be lines of 'header: field'")
        columns = {}
    for header, name in columns.items():
        if name is not None and name not in FIELDS:
            check.choice(name, ("columns", header), f"the field of column '{header}'",
                         tuple(FIELDS))
    order = data.get("date_order")
    if order is not None:
        check.choice(order, ("date_order",), "date_order", DATE_ORDERS)
    row = data.get("header_row")
    if row is not None and (not isinstance(row, int) or isinstance(row, bool) or row < 1):
        check.report("bad-value", ("header_row",), "header_row must be a row number (1, 2, …)")
    if check.problems:
        raise InvalidData(check.problems)
    return Mapping({str(h): n for h, n in columns.items()},
                   *(None if data.get(k) is None else str(data[k]) if k != "header_row"
                     else data[k] for k in ("sheet", "header_row", "date_order", "country")))

