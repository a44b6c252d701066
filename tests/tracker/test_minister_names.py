"""A minister cell read as the returns write it: the person apart from their titles, and each role."""

from __future__ import annotations

import pytest

from tracker.directory.names import read_minister


@pytest.mark.parametrize(
    ("cell", "title", "name", "roles"),
    [
        ("Prime Minister, The Rt Hon David Cameron MP", "Rt Hon MP", "David Cameron", ("Prime Minister",)),
        (
            "Lord Strathclyde, Leader of the House of Lords",
            "Lord",
            "Strathclyde",
            ("Leader of the House of Lords",),
        ),
        (
            "Leader of the House of Lords, Chancellor of the Duchy of Lancaster, The Rt Hon Lord Strathclyde",
            "Rt Hon Lord",
            "Strathclyde",
            ("Leader of the House of Lords", "Chancellor of the Duchy of Lancaster"),
        ),
        (
            "Leader of the House of Commons and Lord Privy Seal, The Rt Hon Andrew Lansley MP",
            "Rt Hon MP",
            "Andrew Lansley",
            ("Leader of the House of Commons", "Lord Privy Seal"),
        ),
        (
            "Parliamentary Secretary, Deputy Leader of the House of Commons The Rt Hon Tom Brake MP",
            "Rt Hon MP",
            "Tom Brake",
            ("Parliamentary Secretary", "Deputy Leader of the House of Commons"),
        ),
        (
            "Commons Government Whip, The Rt Hon Mark Francois, Vice-Chamberlain of HM Household",
            "Rt Hon",
            "Mark Francois",
            ("Commons Government Whip", "Vice-Chamberlain of HM Household"),
        ),
        ("Earl Attlee, Government Whip (Lords)", "Earl", "Attlee", ("Government Whip (Lords)",)),
        (
            "Leader of the House of Lords, Lord Hill of Oareford CBE",
            "Lord CBE",
            "Hill of Oareford",
            ("Leader of the House of Lords",),
        ),
        (
            "Lords Commissioner of HM Treasury, Rt Hon Desmond Swayne TD MP",
            "Rt Hon TD MP",
            "Desmond Swayne",
            ("Lords Commissioner of HM Treasury",),
        ),
        ("Vernon Coaker (Minister of State)", "", "Vernon Coaker", ("Minister of State",)),
        ("Jacqui Smith MP", "MP", "Jacqui Smith", ()),
        ("Minister without Portfolio", "", "", ("Minister without Portfolio",)),
        (
            "Secretary of State for Communities and Local Government, Rt Hon Eric Pickles MP",
            "Rt Hon MP",
            "Eric Pickles",
            ("Secretary of State for Communities and Local Government",),
        ),
    ],
)
def test_the_person_and_the_roles_in_either_order(
    cell: str, title: str, name: str, roles: tuple[str, ...]
) -> None:
    found = read_minister(cell)

    assert (found.title, found.name, found.roles) == (title, name, roles)


def test_different_ministers_with_one_role_are_different_names() -> None:
    cells = [
        "Minister without Portfolio, Rt Hon Kenneth Clarke QC MP",
        "Minister without Portfolio, Baroness Warsi",
        "Minister without Portfolio, Rt Hon Grant Shapps MP",
    ]

    assert [read_minister(c).name for c in cells] == ["Kenneth Clarke", "Warsi", "Grant Shapps"]
