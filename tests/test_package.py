"""Package stage: the offline zip holds, under one folder, what a browser loads of the site, the same bytes at every build."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from callcma.stages import s6_package
from callcma.stages.s6_package import package_site
from callcma.settings import OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME


PAGE = '<html lang=fr><link rel="stylesheet" href="assets/site.css">Accueil</html>'


def _site(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    return root


def test_the_zip_holds_every_file_under_one_folder_but_itself(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    package_site(site, None)
    package_site(site, None)  # a second build must not pack the first zip into itself
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        assert archive.namelist() == [f"{OFFLINE_ZIP_FOLDER}/assets/site.css", f"{OFFLINE_ZIP_FOLDER}/index.html"]
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/index.html") == PAGE.encode()


@pytest.mark.parametrize(("epoch", "stamp"), [(1700000000, (2023, 11, 14, 22, 13, 20)), (None, (1980, 1, 1, 0, 0, 0))])
def test_entries_are_dated_from_the_build_date_never_the_clock(tmp_path: Path, epoch: int | None, stamp: tuple[int, ...]) -> None:
    first, second = _site(tmp_path / "a"), _site(tmp_path / "b")
    package_site(first, epoch)
    package_site(second, epoch)
    assert (first / OFFLINE_ZIP_NAME).read_bytes() == (second / OFFLINE_ZIP_NAME).read_bytes()
    with zipfile.ZipFile(first / OFFLINE_ZIP_NAME) as archive:
        assert {info.date_time for info in archive.infolist()} == {stamp}


def test_the_zip_of_the_same_files_is_reused_wherever_the_site_is_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, epoch = tmp_path / ".cache", 1600000000
    first = _site(tmp_path / "site")
    package_site(first, epoch, cache)
    made = (first / OFFLINE_ZIP_NAME).read_bytes()
    package_site(_site(tmp_path / "plain"), epoch)
    assert (tmp_path / "plain" / OFFLINE_ZIP_NAME).read_bytes() == made  # the cache changes nothing of the zip

    def no_zip(*_: object) -> bytes:
        raise AssertionError("the zip was made again")

    with monkeypatch.context() as patched:
        patched.setattr(s6_package, "zip_bytes", no_zip)
        package_site(first, epoch, cache)  # the same site again
        package_site(_site(tmp_path / "elsewhere"), epoch, cache)  # the same files, built in another folder
    assert (first / OFFLINE_ZIP_NAME).read_bytes() == (tmp_path / "elsewhere" / OFFLINE_ZIP_NAME).read_bytes() == made
    (first / "index.html").write_text("<html lang=fr>Accueil modifié</html>", encoding="utf-8")
    package_site(first, epoch, cache)
    with zipfile.ZipFile(first / OFFLINE_ZIP_NAME) as archive:
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/index.html") == "<html lang=fr>Accueil modifié</html>".encode()
    package_site(first, 1700000000, cache)  # another date: a zip of its own
    with zipfile.ZipFile(first / OFFLINE_ZIP_NAME) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def _names(site: Path) -> list[str]:
    package_site(site, None)
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        return [name.removeprefix(f"{OFFLINE_ZIP_FOLDER}/") for name in archive.namelist()]


def _lunr_site(root: Path, languages: list[str]) -> Path:
    """A site whose search index names ``languages``, with Material's lunr folder."""
    site = _site(root)
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(json.dumps({"config": {"lang": languages}, "docs": []}), encoding="utf-8")
    lunr = site / "assets" / "javascripts" / "lunr"
    (lunr / "min").mkdir(parents=True)
    for name in ("tinyseg.js", "wordcut.js", *(f"min/lunr.{code}.min.js" for code in ("de", "fr", "ja", "th", "multi", "stemmer.support"))):
        (lunr / name).write_text("//", encoding="utf-8")
    return site


