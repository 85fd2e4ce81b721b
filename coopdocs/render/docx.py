"""Word rendering: the only module that imports docxtpl.

Templates render in Jinja's immutable sandbox (``sandbox.PlainDataSandbox``) with autoescape and
``StrictUndefined``, and a plain-data context (tech-notes §1): ``Müller & Söhne <GmbH>`` and
``{{ 7*7 }}`` in the data appear literally. Core properties are set after rendering (autoescape
would double-escape them), table columns are sized to their content (``render.columns``), and
the zip is written with fixed metadata so the same input gives the same bytes
(``render.package``).
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from lxml import etree
from lxml.etree import SubElement

from coopdocs.clauses.sandbox import PlainDataSandbox
from coopdocs.errors import Location, TemplateError
from coopdocs.fmt import fold_whitespace
from coopdocs.i18n import _
from coopdocs.model.document import Block, Properties
from coopdocs.render.blocks import BODY_ANCHOR, insert_blocks
from coopdocs.render.columns import fit_columns, text_area_width
from coopdocs.render.package import save_reproducible


def render_docx(template: Path, context: Mapping[str, Any], properties: Properties,
                blocks: Sequence[Block] = (),
                post: Callable[[DocumentObject], None] | None = None) -> bytes:
    """Render ``template`` with ``context``; return reproducible .docx bytes.

    ``blocks`` (a report's body) replace the paragraph where the template prints ``{{ body }}``;
    ``post`` finishes the rendered document (the redline's tracked changes).
    """
    env = _environment()
    document = _open(template)
    try:
        document.render(plain({**context, "body": BODY_ANCHOR}), jinja_env=env)
    except (jinja2.TemplateError, KeyError, ValueError, TypeError, etree.XMLSyntaxError) as exc:
        raise TemplateError(_("cannot render the Word template: {problem}").format(problem=exc),
                            Location(template)) from exc
    docx = document.docx
    _set_properties(docx, properties)
    later = {rows.table: rows for rows in insert_blocks(docx, blocks, template)} if blocks \
        else {}
    width = text_area_width(docx)
    rows_xml: dict[bytes, Iterable[bytes]] = {}
    for table in docx.tables:
        rows = later.get(table._tbl)
        widths = fit_columns(table, width, rows.texts if rows else ())
        if rows:
            rows_xml[rows.marker] = rows.xml(widths)
    if post is not None:
        post(docx)
    return save_reproducible(docx, rows_xml)


_W_BODY = qn("w:body")

# What python-docx raises for a file that is not a Word document: not a zip, a zip without the
# parts of one (KeyError), another Office format (ValueError: the content type), broken XML.
_NOT_WORD = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError)


def _open(template: Path) -> _Template:
    """The template, read; a located TemplateError when it is not a Word document.

    docxtpl reads the file when rendering starts and keeps what it read (``init_docx``), so
    reading it here first separates a broken file from an error in the template's fields.
    """
    document = _Template(str(template))
    try:
        document.init_docx()
    except OSError as exc:
        raise TemplateError(_("cannot read the Word template: {reason}").format(
            reason=exc.strerror), Location(template)) from exc
    except _NOT_WORD as exc:
        raise TemplateError(
            _("{name} is not a Word document (.docx), or it is damaged").format(
                name=template.name), Location(template),
            hint=_("save the template in Word or LibreOffice as 'Word 2007–365 (.docx)', or "
                   "remove it from the --templates folder to use the shipped one")) from exc
    return document


class _CachingEnvironment(PlainDataSandbox):
    """The sandbox for Word templates, keeping every compiled template part.

    A template's XML is the same for every document, and compiling it costs more than rendering
    it (tech-notes §1.12); the data differs only in the context.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 256:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


@cache
def _environment() -> _CachingEnvironment:
    return _CachingEnvironment()


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl with its XML clean-up (patch_xml, a series of regexes) done once per part."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def map_tree(self, tree: etree._Element) -> None:
        """Put the rendered body's content into a body element that python-docx made.

        docxtpl parses the rendered body with a plain lxml parser and puts that element into the
        document. While anything still holds it, lxml hands out that plain element for the body
        instead of python-docx's ``CT_Body``, and ``docx.tables`` fails (``tbl_lst``); Dask's
        sampling profiler holds the frames of running tasks, so on a Dask worker this happened
        now and then.
        """
        root = self.docx.element
        body = SubElement(root, _W_BODY)  # made in place, so of python-docx's class
        body.attrib.update(tree.attrib)
        body.extend(list(tree))
        root.replace(root.find(_W_BODY), body)  # the first body is the template's

    def resolve_listing(self, xml: str) -> str:
        """Resolve docxtpl's tab, break and page-break characters in text, when there are any.

        Its regexes visit every run of the document, and our data never has these characters
        (``plain`` folds whitespace), so a look for the characters, then for them inside a text
        element, usually shows there is nothing to do.
        """
        if not any(char in xml for char in "\t\a\n\f") or _LISTING.search(xml) is None:
            return xml
        resolved: str = super().resolve_listing(xml)
        return resolved


_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


@lru_cache(maxsize=256)
def _patched(src_xml: str) -> str:
    patched: str = DocxTemplate.patch_xml(None, src_xml)
    return patched


def plain(value: Any) -> Any:
    """Fold whitespace in every string: data must not add line breaks or tabs to the layout."""
    if type(value) is str:
        return fold_whitespace(value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str):  # a subclass of str, rarely
        return fold_whitespace(value)
    return value


# Word keeps at most this many characters in a core property (python-docx refuses more).
PROPERTY_LENGTH = 255


def _set_properties(docx: DocumentObject, properties: Properties) -> None:
    moment = datetime.datetime.combine(properties.created, datetime.time(12, 0))
    core = docx.core_properties
    core.title = shorten(properties.title)
    core.subject = shorten(properties.subject)
    core.author = shorten(properties.author)
    core.keywords = shorten(properties.keywords)
    core.language = shorten(properties.language)
    core.category = shorten(properties.category)
    core.comments = ""
    core.last_modified_by = "coopdocs"
    core.revision = 1
    core.created = moment
    core.modified = moment
    _set_language(docx, properties.language)


def _set_language(docx: DocumentObject, tag: str) -> None:
    """The proofing and hyphenation language of the text, and automatic hyphenation on.

    The template's default language is de-DE. With hyphenation, Word and LibreOffice break
    "Kooperationsvereinbarung" in a narrow table cell at a syllable, with a hyphen.
    """
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}") \
        if defaults is not None else None
    if lang is not None:
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
    settings = docx.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        hyphenation = etree.Element(qn("w:autoHyphenation"))
        # w:settings is an ordered sequence (CT_Settings): autoHyphenation follows
        # defaultTabStop, before characterSpacingControl and compat
        anchor = settings.find(qn("w:defaultTabStop"))
        if anchor is not None:
            anchor.addnext(hyphenation)
        else:
            settings.insert(0, hyphenation)


def shorten(text: str, limit: int = PROPERTY_LENGTH) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary and ended with "…".

    A title or subject built from many long partner names can exceed what a document property
    holds; the document itself keeps the full text. A text without a space in its second half
    is cut inside its last word.
    """
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    cut = head.rfind(" ")
    if cut > limit // 2:
        head = head[:cut]
    return head.rstrip(" ,;:–-") + "…"
