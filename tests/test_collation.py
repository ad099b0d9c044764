"""French alphabetical order: accents sort with their base letter, and items sort by one of their attributes."""

from __future__ import annotations

from types import SimpleNamespace

from callcma.collation import sort_french


def test_french_order_puts_accented_letters_with_their_base_letter() -> None:
    names = ["Évin-Malmaison", "Estevelles", "Éleu-dit-Leauwette", "Bully-les-Mines", "Bénifontaine", "Eleu"]
    assert sort_french(names) == ["Bénifontaine", "Bully-les-Mines", "Eleu", "Éleu-dit-Leauwette", "Estevelles", "Évin-Malmaison"]


def test_items_sort_by_the_attribute_named() -> None:
    communes = [SimpleNamespace(name="Liévin", insee="62510"), SimpleNamespace(name="Lens", insee="62498"), SimpleNamespace(name="Éleu-dit-Leauwette", insee="62291")]
    assert [commune.insee for commune in sort_french(communes, "name")] == ["62291", "62498", "62510"]
