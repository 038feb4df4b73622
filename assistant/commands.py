"""The command palette (Ctrl+P): every place in the app by name, in Dutch.

"ga naar norm V5" for each norm of the open audit's norm set, and the screens and actions: nieuw gesprek,
exporteer, normenbord, samenvatting, thema wisselen. The provider only calls the app's navigation
methods; it decides nothing itself.

The palette reads a hit's text and help as markup, and a norm set can be the user's own file: norm ids
and texts are therefore handed over as plain `Content` with control characters visible.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from flows.safe_text import has_unsafe, visible

if TYPE_CHECKING:
    from assistant.app import ToetsApp


class AuditCommands(Provider):
    """Palette commands of toetsassistent."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str | Content]]:
        app: ToetsApp = self.app  # type: ignore[assignment]
        if app.session is not None:
            yield "Nieuw gesprek", app.new_interview, "Begin een gesprek: rollen, omschrijving en datum"
            yield "Gesprek voortzetten", app.show_interview, "Terug naar het lopende gesprek"
            yield "Gesprek kiezen", app.pick_interview, "Een bestaand gesprek voortzetten (ook van een andere dag)"
            yield "Normenbord", app.show_board, "Alle normen per rubriek met bronnen en oordelen"
            yield "Samenvatting", app.show_summary, "Kerngegevens, complimenten, zorgpunten en advies"
            yield "Exporteer", app.show_export, "Rapport, werkdocument of JSON"
            yield "Toetsing sluiten", app.close_session, "Terug naar het startscherm"
        else:
            yield "Nieuwe toetsing", app.new_audit, "Kerngegevens invullen en een normenset kiezen"
            yield "Demo openen", app.open_demo, "Een verse kopie van de voorbeeldtoetsing"
        yield ("Samenvoegen met de kopie van een andere toetser", app.show_merge,
               "Neem over wat de andere toetser noteerde; bij elk conflict kiest u zelf")
        yield "Thema wisselen", app.action_toggle_theme, "Licht of donker"
        yield "Hulp", app.show_help, "Alle toetsen en opdrachten"
        yield "Stoppen", app.exit, "Alles is bewaard; toetsassistent stopt"
        if app.session is not None:
            for norm in app.session.normset.norms:
                help_text = Content(visible(norm.short_text(70)))
                yield f"Ga naar norm {norm.id}", partial(app.show_norm, norm.id), help_text

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            if not name.startswith("Ga naar norm"):
                yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]  # Content is read as is

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = max(matcher.match(name), matcher.match(f"{name} {help_text}") * 0.8)
            if score > 0:
                # `highlight` reads its argument as markup; a norm id with "[" or a control character
                # is shown plain (without the highlighted letters) instead.
                shown = Content(visible(name)) if "[" in name or has_unsafe(name) else matcher.highlight(name)
                yield Hit(score, shown, callback, text=name, help=help_text)  # type: ignore[arg-type]
