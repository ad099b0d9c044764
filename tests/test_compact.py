"""The built site compacted: pages without their indentation where spaces do not show, the project's own stylesheets
and scripts without their maintainers' comments; nothing else changes."""

from __future__ import annotations

from pathlib import Path

from callcma.compact import compact_html, compact_site, strip_comments


def test_a_page_loses_its_indentation_but_keeps_its_line_breaks_and_the_spaces_that_show() -> None:
    page = (
        "<ul>\n    <li>un\u202f;</li>\n\n\t<li>\n      deux</li>\n</ul>\n"
        "<pre>  code\n    indenté</pre>\n  <textarea>\n  a</textarea><CODE>x\n  y</CODE>\n\u00a0 fin"
    )
    assert compact_html(page) == (
        "<ul>\n<li>un\u202f;</li>\n<li>\ndeux</li>\n</ul>\n"
        "<pre>  code\n    indenté</pre>\n<textarea>\n  a</textarea><CODE>x\n  y</CODE>\n\u00a0 fin"
    )


def test_comments_that_fill_their_lines_go_licences_and_comments_after_code_stay() -> None:
    css = "/*\n * Notes\n */\n\n/*! licence */\na { color: red; } /* why */\n  /* about b */\nb {}\n"
    assert strip_comments(css) == "\n/*! licence */\na { color: red; } /* why */\nb {}\n"


def test_the_site_is_compacted_once_and_only_its_own_assets_lose_their_comments(tmp_path: Path) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    for root in (docs, site):
        for folder in ("assets/stylesheets", "assets/javascripts", "assets/vendor"):
            (root / folder).mkdir(parents=True)
        (root / "assets/stylesheets/site.css").write_text("/* notes */\np {}\n", encoding="utf-8")
        (root / "assets/javascripts/citer.js").write_text("// notes\n  /* more */\nvar a = 1; // kept\n", encoding="utf-8")
        (root / "assets/vendor/shim.js").write_text("// licence\nx()\n", encoding="utf-8")
    (site / "assets/stylesheets/main.css").write_text("/* the theme's */\n", encoding="utf-8")
    (site / "index.html").write_text("<p>\n    a</p>\n", encoding="utf-8")
    for _ in range(2):
        compact_site(site, docs)
        assert (site / "index.html").read_text(encoding="utf-8") == "<p>\na</p>\n"
        assert (site / "assets/stylesheets/site.css").read_text(encoding="utf-8") == "p {}\n"
        assert (site / "assets/javascripts/citer.js").read_text(encoding="utf-8") == "var a = 1; // kept\n"
        assert (site / "assets/vendor/shim.js").read_text(encoding="utf-8") == "// licence\nx()\n"
        assert (site / "assets/stylesheets/main.css").read_text(encoding="utf-8") == "/* the theme's */\n"
