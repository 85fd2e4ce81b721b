"""Build templates/agreement.docx, report.docx, summary.docx: styles, header/footer, docxtpl body.

The committed .docx is the artifact users restyle in Word; this script is how it was made, so a
change to the structure is reviewable as code. Run: python tools/make_templates.py
Fonts are explicit (Arial, which LibreOffice maps to the metric-compatible Liberation Sans), with
every theme-font reference removed, so no renderer silently falls back to another font.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from coopdocs.render.blocks import STYLES as REPORT_BLOCK_STYLES  # kept: only blocks use them
from coopdocs.render.package import save_reproducible

ROOT = Path(__file__).resolve().parent.parent
FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)


def main() -> None:
    for name in ("agreement", "report", "summary"):
        out = ROOT / "templates" / f"{name}.docx"
        out.write_bytes(template(name))
        print(out)


def template(name: str) -> bytes:
    """The .docx bytes of a template: ``agreement``, ``report`` or ``summary``."""
    doc = Document()
    _page(doc)
    _fonts(doc)
    _styles(doc)
    _header_footer(doc)
    _body(doc, {"agreement": BODY, "report": REPORT_BODY, "summary": SUMMARY_BODY}[name])
    _properties(doc, {"agreement": "Kooperationsvereinbarung", "report": "Evaluationsbericht",
                      "summary": "Eckpunkte"}[name])
    _lean(doc, keep=() if name == "agreement" else REPORT_BLOCK_STYLES)
    return save_reproducible(doc)  # no build time in the zip


def _page(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)
    assert section.start_type == WD_SECTION.NEW_PAGE


def _fonts(doc: DocumentObject) -> None:
    """Explicit fonts everywhere and German as the proofing language."""
    styles = doc.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), FONT)
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "de-DE")
    lang.set(qn("w:eastAsia"), "de-DE")
    lang.set(qn("w:bidi"), "ar-SA")


def _style(doc: DocumentObject, name: str, base: str = "Normal") -> ParagraphStyle:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base]
    assert isinstance(style, ParagraphStyle)
    style.font.name = FONT
    style.quick_style = True
    return style


# name: (base style, font settings, paragraph settings). Sizes in points, indents in cm.
STYLES: dict[str, tuple[str, dict[str, object], dict[str, object]]] = {
    "Normal": ("", {"size": 10.5}, {"space_after": 6, "line_spacing": 1.15}),
    "Title": ("", {"size": 22, "bold": True, "color": ACCENT},
              {"align": "center", "space_before": 36, "space_after": 6}),
    "Subtitle": ("", {"size": 14, "italic": False, "color": ACCENT},
                 {"align": "center", "space_after": 24}),
    "Heading 1": ("", {"size": 11.5, "bold": True, "color": ACCENT},
                  {"space_before": 16, "space_after": 6, "keep_with_next": True}),
    "Anlage": ("Heading 1", {"size": 13}, {"page_break_before": True, "space_before": 0}),
    "Übersicht Überschrift": ("Normal", {"size": 13, "bold": True, "color": ACCENT},
                              {"space_before": 12, "space_after": 8, "keep_with_next": True}),
    "Verzeichnis": ("Normal", {}, {"hanging": 2.0, "left": 2.0, "space_after": 2}),
    "Absatz": ("Normal", {}, {"hanging": 0.9}),
    "Aufzählung": ("Normal", {}, {"hanging": 0.7, "left": 1.6, "space_after": 3}),
    "Klauseltext": ("Normal", {}, {}),
    "Zitat": ("Normal", {}, {"hanging": 0.9, "left": 1.8, "space_after": 4}),
    "Zitat Aufzählung": ("Normal", {}, {"hanging": 0.7, "left": 2.5, "space_after": 3}),
    "Hinweis": ("Normal", {"size": 9, "italic": True, "color": GREY},
                {"align": "center", "space_after": 18}),
    "Zwischen": ("Normal", {}, {"align": "center", "space_before": 6, "space_after": 6,
                                "keep_with_next": True}),
    "Partei Name": ("Normal", {"bold": True},
                    {"align": "center", "space_after": 0, "keep_with_next": True}),
    "Partei": ("Normal", {}, {"align": "center", "space_after": 0, "keep_with_next": True}),
    "Partei Kurzbezeichnung": ("Normal", {"italic": True}, {"align": "center"}),
    "Unterschrift Partner": ("Normal", {"bold": True},
                             {"space_before": 18, "keep_with_next": True}),
    "Unterschrift": ("Normal", {}, {"space_before": 20, "space_after": 0,
                                    "keep_with_next": True}),
    "Unterschrift Name": ("Normal", {"size": 9.5}, {"keep_with_next": True}),
    "Tabellenüberschrift": ("Normal", {"bold": True, "color": ACCENT},
                            {"space_before": 12, "space_after": 4, "keep_with_next": True}),
    "Tabelle": ("Normal", {"size": 9}, {"space_after": 0, "line_spacing": 1.0}),
    "Tabellenkopf": ("Tabelle", {"bold": True}, {}),
    "Heading 2": ("", {"size": 10.5, "bold": True, "color": ACCENT},
                  {"space_before": 10, "space_after": 4, "keep_with_next": True}),
    "Punkt": ("Normal", {}, {"hanging": 0.5, "left": 0.5, "space_after": 3}),
    "Vermerk": ("Normal", {"size": 9.5, "italic": True, "color": GREY}, {"space_before": 4}),
    "Bild": ("Normal", {}, {"align": "center", "space_before": 6, "space_after": 2,
                            "keep_with_next": True}),
    "Abbildung": ("Normal", {"size": 9, "color": GREY}, {"align": "center", "space_after": 12}),
    "Deckblatt": ("Normal", {"size": 10.5}, {"space_after": 2}),
    "Kopfzeile Vermerk": ("Normal", {"size": 8.5, "color": GREY}, {"align": "right"}),
    "Fußzeile Vermerk": ("Normal", {"size": 8.5, "color": GREY}, {"align": "center"}),
}

_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _styles(doc: DocumentObject) -> None:
    for name, (base, font, paragraph) in STYLES.items():
        style = _style(doc, name, base or "Normal")
        _apply_font(style, font)
        _apply_paragraph(style, paragraph)
    _no_border(doc.styles["Title"])
    doc.styles["Normal"].paragraph_format.widow_control = True


def _apply_font(style: ParagraphStyle, font: dict[str, object]) -> None:
    if "size" in font:
        style.font.size = Pt(float(font["size"]))  # type: ignore[arg-type]
    for flag in ("bold", "italic"):
        if flag in font:
            setattr(style.font, flag, font[flag])
    if "color" in font:
        style.font.color.rgb = font["color"]


def _apply_paragraph(style: ParagraphStyle, settings: dict[str, object]) -> None:
    fmt = style.paragraph_format
    for key in ("space_before", "space_after"):
        if key in settings:
            setattr(fmt, key, Pt(float(settings[key])))  # type: ignore[arg-type]
    for key in ("line_spacing", "keep_with_next", "page_break_before"):
        if key in settings:
            setattr(fmt, key, settings[key])
    if "align" in settings:
        fmt.alignment = _ALIGN[str(settings["align"])]
    if "hanging" in settings:
        hanging = Cm(float(settings["hanging"]))  # type: ignore[arg-type]
        left = Cm(float(settings.get("left", settings["hanging"])))  # type: ignore[arg-type]
        fmt.left_indent, fmt.first_line_indent = left, -hanging
        fmt.tab_stops.add_tab_stop(left)


def _no_border(style: object) -> None:
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _header_footer(doc: DocumentObject) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.style = doc.styles["Kopfzeile Vermerk"]
    header.add_run("{{ header_note }}").bold = True
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Fußzeile Vermerk"]
    footer.add_run("{{ footer }} – {{ page_word }} ")
    _field(footer, "PAGE")
    footer.add_run(" {{ of_word }} ")
    _field(footer, "NUMPAGES")


def _field(paragraph: Paragraph, code: str) -> None:
    """A simple field (PAGE, NUMPAGES); the renderer fills in the numbers on layout."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# One paragraph of a § or an annex (inside a "for para in …" loop, which it closes): an Absatz
