"""French alphabetical order: accents, hyphens, « Saint- », apostrophes, ligatures and case as the Unicode Collation
Algorithm orders them, on hand-picked names and on every commune name of France (the whole UCA: pyuca, for the test)."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

import pytest
from helpers import PROJECT
from pyuca import Collator

from callcma.collation import french_key, sort_french
from callcma.extract import packages_dir

# Each list in French order, as the whole UCA gives it.
ORDERED = {
    "accents from the first letter on": ["cote", "coté", "côte", "côté"],
    "accents sort with their letter": ["Ecques", "Eleu", "Éleu-dit-Leauwette", "Estevelles", "Étaples", "Évin-Malmaison"],
    "saint- as written": ["Saint Amand", "Saint-Amand", "Saint-Éloi", "Saint-Esprit", "Saint-Étienne", "Saint-Omer", "Sainte-Catherine", "Saintes"],
    "hyphens and spaces before letters": ["Bullecourt", "Bully", "Bully les Mines", "Bully-les-Mines"],
    "apostrophes": ["L'Abergement", "L’Hôpital", "La Bassée", "Labeuvrière", "Laventie", "Lhuis"],
    "an accent after an apostrophe": ["L'Hay-les-Roses", "L'Haÿ-les-Roses", "Lhay"],
    "ligatures as their letters": ["cobra", "coercition", "coeur", "Coeur", "cœur", "Cœur"],
    "a ligature at the start": ["Œting", "Œuf-en-Ternois", "Oeuilly", "Ouve-Wirquin"],
    "æ": ["ae", "AE", "Æ", "æquo", "Aeschbach"],
    "lower case first": ["lens", "Lens", "LENS", "Lens-Liévin", "Lensois", "Lenz"],
    "digits before letters, one by one": ["Saint-Léger", "Saint-Léger 10", "Saint-Léger 2", "Saint-Légers"],
}


@pytest.mark.parametrize("names", ORDERED.values(), ids=ORDERED)
def test_french_order_of_names(names: list[str]) -> None:
    shuffled = random.Random(0).sample(names, len(names))
    assert sort_french(shuffled) == names
    assert sort_french(reversed(names)) == names


def test_items_sort_by_the_attribute_named() -> None:
    communes = [SimpleNamespace(name="Liévin", insee="62510"), SimpleNamespace(name="Lens", insee="62498"), SimpleNamespace(name="Éleu-dit-Leauwette", insee="62291")]
    assert [commune.insee for commune in sort_french(communes, "name")] == ["62291", "62498", "62510"]


def test_every_name_of_the_official_datasets_sorts_as_the_whole_uca_sorts_it() -> None:
    """Every commune, EPCI, département and région of France in both vintages (36 954 names): pyuca's order, exactly."""
    names = set()
    for package in sorted(packages_dir(PROJECT.root).glob("decoupage-administratif-*")):
        for name in ("communes", "epci", "departements", "regions", "arrondissements"):
            names |= {entry["nom"] for entry in json.loads((package / "data" / f"{name}.json").read_text(encoding="utf-8"))}
    assert len(names) > 30_000, "npm ci --prefix scripts/communes (make test runs it)"
    ordered = sorted(names)  # any order to start from: code points
    assert sorted(ordered, key=french_key) == sorted(ordered, key=Collator().sort_key)


def test_any_text_has_a_key() -> None:
    texts = ["", "Ωmega", "東京", "ø", "a\u0335b", "𝔄", "A\u00a0B", "x²", "\u2028", "a\u0301\u0301"]
    assert len(sort_french(texts)) == len(texts)
