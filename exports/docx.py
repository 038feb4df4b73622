"""The report as a Word document (DOCX), filled from a template: the default one or a certification body's own.

The auditor's deliverable is a Word file in the fixed format of the Kwaliteitslabel (part A to Sociaal Werk
Nederland, part B to the audited organisation), and certification bodies have their own Word templates. So
the report is a docxtpl template (Jinja tags typed in Word) filled from one plain context dict whose keys are
Dutch, because auditors write those names in their own templates (`exports.docx_variables.VARIABLES`,
re-exported here, describes every one). Two functions live here:

- `render_docx(context, template=None) -> bytes`: fills a template; pure, writes no file.
- `check_template(template, parts) -> list[str]`: the Dutch problems of a user's template (not a .docx, a
  Jinja syntax error, an unknown or a missing variable, a template that cannot be filled); the caller writes
  nothing unless the list is empty.

Every value in the context is user text and stays data: it passes `flows.safe_text.for_export` (control
characters visible, line feeds and tabs kept), is XML-escaped on output (braces too, so docxtpl's own
``{_{`` clean-up cannot touch it), and a template is rendered in Jinja's sandbox, because a template file
comes from outside. Line feeds in a value become line breaks in Word (docxtpl turns ``\\n`` inside a text run
into ``<w:br/>`` and a tab into ``<w:tab/>``). The filled document is parsed strictly before it is saved, so
a template that would produce broken XML gives a message instead of a silently truncated report.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable, Mapping

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markupsafe import Markup

from exports.docx_variables import (
    FLAG,
    GROUP,
    KERN_FORM_LABELS,
    LIST,
    PARTS,
    REQUIRED,
    TEXT,
    VARIABLES,
    Variable,
    sample_context,
)
from flows.safe_text import for_export

__all__ = [
    "DEFAULT_TEMPLATE",
    "KERN_FORM_LABELS",
    "PARTS",
    "REQUIRED",
    "VARIABLES",
    "TemplateProblem",
    "Variable",
    "check_template",
    "clean_text",
    "default_template",
    "prepare_context",
    "render_docx",
    "sample_context",
]

DEFAULT_TEMPLATE = "rapport.docx"


class TemplateProblem(Exception):
    """A template that cannot be filled; the message is Dutch and names the problem."""


def default_template() -> bytes:
    """The default template that ships with the package (made by `exports/sjablonen/maak_sjabloon.py`)."""
    return resources.files("exports.sjablonen").joinpath(DEFAULT_TEMPLATE).read_bytes()


# -- user text -----------------------------------------------------------------------------------

_XML_FORBIDDEN = re.compile("[\ufffe\uffff]")
_XML_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;", "{": "&#123;", "}": "&#125;",
})


def clean_text(text: str) -> str:
    """User text as the document shows it: `for_export` (controls visible, lines and tabs kept), and the two
    non-characters XML 1.0 forbids (U+FFFE, U+FFFF) shown as ``<U+FFFE>`` like other invisible signs."""
    text = for_export(text)
    if _XML_FORBIDDEN.search(text):
        text = _XML_FORBIDDEN.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)
    return text


def _escape_xml(text: str) -> str:
    return text.translate(_XML_ESCAPES)


def _finalize(value: Any) -> Markup:
    """Jinja's last step for every ``{{ … }}``: whatever the template computed is shown as text.

    Markup made by a filter (``join`` escapes its items, ``urlize`` makes HTML) is first turned back into
    plain text, so nothing a template computes can put markup into the document; then the text is cleaned
    and escaped for XML, braces included. `safe` and ``{% autoescape false %}`` therefore change nothing.
    """
    if isinstance(value, Markup):
        text = value.unescape()
    elif value is None:
        text = ""
    else:
        text = str(value)
    return Markup(_escape_xml(clean_text(text)))


def _lines(value: Any) -> Any:
    """The `regels` filter: a list shown one item per line (a line break in Word)."""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(item) for item in value)
    return value


class _Environment(ImmutableSandboxedEnvironment):
    """The Jinja environment of every rendering and check: sandboxed (a template comes from outside),
    autoescaping, every output through `_finalize`, with the `regels` filter.

    Compiled templates are kept by their source, so the parts of a template used again (the default one
    above all) compile once per process; compiling is about half the time of a rendering.
    """

    _CACHE_SIZE = 32

    def __init__(self) -> None:
        super().__init__(autoescape=True, finalize=_finalize)
        self.filters["regels"] = _lines
        self._compiled: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's own signature)
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self._CACHE_SIZE:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


_ENVIRONMENT = _Environment()


def _prepare(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return {key: _prepare(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepare(item) for item in value]
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _empty(variable: Variable, name: str = "") -> Any:
    if variable.kind == GROUP:
        return {key: _empty(member, key) for key, member in variable.fields.items()}
    if variable.kind == LIST:
        return []
    if variable.kind == FLAG:
        return name in ("deel_a", "deel_b")
    return ""


def _complete(value: Any, variable: Variable) -> Any:
    """`value` with every variable of the schema that it lacks filled in empty (recursively)."""
    if variable.kind == GROUP and isinstance(value, dict):
        for key, member in variable.fields.items():
            value[key] = _complete(value[key], member) if key in value else _empty(member, key)
    elif variable.kind == LIST and isinstance(value, list) and variable.item is not None:
        value = [_complete(item, variable.item) for item in value]
    return value


def prepare_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as a template sees it: plain dicts, lists and texts (None as ``""``), missing variables
    empty (texts ``""``, lists ``[]``, `deel_a`/`deel_b` true). Keys outside `VARIABLES` are kept. Texts
    are cleaned on output, by `_finalize`."""
    prepared = _prepare(dict(context))
    for name, variable in VARIABLES.items():
        prepared[name] = _complete(prepared[name], variable) if name in prepared else _empty(variable, name)
    return prepared


