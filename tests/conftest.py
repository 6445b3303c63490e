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


def _load(path: pathlib.Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def real_copies(tmp_path_factory) -> dict:
    """Copies of the shared corpus's real reports in shapes clerks keep them in, made at test time
    from ../shared (copies of real reports are not kept in the repository): text copied out of the
    PDFs (pdfplumber, pdftotext with and without -layout), LibreOffice's plain text of a page and a
Word copy of it in a layout table, and,
    where XXGK_CONVERTERS names a Python with html2text, pypandoc, docx2txt and mammoth, those
    converters' output (fixtures/*/make_*.py say how each is made). {name: path}; {} without
    ../shared; a shape whose tool is missing is left out, and its tests skip."""
    import os
    import shutil
    import subprocess

    if not (SHARED / "corpus").is_dir():
        return {}
    out = tmp_path_factory.mktemp("real-copies")
    fixtures = ROOT / "tests" / "fixtures"
    _load(fixtures / "pdf_text" / "make_pdf_text.py").main(out)
    if shutil.which("soffice"):
        _load(fixtures / "shapes_r6" / "make_shapes_r6.py").real_page_copy(out)
        _load(fixtures / "variants" / "make_variants.py").main(out)
    converters = os.environ.get("XXGK_CONVERTERS")
    if converters and pathlib.Path(converters).exists():
        subprocess.run([converters, str(fixtures / "shapes_r7" / "make_shapes_r7.py"), str(out)], check=False,
                       capture_output=True, timeout=600)
    return {path.name: path for path in out.iterdir() if path.is_file() and path.stat().st_size}


@pytest.fixture
def real_copy(real_copies):
    """The copy of that name (see real_copies), or a skip saying why it is not here."""
    def find(name: str) -> pathlib.Path:
        if name not in real_copies:
            pytest.skip(f"{name}: the shared corpus, or the tool that makes this copy, is not here")
        return real_copies[name]
    return find
