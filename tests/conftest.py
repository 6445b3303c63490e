import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def examples_dir() -> pathlib.Path:
    return ROOT / "examples"


@pytest.fixture
def seed_path() -> pathlib.Path:
    path = SHARED / "seed" / "qingdao-bigdata-2020.txt"
    if not path.exists():
        pytest.skip("the shared seed report is not present")
    return path