# "(1)", a list item "a)" or unnumbered text.
PARAGRAPH: list[tuple[str, str] | str] = [
    ('{%p if para.kind == "absatz" %}', "Normal"),
    "<absatz>",
    ('{%p elif para.kind == "item" %}', "Normal"),
    "<item>",
    ('{%p elif para.kind == "quote" %}', "Normal"),  # a Nachtrag's quoted new text
    "<quote>",
    ('{%p elif para.kind == "quote_item" %}', "Normal"),
    "<quote_item>",
    ('{%p elif para.kind == "note" %}', "Normal"),  # a Lesefassung's "geändert durch …"
    ("{{ para.text }}", "Vermerk"),
    ("{%p else %}", "Normal"),
    ("{{ para.text }}", "Klauseltext"),
    ("{%p endif %}", "Normal"),
    ("{%p endfor %}", "Normal"),
]

# The body, top to bottom: (text, paragraph style) for plain lines; "<absatz>", "<item>",
# "<signer>" and "<table>" for the paragraphs and the table that need more than one run.
# Control tags ({%p …%}) stand in paragraphs of their own: docxtpl removes those paragraphs.
BODY: list[tuple[str, str] | str] = [
    # A draft's open points and assumptions: not part of the agreement, on pages of their own
    # before the agreement begins
    ("{%p if open_points %}", "Normal"),
    ("{{ open_points_title }}", "Übersicht Überschrift"),
    ("{{ open_points_intro }}", "Klauseltext"),
    ("{%p for table in open_points %}", "Normal"),
    ("{{ table.caption }}", "Tabellenüberschrift"),
    "<table>",
    ("{%p endfor %}", "Normal"),
    "<page>",
    ("{%p endif %}", "Normal"),
    ("{{ heading }}", "Title"),
    ("{{ title }}", "Subtitle"),
    ("{%p if draft_note %}", "Normal"),
    ("{{ draft_note }}", "Hinweis"),
    ("{%p endif %}", "Normal"),
    # Parties (Rubrum)
    ("{{ parties_intro }}", "Zwischen"),
    ("{%p for party in parties %}", "Normal"),
    ("{{ party.name }}", "Partei Name"),
    ("{%p for line in party.lines %}", "Normal"),
    ("{{ line }}", "Partei"),
    ("{%p endfor %}", "Normal"),
    ("{{ party.short_name }}", "Partei Kurzbezeichnung"),
    ("{%p if party.joiner %}", "Normal"),
    ("{{ party.joiner }}", "Zwischen"),
    ("{%p endif %}", "Normal"),
    ("{%p endfor %}", "Normal"),
    ("{{ parties_outro }}", "Zwischen"),
    # Contents of a long agreement: the §§ and annexes, no page numbers (no field to update)
    ("{%p if contents %}", "Normal"),
    ("{{ contents_title }}", "Übersicht Überschrift"),
    ("{%p for line in contents %}", "Normal"),
    ("{{ line }}", "Verzeichnis"),
    ("{%p endfor %}", "Normal"),
    "<page>",
    ("{%p endif %}", "Normal"),
    # Sections: preamble and §§ with Absätze, items and unnumbered text
    ("{%p for section in sections %}", "Normal"),
    ("{{ section.heading }}", "Heading 1"),
    ("{%p for para in section.paragraphs %}", "Normal"),
    *PARAGRAPH,
    ("{%p endfor %}", "Normal"),
    # Signatures: one block per partner, one line pair per representative (none in a Lesefassung)
    ("{%p if signatures %}", "Normal"),
    ("{{ signature_intro }}", "Heading 1"),
    ("{%p endif %}", "Normal"),
    ("{%p for block in signatures %}", "Normal"),
    ("{{ block.partner }}", "Unterschrift Partner"),
    ("{%p for signer in block.signers %}", "Normal"),
    ("______________________________    ______________________________", "Unterschrift"),
    "<signer>",
    ("{%p endfor %}", "Normal"),
    ("{%p endfor %}", "Normal"),
    # Annexes with their tables
    ("{%p for annex in annexes %}", "Normal"),
    ("{{ annex.label }}: {{ annex.title }}", "Anlage"),
    ("{%p for para in annex.paragraphs %}", "Normal"),
    *PARAGRAPH,
    ("{%p for table in annex.tables %}", "Normal"),
    ("{{ table.caption }}", "Tabellenüberschrift"),
    "<table>",
    ("{%p endfor %}", "Normal"),
    ("{%p endfor %}", "Normal"),
]