def test_source_maps_and_sitemaps_stay_out(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    for name in ("assets/bundle.min.js", "assets/bundle.min.js.map", "sitemap.xml", "sitemap.xml.gz", "404.html"):
        (site / name).write_text("x", encoding="utf-8")
    assert _names(site) == ["404.html", "assets/bundle.min.js", "assets/site.css", "index.html"]


@pytest.mark.parametrize(("index", "script"), [("search/search_index.json", "search/search_index.js"), ("search.json", "search.js")])
def test_the_search_index_is_packed_once_in_the_form_a_page_opened_from_files_loads(tmp_path: Path, index: str, script: str) -> None:
    site = _site(tmp_path / "site")
    (site / index).parent.mkdir(exist_ok=True)
    (site / index).write_text("{}", encoding="utf-8")
    assert index in _names(site)  # alone, it stays
    (site / script).write_text("var index = {}", encoding="utf-8")
    assert script in _names(site) and index not in _names(site)


def test_pages_are_packed_without_their_json_ld(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / "page.html").write_text('<head><script type="application/ld+json">{"@context": "https://schema.org"}</script>\n<title>t</title>', encoding="utf-8")
    (site / "data.json").write_text('<script type="application/ld+json">{}</script>', encoding="utf-8")
    package_site(site, None)
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/page.html") == b"<head><title>t</title>"
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/data.json") == b'<script type="application/ld+json">{}</script>'  # not a page: as it is
    assert "ld+json" in (site / "page.html").read_text(encoding="utf-8")  # the site keeps it


def test_a_stylesheet_no_page_links_to_stays_out(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / "assets" / "modern").mkdir()
    (site / "assets" / "modern" / "main.css").write_text("body{}", encoding="utf-8")  # another variant of the theme
    (site / "assets" / "imported.css").write_text("p{}", encoding="utf-8")
    (site / "assets" / "site.css").write_text('@import "imported.css";', encoding="utf-8")
    (site / "page").mkdir()
    (site / "page" / "index.html").write_text("<link href='../assets/other.css?v=1' rel=stylesheet>", encoding="utf-8")
    (site / "assets" / "other.css").write_text("p{}", encoding="utf-8")
    assert _names(site) == ["assets/imported.css", "assets/other.css", "assets/site.css", "index.html", "page/index.html"]


@pytest.mark.parametrize(
    ("languages", "kept"),
    [
        (["fr"], ["min/lunr.fr.min.js", "min/lunr.stemmer.support.min.js"]),
        (["en"], []),
        (["fr", "de"], ["min/lunr.de.min.js", "min/lunr.fr.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"]),
        (["ja"], ["min/lunr.ja.min.js", "min/lunr.stemmer.support.min.js", "tinyseg.js"]),
    ],
)
def test_only_the_lunr_files_of_the_index_languages_are_packed(tmp_path: Path, languages: list[str], kept: list[str]) -> None:
    lunr = "assets/javascripts/lunr/"
    assert [name.removeprefix(lunr) for name in _names(_lunr_site(tmp_path / "site", languages)) if name.startswith(lunr)] == kept


def test_a_site_without_lunr_keeps_its_search_files(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")  # Zensical: its own search, no lunr folder
    (site / "search.js").write_text("//", encoding="utf-8")
    assert _names(site) == ["assets/site.css", "index.html", "search.js"]


def _pages_linking_the_zip(root: Path) -> Path:
    site = _site(root)
    (site / "index.html").write_text(f'<p><a href="{OFFLINE_ZIP_NAME}">Télécharger tout le site (zip)</a> : décompressez-le.</p>', encoding="utf-8")
    (site / "404.html").write_text('<head><meta charset="utf-8"><link href="https://exemple.org/c/assets/site.css"></head>', encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("address", "index", "not_found"),
    [
        # Without an address: the link's text alone (the copy cannot hold itself); the 404 page as it is (relative).
        (None, "<p>Télécharger tout le site (zip) : décompressez-le.</p>", '<head><meta charset="utf-8"><link href="https://exemple.org/c/assets/site.css"></head>'),
        # With one: the published zip; the 404 page relative again, for file://.
        ("https://exemple.org/c/", f'<p><a href="https://exemple.org/c/{OFFLINE_ZIP_NAME}">Télécharger tout le site (zip)</a> : décompressez-le.</p>', '<head><meta charset="utf-8"><link href="./assets/site.css"></head>'),
    ],
    ids=["no-address", "address"],
)
def test_the_offline_copy_has_no_dead_link_to_itself(tmp_path: Path, address: str | None, index: str, not_found: str) -> None:
    site = _pages_linking_the_zip(tmp_path / "site")
    package_site(site, None, None, address)
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/index.html").decode("utf-8") == index
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/404.html").decode("utf-8") == not_found
    # The site itself keeps its link to the zip.
    assert f'href="{OFFLINE_ZIP_NAME}"' in (site / "index.html").read_text(encoding="utf-8")
