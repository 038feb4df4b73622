"""The vocabulary of the Word report's templates: every variable a template may use, described in Dutch.

Auditors and certification bodies write their own Word templates, so the names a template uses are a
public interface: Dutch keys (`kern.organisatie`, `rubrieken[].normen[].oordeel`), each with a description
that the README's list of template variables is written from (README.md, "Rapport in Word"). The same schema
drives the template check in `exports.docx` (unknown names, required names per part) and the sample
context a template is tried out with. Paths write a list's elements as ``[]``: ``rubrieken[].normen[].oordeel``
is the oordeel of every norm of every rubriek.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

PARTS = ("A", "B")

TEXT = "tekst"
FLAG = "ja/nee"
GROUP = "groep"
LIST = "lijst"


@dataclass(frozen=True)
class Variable:
    """One template variable: what it holds, in Dutch for the README, and what a group or list holds inside.

    `kind` is TEXT, FLAG, GROUP (with `fields`) or LIST (with `item`, the variable of each element).
    """

    description: str
    kind: str = TEXT
    fields: Mapping[str, Variable] = field(default_factory=dict)
    item: Variable | None = None


def _text(description: str) -> Variable:
    return Variable(description)


def _group(description: str, **fields: Variable) -> Variable:
    return Variable(description, GROUP, fields)


def _list(description: str, item: Variable) -> Variable:
    return Variable(description, LIST, item=item)


_JUDGEMENT_COLUMNS = {
    "voldoet": "nummers van de normen die voldoen (+), gescheiden door '; '",
    "verbeterpunt": "nummers van de normen met verbeterpunt (+/-)",
    "voldoet_niet": "nummers van de normen die niet voldoen (-)",
    "nvt": "nummers van de normen die niet van toepassing zijn",
    "nb": "nummers van de normen die niet beoordeeld zijn",
}

#: Every variable a template may use, with its Dutch description. Paths in messages and in the README write
#: a list's elements as ``[]``: ``rubrieken[].normen[].oordeel`` is the oordeel of every norm of every rubriek.
VARIABLES: Mapping[str, Variable] = {
    "titel": _text("titel van het rapport: 'Resultaat toetsing Kwaliteitsnormen Sociaal Werk'"),
    "organisatie": _text("naam van de getoetste organisatie"),
    "normenset": _group(
        "de normenset waartegen getoetst is",
        titel=_text("titel van de normenset"),
        versie=_text("versie van de normenset"),
        bron=_text("bron en copyright van de normteksten"),
    ),
    "deel_a": Variable("waar als deel A (samenvatting) in het rapport hoort", FLAG),
    "deel_b": Variable("waar als deel B (bevindingen per norm) in het rapport hoort", FLAG),
    "kern": _group(
        "de kerngegevens van de toetsing (deel A)",
        organisatie=_text("Naam lid organisatie"),
        adres=_text("Adres"),
        website=_text("Website"),
        contactpersoon=_text("Naam contactpersoon"),
        contact_mail=_text("Mailadres contactpersoon"),
        contact_telefoon=_text("Telefoon contactpersoon"),
        scope=_list("Scope: de getoetste werkprocessen of organisatieonderdelen, één per item",
                    _text("één werkproces of organisatieonderdeel")),
        omvang=_group(
            "Omvang organisatie",
            medewerkers=_text("aantal medewerkers"),
            fte=_text("aantal fte"),
            locaties=_text("aantal locaties in de scope"),
            toelichting=_text("vrije toelichting op de omvang"),
        ),
        vorm=_group(
            "Gekozen vorm van het onderzoek",
            keuze=_text("de gekozen vorm, bijvoorbeeld 'Alleen CI op het label'"),
            toelichting=_text("vrije toelichting, bijvoorbeeld 'hercertificering'"),
        ),
        zelfevaluatie=_text("Zelfevaluatie ingeleverd op: een datum, of 'n.v.t.' met de reden"),
        onderzoek_ter_plaatse=_text("Onderzoek ter plaatse uitgevoerd op (data en locaties)"),
        toetsers=_list("Intercollegiale toetsers (naam en organisatie), één per item", _text("één toetser")),
        verantwoordelijke_ci=_text("Verantwoordelijke CI"),
        teamleider=_text("Teamleider"),
        gesprekspartners=_list("Gesprekspartners, alleen functies, bijvoorbeeld '2 teamcoaches'",
                               _text("één groep gesprekspartners")),
        datum_verslag_team=_text("Verslag team (na interne controle) naar lid-organisatie: datum"),
        datum_verbeterplan=_text("Ontvangst verbeterplan met akkoord: datum"),
        datum_definitief=_text("Verslag definitief met akkoord lid-organisatie: datum"),
        datum_inzending=_text("Inzending samenvatting naar Sociaal Werk Nederland: datum"),
    ),
    "overall": _group(
        "het overall resultaat (deel A)",
        rijen=_list("één rij per rubriek", _group(
            "één rubriek",
            onderdeel=_text("naam van de rubriek (kolom 'Onderdeel norm')"),
            **{name: _text(text) for name, text in _JUDGEMENT_COLUMNS.items()},
        )),
        totaal=_group(
            "de rij 'Resultaat totaal'",
            onderdeel=_text("'Resultaat totaal'"),
            **{name: _text("aantal, bijvoorbeeld '12 van de 49'") for name in _JUDGEMENT_COLUMNS},
        ),
    ),
    "toelichting": _text("toelichting op de uitkomst (meerdere regels)"),
    "complimenten": _list("de complimenten: opvallend sterke punten", _text("één compliment")),
    "zorgpunten": _list("de zorgpunten: meest in het oog springende verbeterpunten", _text("één zorgpunt")),
    "trend": _list(
        "complimenten en zorgpunten naast elkaar, voor de tabel 'Input voor trendanalyses branche'; "
        "de kortste lijst is aangevuld met lege teksten",
        _group("één rij", compliment=_text("een compliment of leeg"), zorgpunt=_text("een zorgpunt of leeg")),
    ),
    "advies": _group(
        "Advies (alleen in te vullen door CI)",
        keuze=_text("'Positief', 'Positief zodra de plannen van aanpak zijn goedgekeurd' of 'Negatief'"),
        tekst=_text("toelichting op het advies (meerdere regels)"),
    ),
    "ondertekening": _group(
        "ondertekening door de verantwoordelijke teamleider",
        datum=_text("datum van ondertekening"),
        naam=_text("naam van de verantwoordelijke teamleider"),
    ),
    "inleiding_b": _list("de vier punten van de inleiding van deel B", _text("één punt")),
    "rubrieken": _list("de rubrieken met hun normen (deel B)", _group(
        "één rubriek",
        titel=_text("naam van de rubriek, bijvoorbeeld 'Vakmanschap'"),
        normen=_list("de normen van de rubriek", _group(
            "één norm",
            nummer=_text("nummer van de norm binnen de rubriek"),
            tekst=_text("tekst van de norm"),
            bevindingen=_text("bevindingen en verbeterpunten (meerdere regels)"),
            oordeel=_text("'+', '+/-', '-', 'nvt', 'nb', of leeg zonder oordeel"),
        )),
    )),
}

#: What each part of a template must use, so that no judgement or advice is lost from the report sent out.
#: Each entry is a tuple of alternatives (any one of them suffices).
REQUIRED: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "A": (
        ("organisatie", "kern.organisatie"),
        ("overall.rijen[].onderdeel",),
        *((f"overall.rijen[].{name}",) for name in _JUDGEMENT_COLUMNS),
        *((f"overall.totaal.{name}",) for name in _JUDGEMENT_COLUMNS),
        ("advies.keuze",),
    ),
    "B": (
        ("rubrieken[].titel",),
        ("rubrieken[].normen[].nummer",),
        ("rubrieken[].normen[].tekst",),
        ("rubrieken[].normen[].bevindingen",),
        ("rubrieken[].normen[].oordeel",),
    ),
}

#: The labels of the kerngegevens table, as the form names them, in the form's order (field -> label).
KERN_FORM_LABELS: Mapping[str, str] = {
    "organisatie": "Naam lid organisatie",
    "adres": "Adres",
    "website": "Website",
    "contactpersoon": "Naam contactpersoon",
    "contact_mail": "Mailadres contactpersoon",
    "contact_telefoon": "Telefoon contactpersoon",
    "scope": "Scope (werkprocessen / organisatieonderdelen die getoetst zijn)",
    "omvang": "Omvang organisatie",
    "vorm": "Gekozen vorm van het onderzoek",
    "zelfevaluatie": "Zelfevaluatie ingeleverd op",
    "onderzoek_ter_plaatse": "Onderzoek ter plaatse uitgevoerd op (data en locaties)",
    "toetsers": "Intercollegiale toetsers",
    "verantwoordelijke_ci": "Verantwoordelijke CI",
    "teamleider": "Teamleider",
    "gesprekspartners": "Gesprekspartners (alleen functies)",
    "datum_verslag_team": "Verslag team (na interne controle) naar lid-organisatie",
    "datum_verbeterplan": "Ontvangst verbeterplan met akkoord",
    "datum_definitief": "Verslag definitief met akkoord lid-organisatie",
    "datum_inzending": "Inzending samenvatting naar Sociaal Werk Nederland",
}


def sample_context(parts: Iterable[str] = PARTS) -> dict[str, Any]:
    """A context with every variable filled (one element per list), for checking a template."""

    def sample(variable: Variable, name: str) -> Any:
        if variable.kind == GROUP:
            return {key: sample(member, key) for key, member in variable.fields.items()}
        if variable.kind == LIST:
            return [sample(variable.item, name)] if variable.item is not None else []
        if variable.kind == FLAG:
            return True
        return f"voorbeeld {name}"

    context = {name: sample(variable, name) for name, variable in VARIABLES.items()}
    wanted = set(parts)
    context["deel_a"], context["deel_b"] = "A" in wanted, "B" in wanted
    return context