# The report: a cover from the template, then the blocks coopdocs.render.docx inserts at the anchor.
REPORT_BODY: list[tuple[str, str] | str] = [
    ("{{ title }}", "Title"),
    ("{{ subtitle }}", "Subtitle"),
    "<cover>",
    "<page>",
    ("{{ body }}", "Klauseltext"),
]

# The key terms (Eckpunkte): one or two pages, so neither cover nor title page; a heading as
# the draft's open points have it, then the blocks.
SUMMARY_BODY: list[tuple[str, str] | str] = [
    ("{{ title }}", "Übersicht Überschrift"),
    ("{{ body }}", "Klauseltext"),
]

def _body(doc: DocumentObject, body: list[tuple[str, str] | str]) -> None:
    special = {"<absatz>": lambda: _labelled(doc, "Absatz"),
               "<item>": lambda: _labelled(doc, "Aufzählung"),
               "<quote>": lambda: _labelled(doc, "Zitat"),
               "<quote_item>": lambda: _labelled(doc, "Zitat Aufzählung"),
               "<signer>": lambda: _signer(doc), "<table>": lambda: _table(doc),
               "<cover>": lambda: _cover(doc), "<page>": lambda: _page_break(doc)}
    for entry in body:
        if isinstance(entry, str):
            special[entry]()
        else:
            doc.add_paragraph(entry[0], style=entry[1])


