"""Real published reports (../shared/corpus/real), each beside a hand-transcribed NAME.expected.yaml.

Every number the expected file gives is compared with what the reader made of the file, and the
error-level findings must be exactly the report's real arithmetic defects. One parametrised case a
file, so another shape of the same report (its crawler dump, its web page) is one more line in
FILES. Skips cleanly where the shared corpus is not present.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml
from reports import check_bytes

from xxgk_lint.editions import editions
from xxgk_lint.read import read_file

REAL = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"

FILES = [
    *(f"pingtan-{year}.crawler.txt" for year in range(2019, 2026)),
    "shuyang-xian-2025.converted.txt",
    "shanghai-kewei-2024.converted.md",
    "shanghai-office-2025.converted.md",
    "shanghai-office-2019.html",
    "pingtan-2024.html",
]

# where a file writes the agency otherwise than the expected file's official name, the reader
# reports it as written (an OCR error, a short form): the agency as the file writes it
AGENCY_AS_WRITTEN = {
    "shuyang-xian-2025.converted.txt": "沐阳县人民政府",  # OCR 沐阳 for 沭阳, throughout the file
    "shanghai-kewei-2024.converted.md": "上海市科委",  # the title's short form; the full name appears nowhere
}


def expected_for(name: str) -> dict:
    """The expected file of a report: NAME.expected.yaml beside NAME.<shape>.<ext>."""
    stem = name.split(".", 1)[0]
    return yaml.safe_load((REAL / f"{stem}.expected.yaml").read_text(encoding="utf-8"))


def table_differences(expected: dict, read: dict, edition_id: str) -> list:
    """Every cell of table 三 and table 四 the expected file gives (or implies, for the rows it
    describes as 0 or blank in every cell) that the reader read otherwise: (path, expected, read)."""
    differences = []
    edition = editions()[edition_id]
    applications = read.get("applications", {})
    listed = expected["applications"]
    others = expected.get("applications_other_rows")
    for row in edition.table(("applications",)).rows:
        if row.collapses:
            continue
        if row.key in listed:
            cells = listed[row.key]
        elif others == "0 in every cell":
            cells = {column: 0 for column in listed["total"]}
        elif others == "blank":
            cells = {column: None for column in listed["total"]}
        else:
            continue
        for column, value in cells.items():
            got = applications.get(row.key, {}).get(column, "（未读出）")
            if got != value:
                differences.append((("applications", row.key, column), value, got))
    review = read.get("review_litigation", {})
    for group, cells in expected["review_litigation"].items():
        for column, value in cells.items():
            got = review.get(group, {}).get(column, "（未读出）")
            if got != value:
                differences.append((("review_litigation", group, column), value, got))
    return differences


@pytest.fixture(params=FILES)
def real_file(request) -> pathlib.Path:
    path = REAL / request.param
    if not path.exists():
        pytest.skip("the shared real corpus is not present")
    return path


def test_every_expected_number_is_read(real_file):
    expected = expected_for(real_file.name)
    reading = read_file(str(real_file))
    assert reading.recognised, reading.problems
    data = reading.data
    assert data.get("agency") == AGENCY_AS_WRITTEN.get(real_file.name, expected["agency"])
    assert data.get("year") == expected["year"]
    assert data.get("edition") == expected["edition"]
    assert table_differences(expected, data, expected["edition"]) == []


def test_only_the_real_defects_are_errors(real_file):
    expected = expected_for(real_file.name)
    found = check_bytes(real_file.read_bytes(), real_file.name)
    errors = {d.code for d in found if d.severity.name == "ERROR"}
    # A006 names the wrong cell behind the identity defects the expected file lists, never alone
    assert "A006" not in errors or errors & {"A001", "A002", "A003", "A004"}
    assert errors - {"A006"} == set(expected["arithmetic_defects"]), [(d.code, d.message) for d in found
                                                                      if d.severity.name == "ERROR"]


def test_a_heading_is_reported_once(real_file):
    """A renumbered heading (S004) is not reported again as a heading variant (W002)."""
    found = check_bytes(real_file.read_bytes(), real_file.name)
    order = {d.field_name for d in found if d.code == "S004"}
    assert not order & {d.field_name for d in found if d.code == "W002"}


def test_a_difference_is_found_where_a_cell_is_misread():
    """The comparison itself can fail: a shifted cell and a missing row are both reported."""
    expected = {"applications": {"new": {"natural": 3, "total": 3}, "total": {"natural": 3, "total": 3}},
                "applications_other_rows": None,
                "review_litigation": {"review": {"upheld": 1, "total": 1}}}
    read = {"applications": {"new": {"natural": 3, "total": 30}},
            "review_litigation": {"review": {"upheld": 1, "total": 1}}}
    assert table_differences(expected, read, "2021") == [
        (("applications", "new", "total"), 3, 30),
        (("applications", "total", "natural"), 3, "（未读出）"),
        (("applications", "total", "total"), 3, "（未读出）"),
    ]
