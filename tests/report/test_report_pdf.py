"""The printed regiobeeld (issue #16 item 8): A4, at most 14 pages for a zorgkantoor region, the
summary on the first page.

It used to print on US Letter in 34 pages, with a page holding only a heading and a page per
map. Chromium prints it; the PDF is read with a few regular expressions (no PDF library).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from regioplan.regiobeeld import Regiobeeld
from regioplan.report import render_html
from regioplan.report.render import find_chromium, write_pdf

A4 = (595.0, 842.0)
"""Width and height of A4 in points."""
MAX_PAGES = 14

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="Chromium (/usr/bin/chromium) is absent"),
]


def pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page object of `pdf` (an uncompressed object table,
    as Chromium writes it)."""
    sizes = []
    for obj in re.finditer(
        rb"<<(?:(?!endobj).)*?/Type\s*/Page(?![s\w])(?:(?!endobj).)*", pdf, re.S
    ):
        box = re.search(rb"/MediaBox\s*\[\s*([\d.\s-]+)\]", obj.group(0))
        assert box is not None, obj.group(0)[:200]
        x0, y0, x1, y1 = (float(v) for v in box.group(1).split())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


@pytest.fixture(scope="module")
def pdf_path(rb: Regiobeeld, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    html = folder / "zk24.html"
    html.write_text(render_html(rb, "nl"), encoding="utf-8")
    write_pdf(html, folder / "zk24.pdf")
    return folder / "zk24.pdf"


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> bytes:
    return pdf_path.read_bytes()


def test_the_pdf_is_a4(pdf: bytes) -> None:
    sizes = pages(pdf)
    assert sizes
    for width, height in sizes:
        assert width == pytest.approx(A4[0], abs=2) and height == pytest.approx(A4[1], abs=2)


def test_a_zorgkantoor_region_prints_on_at_most_14_pages(rb: Regiobeeld, pdf: bytes) -> None:
    assert rb.level == "zorgkantoor"
    assert 4 <= len(pages(pdf)) <= MAX_PAGES


def test_the_page_reader_counts_pages_not_the_page_tree(tmp_path: Path) -> None:
    """'/Type /Pages' (the tree) is not a page; each '/Type /Page' is one, with its MediaBox."""
    fake = (
        b"1 0 obj\n<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>\nendobj\n"
        b"2 0 obj\n<< /Type /Page /Parent 1 0 R /MediaBox [0 0 594.96 841.92] >>\nendobj\n"
        b"3 0 obj\n<</Type/Page/MediaBox [0 0 612 792]/Parent 1 0 R>>\nendobj\n"
    )
    assert pages(fake) == [(594.96, 841.92), (612.0, 792.0)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is absent")
def test_the_first_page_holds_the_summary_and_no_page_only_a_heading(pdf_path: Path) -> None:
    """Page 1: title and summary; the region starts on page 2 with its map (it used to hold the
    heading only). Every page has more than a heading on it."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    sheets = [p for p in text.split("\f") if p.strip()]
    assert "Wat de cijfers betekenen" in sheets[0] and "Knelpunten" in sheets[0]
    assert sheets[1].lstrip().startswith("De regio")
    for number, sheet in enumerate(sheets, start=1):
        assert len(sheet.split()) > 12, f"page {number} holds only {sheet.strip()!r}"
