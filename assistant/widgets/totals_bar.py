"""The judgement totals and the label advice, always in view on the review screens.

The numbers come from `flows.rules` (`totals`, `advice`) and nothing here counts anything itself, so the
bar can never disagree with the report. The parent hands the computed values down with `show()`.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from flows.rules import NEGATIVE, POSITIVE, Advice, Totals
from normsets.model import JUDGEMENTS

#: The style of each judgement wherever the review screens show one (theme variables: light and dark).
JUDGEMENT_STYLES: dict[str, str] = {
    "+": "$text-success",
    "+/-": "$text-warning",
    "-": "$text-error",
    "nvt": "$text-muted",
    "nb": "$text-muted",
}

#: Where space is short (the one-line totals), the two long labels are abbreviated as on the forms.
SHORT_LABELS: dict[str, str] = {"nvt": "nvt", "nb": "nb"}


def judgement_label(value: str | None) -> str:
    """'voldoet', 'verbeterpunt', ... or 'nog geen oordeel'."""
    if value is None:
        return "nog geen oordeel"
    return JUDGEMENTS.get(value, value)


class TotalsBar(Static):
    """How many norms have which judgement, and whether a positive advice is still possible.

    Compact (two lines, for the top of a screen) or `detailed` (one line per judgement and the reasons,
    for a side panel).
    """

    DEFAULT_CSS = """
    TotalsBar {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, detailed: bool = False, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.detailed = detailed

    def show(self, totals: Totals, advice: Advice) -> None:
        """Render these totals and this advice (computed by the parent with flows.rules)."""
        self.update(self._detailed(totals, advice) if self.detailed else self._compact(totals, advice))

    @staticmethod
    def _headline(advice: Advice, short: bool = False) -> Content:
        """'Indicatie: Positief …', green when positive, amber while plans of approach wait, red when negative."""
        style = {POSITIVE: "bold $text-success", NEGATIVE: "bold $text-error"}.get(advice.outcome,
                                                                                   "bold $text-warning")
        return Content.assemble("Indicatie: ", Content.styled(advice.headline(short), style))

    def _compact(self, totals: Totals, advice: Advice) -> Content:
        parts: list[Content | str] = []
        for code, label in JUDGEMENTS.items():
            parts += [Content.styled(SHORT_LABELS.get(code, label), JUDGEMENT_STYLES[code]),
                      Content.styled(f" {totals.count(code)}", "bold"), "  "]
        parts += ["zonder oordeel", Content.styled(f" {len(totals.unjudged)}", "bold")]
        return Content.assemble(*parts, "\n", self._headline(advice, short=True))

    def _detailed(self, totals: Totals, advice: Advice) -> Content:
        lines: list[Content | str] = [Content.styled(f"Oordelen ({totals.total} normen)", "bold"), "\n"]
        width = max(len(label) for label in JUDGEMENTS.values())
        for code, label in JUDGEMENTS.items():
            lines += [Content.styled(label.ljust(width), JUDGEMENT_STYLES[code]), f"  {totals.count(code):>3}\n"]
        lines += ["zonder oordeel".ljust(width), f"  {len(totals.unjudged):>3}\n", "\n"]
        lines += [Content.styled("Advies", "bold"), "\n", self._headline(advice)]
        for reason in advice.reasons:
            lines += ["\n", f"• {reason}"]
        return Content.assemble(*lines)