# -- rendering -----------------------------------------------------------------------------------


class _InvalidOutput(Exception):
    """The filled template is not well-formed XML."""


_TAG_TEXT = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})")
_LOW_QUOTES = str.maketrans({"\u201e": '"', "\u201a": "'"})


class _Template(DocxTemplate):
    """docxtpl's template, refusing output that is not well-formed XML instead of repairing it silently."""

    def fix_tables(self, xml: str):
        try:
            etree.fromstring(xml)
        except etree.XMLSyntaxError as exc:
            raise _InvalidOutput(str(exc)) from exc
        return super().fix_tables(xml)

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl's clean-up, plus the Dutch low quotes („ ‚) Word types, made straight inside tags as
        docxtpl already does for “ ” ‘ ’."""
        return _TAG_TEXT.sub(lambda match: match.group(0).translate(_LOW_QUOTES), super().patch_xml(src_xml))

    def sources(self) -> list[tuple[str, str]]:
        """Each part's XML as Jinja sees it (tags cleaned up by docxtpl), one paragraph per line, with the
        part's name for messages ("de hoofdtekst", "een voettekst")."""
        document = self.get_docx()
        found = [("de hoofdtekst", self.patch_xml(self.xml_to_string(document._element.body)))]
        for where, uri in (("een koptekst", self.HEADER_URI), ("een voettekst", self.FOOTER_URI)):
            for _key, part in self.get_headers_footers(uri):
                found.append((where, self.patch_xml(self.get_part_xml(part))))
        return [(where, re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)) for where, xml in found]


def _open(template: bytes) -> _Template:
    """The template opened with python-docx, or TemplateProblem saying why it is no Word document."""
    if not zipfile.is_zipfile(io.BytesIO(template)):
        raise TemplateProblem("Het sjabloon is geen Word-document (.docx), of het is beschadigd: het is geen "
                              "leesbaar zip-archief.")
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise TemplateProblem(
                    "Het sjabloon is geen Word-document (.docx): het bevat geen word/document.xml.")
            damaged = archive.testzip()
        if damaged is not None:
            raise TemplateProblem(f"Het sjabloon is beschadigd: het onderdeel {damaged} is niet leesbaar.")
        docx_template = _Template(io.BytesIO(template))
        docx_template.init_docx()
    except TemplateProblem:
        raise
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(f"Het sjabloon is beschadigd: een onderdeel is geen geldige XML ({exc}).") from exc
    except ValueError as exc:
        if "template" in str(exc):
            raise TemplateProblem("Het sjabloon is een Word-sjabloon (.dotx); sla het in Word op als "
                                  "Word-document (.docx).") from exc
        raise TemplateProblem(f"Het sjabloon is geen Word-document (.docx): {exc}.") from exc
    except (zipfile.BadZipFile, KeyError, PackageNotFoundError, EOFError, OSError) as exc:
        raise TemplateProblem(f"Het sjabloon is beschadigd en kan niet worden gelezen ({exc}).") from exc
    return docx_template


def _fill(docx_template: _Template, context: dict[str, Any]) -> bytes:
    try:
        docx_template.render(context, jinja_env=_ENVIRONMENT, autoescape=True)
        output = io.BytesIO()
        docx_template.save(output)
        _assert_well_formed(output.getvalue())
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_problem(exc, "")) from exc
    except TemplateError as exc:
        raise TemplateProblem(_sentence(f"Het sjabloon kan niet worden gevuld: {exc}")) from exc
    except (_InvalidOutput, etree.XMLSyntaxError) as exc:
        raise TemplateProblem(
            "Het sjabloon geeft geen geldig Word-document: waarschijnlijk staat een opdracht zoals {%tr …%} "
            f"of {{%p …%}} op een plek waar die niet kan (details: {exc})."
        ) from exc
    except Exception as exc:  # a template is code from outside: any error in it is the template's problem
        raise TemplateProblem(_sentence(f"Het sjabloon kan niet worden gevuld: {type(exc).__name__}: {exc}")) from exc
    return output.getvalue()