def _labelled(doc: DocumentObject, style: str) -> None:
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run("{{ para.label }}")
    paragraph.add_run().add_tab()
    paragraph.add_run("{{ para.text }}")


def _signer(doc: DocumentObject) -> None:
    """"Ort, Datum" and, at the tab, name and function; a long function wraps at the tab (a
    hanging indent as wide as the tab), never under "Ort, Datum"."""
    paragraph = doc.add_paragraph(style="Unterschrift Name")
    paragraph.add_run("{{ place_date }}")
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(7.3))
    paragraph.paragraph_format.left_indent = Cm(7.3)
    paragraph.paragraph_format.first_line_indent = Cm(-7.3)
    paragraph.add_run().add_tab()
    paragraph.add_run("{{ signer.name }}{% if signer.function %}, {{ signer.function }}{% endif %}")


def _table(doc: DocumentObject) -> None:
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    _cells(rows[0], ("{%tc for cell in table.header %}", "{{ cell }}", "{%tc endfor %}"),
           "Tabellenkopf")
    _repeat_header(rows[0])
    _cells(rows[1], ("{%tr for row in table.rows %}", "", ""), "Tabelle")
    _cells(rows[2], ("{%tc for cell in row %}", "{{ cell }}", "{%tc endfor %}"), "Tabelle")
    _cells(rows[3], ("{%tr endfor %}", "", ""), "Tabelle")
    _shade(rows[0])


def _cover(doc: DocumentObject) -> None:
    table = doc.add_table(rows=3, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    _cells(rows[0], ("{%tr for row in cover %}", ""), "Deckblatt")
    _cells(rows[1], ("{{ row[0] }}", "{{ row[1] }}"), "Deckblatt")
    rows[1].cells[0].paragraphs[0].runs[0].bold = True
    _cells(rows[2], ("{%tr endfor %}", ""), "Deckblatt")


def _page_break(doc: DocumentObject) -> None:
    doc.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)


def _cells(row: object, texts: tuple[str, ...], style: str) -> None:
    for cell, text in zip(row.cells, texts, strict=True):  # type: ignore[attr-defined]
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = style


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _shade(row: object) -> None:
    for cell in row.cells:  # type: ignore[attr-defined]
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "DCE3EC")
        cell._tc.get_or_add_tcPr().append(shading)


def _properties(doc: DocumentObject, title: str) -> None:
    props = doc.core_properties
    props.author = "coopdocs"
    props.last_modified_by = "coopdocs"
    props.title = title
    props.comments = ""
    props.revision = 1


def _lean(doc: DocumentObject, keep: tuple[str, ...] = ()) -> None:
    """Drop what python-docx's default document carries but no agreement uses.

    Its 180 style definitions, the Word 2010 copy of them (stylesWithEffects) and the thumbnail
    are three quarters of every .docx and cost LibreOffice about a fifth of each conversion
    (bench/RESULTS.md). Word still offers its built-in styles through the latent-style table.
    """
    kept = {doc.styles[name].style_id for name in keep}
    used = _with_bases(doc, _used_styles(doc) | kept)
    for style in list(doc.styles.element.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) not in used:
            doc.styles.element.remove(style)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    for rid, rel in list(doc.part.package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            doc.part.package.rels.pop(rid)


def _used_styles(doc: DocumentObject) -> set[str]:
    """Style ids the body, header and footer refer to, and the default styles."""
    refs = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
    roots = [doc.element, *(part._element for section in doc.sections
                            for part in (section.header, section.footer))]
    used = {el.get(qn("w:val")) for root in roots for el in root.iter(*refs)}
    styles = doc.styles.element.iterchildren(qn("w:style"))
    used |= {s.get(qn("w:styleId")) for s in styles if s.get(qn("w:default")) == "1"}
    return {sid for sid in used if sid is not None}


def _with_bases(doc: DocumentObject, used: set[str]) -> set[str]:
    """``used`` plus every style they build on, continue with or link to."""
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iterchildren(qn("w:style"))}
    found, pending = set(used), list(used)
    while pending:
        style = styles.get(pending.pop())
        links = style.iterchildren(qn("w:basedOn"), qn("w:next"), qn("w:link")) \
            if style is not None else ()
        for link in links:
            if link.get(qn("w:val")) not in found:
                found.add(link.get(qn("w:val")))
                pending.append(link.get(qn("w:val")))
    return {sid for sid in found if sid is not None}


if __name__ == "__main__":
    main()
