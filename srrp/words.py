"""Words the dashboard, its slides and its command line say in many places, each written once
here, where the domain can use them too: what is said where a source gives no figure, how
hypothetical figures are marked, and how the sources of figures are listed."""

from __future__ import annotations

from dataclasses import dataclass

NOT_REPORTED = "not reported"  # a figure the sources do not give: never shown as 0
NOT_REPORTED_IN_USD = "not reported in USD"  # an amount in a currency no rate was given for
NO_PUBLISHER = "publisher not reported"
HYPOTHETICAL = "HYPOTHETICAL"
HYPOTHETICAL_SOURCE = "hypothetical"  # the "source" of a contribution a scenario adds
UNSAVED_EDIT = "unsaved edit"  # the What-if page's text before it is saved as a scenario


def hypothetical(label: str) -> str:
    """'Coverage (hypothetical)': a label of figures that are not the baseline's."""
    return f"{label} (hypothetical)"


@dataclass(frozen=True)
class Cited:
    """One source as listed under figures: its title, its publisher, and its address if any."""

    title: str
    publisher: str
    url: str | None = None


def cited(plan, source_ids) -> list[Cited]:
    """The sources ``source_ids`` cite in ``plan`` (a Plan: this module imports none, so that
    every module can import it), each once, in the order first cited; a scenario's
    contributions cite the hypothetical source, and ids the plan does not list are left out."""
    listed = []
    for source_id in dict.fromkeys(source_ids):
        if source_id == HYPOTHETICAL_SOURCE:
            listed.append(Cited("Hypothetical (what-if scenario)", "not sourced"))
        elif (source := plan.find_source(source_id)) is not None:
            listed.append(Cited(source.title, source.publisher or NO_PUBLISHER, source.url))
    return listed