def _assert_well_formed(data: bytes) -> None:
    """Every XML part of the saved document parses strictly (docxtpl writes footnotes unparsed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


def render_docx(context: Mapping[str, Any], template: bytes | None = None) -> bytes:
    """The report as DOCX bytes: `template` (None: the default one) filled from `context` (see `VARIABLES`).

    Raises TemplateProblem (a Dutch message) when the template cannot be filled; run `check_template` on a
    user's template first to get every problem at once.
    """
    docx_template = _open(default_template() if template is None else template)
    return _fill(docx_template, prepare_context(context))


# -- checking a template -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """What a template expression refers to: the schema variable (None: not checked), its path, how written."""

    variable: Variable | None
    path: str = ""
    written: str = ""


_UNCHECKED = _Ref(None)
_PYTHON_TYPES = {TEXT: str, LIST: list, GROUP: dict, FLAG: bool}


class _Walker:
    """Walks a parsed template, following loops and `set`, recording which schema paths it uses and which
    names are not in the schema: top-level names (``organsatie``) and attributes (``kern.organsatie``,
    ``norm.nummr`` inside a loop over ``rubriek.normen``), each with where it first appears."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.unknown: dict[str, str] = {}  # attribute as written -> message tail (where, suggestion)
        self.unknown_names: dict[str, str] = {}  # top-level name -> where
        self._lines: list[str] = []
        self._where = ""

    def walk(self, parsed: nodes.Template, lines: list[str], where: str) -> None:
        """Walk one part's parsed template; `lines` and `where` locate what is found."""
        self._lines, self._where = lines, where
        self.visit(parsed, {})

    def visit(self, node: nodes.Node, scope: dict[str, _Ref]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            self._bind(node.target, inner, self._element(self.resolve(node.iter, scope)))
            inner["loop"] = _UNCHECKED
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self.visit(child, inner)
        elif isinstance(node, nodes.Assign):
            self._bind(node.target, scope, self.resolve(node.node, scope))
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self._bind(target, inner, self.resolve(value, scope))
            for child in node.body:
                self.visit(child, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for argument in node.args:
                inner[argument.name] = _UNCHECKED
            for child in node.iter_child_nodes(exclude=("args",)):
                self.visit(child, inner)
        elif isinstance(node, nodes.AssignBlock):
            self._bind(node.target, scope, _UNCHECKED)
            for child in node.body:
                self.visit(child, scope)
        elif isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self.resolve(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def resolve(self, node: nodes.Node, scope: dict[str, _Ref]) -> _Ref:
        """What `node` refers to, recording used paths and unknown names on the way."""
        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                return _UNCHECKED
            if node.name in scope:
                return scope[node.name]
            if node.name in VARIABLES:
                self.used.add(node.name)
                return _Ref(VARIABLES[node.name], node.name, node.name)
            self.unknown_names.setdefault(node.name, _location(self._lines, node.lineno, self._where))
            return _UNCHECKED
        if isinstance(node, nodes.Getattr):
            return self._member(self.resolve(node.node, scope), node.attr, node.lineno)
        if isinstance(node, nodes.Getitem):
            self.visit(node.arg, scope)
            base = self.resolve(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._member(base, node.arg.value, node.lineno)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int):
                return self._element(base)
            return _UNCHECKED
        self.visit(node, scope)
        return _UNCHECKED

    def _member(self, base: _Ref, name: str, line: int) -> _Ref:
        variable = base.variable
        if variable is None:
            return _UNCHECKED
        if variable.kind == GROUP and name in variable.fields:
            path = f"{base.path}.{name}"
            self.used.add(path)
            return _Ref(variable.fields[name], path, f"{base.written}.{name}")
        if hasattr(_PYTHON_TYPES[variable.kind], name):
            return _UNCHECKED  # a method, such as kern.organisatie.upper or overall.items
        written = f"{base.written}.{name}"
        if written not in self.unknown:
            self.unknown[written] = (_location(self._lines, line, self._where)
                                     + _suggestion(name, variable.fields, f"{base.written}."))
        return _UNCHECKED

    @staticmethod
    def _element(ref: _Ref) -> _Ref:
        if ref.variable is None or ref.variable.kind != LIST or ref.variable.item is None:
            return _UNCHECKED
        return _Ref(ref.variable.item, f"{ref.path}[]", ref.written)

    @staticmethod
    def _bind(target: nodes.Node, scope: dict[str, _Ref], ref: _Ref) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = _Ref(ref.variable, ref.path, target.name) if ref.variable else _UNCHECKED
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                if isinstance(item, nodes.Name):
                    scope[item.name] = _UNCHECKED


_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}


def _location(lines: list[str], line: int | None, where: str) -> str:
    """' in de hoofdtekst (bij: «…»)': the part (`where`) and the text of the paragraph on `line` of its source."""
    text = ""
    if line and line <= len(lines):
        text = _SPACE.sub(" ", _TAGS.sub("", lines[line - 1])).strip()
        text = re.sub("|".join(_ENTITIES), lambda match: _ENTITIES[match.group()], text)
        text = text if len(text) <= 80 else text[:77] + "..."
    hint = f" in {where}" if where else ""
    return f"{hint} (bij: «{text}»)" if text else hint


def _sentence(text: str) -> str:
    text = text.rstrip(". ")
    return text if text.endswith("?") else text + "."


def _enumerate(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return f"de variabele {quoted[0]}"
    return f"de variabelen {', '.join(quoted[:-1])} en {quoted[-1]}"


_DOCXTPL_TAG = re.compile(r"unknown tag '(tr|tc|p|r)'")


def _syntax_problem(exc: TemplateSyntaxError, location: str) -> str:
    """A Jinja syntax error in Dutch, with Jinja's own words and a hint for docxtpl's row and paragraph tags."""
    text = f"Fout in de sjabloontaal{location}: {exc.message or exc}"
    if _DOCXTPL_TAG.search(str(exc.message)):
        text = (text.rstrip(". ") + ". Een opdracht als {%tr …%} hoort in een eigen tabelrij, {%tc …%} in een "
                "eigen tabelcel en {%p …%} in een eigen alinea")
    return _sentence(text)


def _suggestion(name: str, known: Iterable[str], prefix: str = "") -> str:
    known = tuple(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"; bedoelt u '{prefix}{close[0]}'?"
    if known:
        return f"; hier bekend: {', '.join(known)}"
    return ""


def check_template(template: bytes, parts: Iterable[str] = PARTS) -> list[str]:
    """The problems of a user's template for rendering `parts` ("A", "B" or both), in Dutch; [] if none.

    Checks, in order: a Word document at all (one message if not); Jinja syntax per part of the document
    (body, headers, footers); variables used but not in `VARIABLES` (top level through docxtpl's
    `get_undeclared_template_variables` against `sample_context`, nested names such as ``kern.organsatie``
    by walking the parsed template); the variables `REQUIRED` for each part; and finally a trial fill with
    `sample_context`, which catches what only shows when filling (a tag where Word's XML cannot take it).
    """
    wanted = tuple(dict.fromkeys(parts))
    if not wanted or any(part not in PARTS for part in wanted):
        raise ValueError(f"parts must be taken from {PARTS}, got {wanted!r}")
    try:
        docx_template = _open(template)
    except TemplateProblem as exc:
        return [str(exc)]
    env = _ENVIRONMENT
    problems: list[str] = []
    walker = _Walker()
    for where, source in docx_template.sources():
        lines = source.split("\n")
        try:
            parsed = env.parse(source)
            env.compile(parsed)
        except TemplateSyntaxError as exc:
            if "end of template" in str(exc.message):  # Jinja points at the end, not at the open tag
                problems.append(_syntax_problem(exc, f" aan het einde van {where}"))
            else:
                problems.append(_syntax_problem(exc, _location(lines, exc.lineno, where)))
            continue
        walker.walk(parsed, lines, where)
    if problems:
        return problems
    sample = sample_context(wanted)
    undeclared = docx_template.get_undeclared_template_variables(jinja_env=env, context=sample)
    for name in sorted(undeclared - set(env.globals)):
        problems.append(_sentence(f"Onbekende variabele '{name}' in het sjabloon"
                                  f"{walker.unknown_names.get(name, '')}{_suggestion(name, VARIABLES)}"))
    for written, tail in walker.unknown.items():
        problems.append(_sentence(f"Onbekende variabele '{written}' in het sjabloon{tail}"))
    for part in wanted:
        missing = ["' of '".join(alternatives) for alternatives in REQUIRED[part]
                   if not any(path in walker.used for path in alternatives)]
        if missing:
            problems.append(f"Het sjabloon mist voor deel {part} {_enumerate(missing)}; "
                            "zie de lijst van sjabloonvariabelen in de README.")
    if problems:
        return problems
    try:
        _fill(docx_template, prepare_context(sample))
    except TemplateProblem as exc:
        return [str(exc)]
    return []
