"""Vietnamese typography: one self-hosted font draws every Vietnamese letter; stacked diacritics unclipped."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import PUBLIC_PAGES, VIEWPORTS

pytestmark = pytest.mark.browser

WEB_FONT = "Noto Sans"  # the family name inside core/fonts/*.woff2


def vietnamese_letters() -> str:
    """All 134 toned vowels (12 vowels x 6 tones, both cases) plus Đ/đ: the whole Vietnamese alphabet."""
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    lower = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones] + ["đ"]
    letters = "".join(lower) + "".join(c.upper() for c in lower)
    assert len(letters) == 146 and all(len(c) == 1 for c in letters)  # every one is a single code point
    return letters


def platform_fonts(page: Page, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium actually used to draw the text of the first element matching selector."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"{selector} not found"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return fonts


@pytest.mark.parametrize("tag", ["h1", "h2", "p", "strong", "a"])
def test_the_web_font_draws_every_vietnamese_letter(open_page: Callable[..., Page], tag: str) -> None:
    page = open_page(PUBLIC_PAGES["article"])
    letters = vietnamese_letters()
    page.evaluate(
        """([tag, text]) => {
          const el = document.createElement(tag);
          el.id = 'glyph-probe';
          if (tag === 'a') el.href = '#';
          el.textContent = text + ' ' + text.toUpperCase() + ' 0123456789 ₫ … “” – ';
          document.querySelector('main').prepend(el);
        }""",
        [tag, letters],
    )
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = platform_fonts(page, "#glyph-probe")
    assert fonts, "no font reported"
    assert all(f["isCustomFont"] and f["familyName"] == WEB_FONT for f in fonts), fonts


@pytest.mark.parametrize("selector", ["h1", ".main-nav a", ".brand-area", ".lede", ".article-body p"])
def test_page_text_uses_the_web_font_only(open_page: Callable[..., Page], selector: str) -> None:
    page = open_page(PUBLIC_PAGES["article"])
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = platform_fonts(page, selector)
    assert fonts and all(f["isCustomFont"] and f["familyName"] == WEB_FONT for f in fonts), fonts


# For every line of text in the matched elements, where the ink of the tallest stacked capital
# (Ẩ Ặ Ỗ Ữ …) and of the deepest descender (ỵ g Ậ …) would be: it must stay inside every box that clips
# it (overflow other than visible) and must not reach into the next line of the same element.
INK_CHECK = """(selector) => {
  const ctx = document.createElement('canvas').getContext('2d');
  const TALL = 'ẨẪẬẶẲỔỖỘỮỰỬỂỄỆ', DEEP = 'ỵỴỹgjpqyẬỰỘ';
  const metrics = {};
  const measure = (cs) => {
    const key = cs.fontStyle + cs.fontWeight + cs.fontFamily;
    if (!metrics[key]) {
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} 1000px ${cs.fontFamily}`;
      const tall = ctx.measureText(TALL), deep = ctx.measureText(DEEP);
      metrics[key] = {ascent: tall.fontBoundingBoxAscent / 1000, inkUp: tall.actualBoundingBoxAscent / 1000,
                      inkDown: Math.max(deep.actualBoundingBoxDescent, tall.actualBoundingBoxDescent) / 1000};
    }
    const m = metrics[key], size = parseFloat(cs.fontSize);
    return {ascent: m.ascent * size, inkUp: m.inkUp * size, inkDown: m.inkDown * size};
  };
  const clipOf = (el) => {
    let top = -Infinity, bottom = Infinity;
    for (let n = el; n && n !== document.documentElement; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.overflowY !== 'visible' || cs.overflowX !== 'visible') {
        const r = n.getBoundingClientRect();
        top = Math.max(top, r.top + parseFloat(cs.borderTopWidth));
        bottom = Math.min(bottom, r.bottom - parseFloat(cs.borderBottomWidth));
      }
    }
    return {top, bottom};
  };
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.visually-hidden') || !el.getClientRects().length) continue;
    const lines = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const host = t.parentElement;
      if (!t.data.trim() || host.closest('.visually-hidden')) continue;
      const m = measure(getComputedStyle(host)), clip = clipOf(host);
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) {
        if (r.width < 1) continue;
        const baseline = r.top + m.ascent;
        const ink = {top: baseline - m.inkUp, bottom: baseline + m.inkDown, left: r.left, right: r.right, line: r.top};
        checked++;
        if (ink.top < clip.top - 0.5 || ink.bottom > clip.bottom + 0.5)
          problems.push(`${el.tagName}.${el.className} "${t.data.trim().slice(0, 30)}" clipped`);
        lines.push(ink);
      }
    }
    for (const a of lines) for (const b of lines) {
      const below = b.line > a.line + 1, overlapX = a.left < b.right && b.left < a.right;
      if (below && overlapX && a.bottom > b.top + 0.5)
        problems.push(`${el.tagName}.${el.className}: lines touch (${(a.bottom - b.top).toFixed(1)}px)`);
    }
  }
  return {checked, problems: [...new Set(problems)]};
}"""
DIACRITIC_TARGETS = (
    "h1, h2, h3, .main-nav a, .brand-text, .breadcrumbs li, .reader-tools button, .search-form button, "
    ".card-title, .section-title, .button"
)


@pytest.mark.parametrize(
    ("viewport", "size"), [("desktop", 0), ("mobile", 2)], ids=["desktop-default-text", "mobile-largest-text"]
)
@pytest.mark.parametrize("name", ["home", "article", "documents"])
def test_stacked_diacritics_are_not_clipped(
    open_page: Callable[..., Page], page_paths: dict[str, str], name: str, viewport: str, size: int
) -> None:
    page = open_page(page_paths[name], viewport=VIEWPORTS[viewport], reader={"size": size, "contrast": False})
    page.evaluate("document.fonts.ready.then(() => true)")
    result = page.evaluate(INK_CHECK, DIACRITIC_TARGETS)
    assert result["checked"] > 10, result
    assert not result["problems"], "\n".join(result["problems"])


def test_ink_check_detects_clipping(open_page: Callable[..., Page]) -> None:
    """The check above fails where it should: a heading squeezed to a tight line box that clips."""
    page = open_page(PUBLIC_PAGES["article"], viewport=VIEWPORTS["mobile"])
    # Styles set through the CSSOM: the public CSP refuses an injected <style> element.
    restyle = "([name, value]) => document.querySelectorAll('h1').forEach(h => h.style.setProperty(name, value, 'important'))"
    page.evaluate(restyle, ["line-height", "1"])
    page.evaluate(restyle, ["overflow", "hidden"])
    result = page.evaluate(INK_CHECK, "h1")
    assert any("clipped" in p for p in result["problems"]), result
    page.evaluate(restyle, ["overflow", "visible"])
    result = page.evaluate(INK_CHECK, "h1")
    assert any("lines touch" in p for p in result["problems"]), result


@pytest.mark.parametrize("selector", ["h1", ".article-lead, main p"])
def test_text_painted_before_the_web_font_keeps_its_width(
    open_page: Callable[..., Page], selector: str
) -> None:
    """The fonts are not preloaded (they would hold back the stylesheet on a slow network): text is first
    painted in a local font, scaled to Noto Sans's widths (site.css, scripts/font_fallbacks.py), so the
    swap does not re-wrap it. Debian's DejaVu Sans is the local font here; unscaled it is 8–15 % wider."""
    page = open_page(PUBLIC_PAGES["article"])
    page.evaluate("document.fonts.ready.then(() => true)")
    widths = page.evaluate(
        """(selector) => {
          const source = document.querySelector(selector);
          const style = getComputedStyle(source);
          const width = family => {
            const span = document.createElement('span');
            span.textContent = source.textContent.trim();
            span.style.cssText = `font: ${style.fontWeight} ${style.fontSize} ${family}; white-space: nowrap`;
            document.body.append(span);
            return document.fonts.load(`${style.fontWeight} ${style.fontSize} ${family}`).then(() => {
              const w = span.getBoundingClientRect().width;
              span.remove();
              return w;
            });
          };
          return Promise.all([width('"Noto Sans Cong"'), width('"Cong DejaVu"'), width('sans-serif')]);
        }""",
        selector,
    )
    web, fallback, plain = widths
    assert web > 200, widths
    assert abs(fallback / web - 1) < 0.03, widths
    assert abs(plain / web - 1) > 0.05, widths  # the check would see a missing or unscaled fallback
