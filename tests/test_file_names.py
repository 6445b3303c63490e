"""File names that are not UTF-8 on disk: a folder unzipped on Linux from an archive made on Windows
keeps its Chinese names in GBK bytes. Every output still comes out, names shown as GBK where they read
as such, and a SARIF URI names the file's own bytes."""

import csv
import io
import json
import os
import sys
import zipfile

import pytest
import yaml
from reports import consistent, run_cli, with_cell

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"),
                                reason="file names there are always Unicode: no undecodable bytes can occur")

GBK_NAME = "报告2023".encode("gbk") + b".yaml"  # b'\xb1\xa8\xb8\xe62023.yaml': not UTF-8
# 平潭's GBK bytes c6 bd cc b6 happen to read as UTF-8 (ƽ̶) before 报告's, which do not
MISREAD_NAME = "平潭2023报告".encode("gbk") + b".yaml"
FOLDER = "子目录".encode("gbk")
BROKEN_NAME = b"bad\xff" + "名.yaml".encode("utf-8")  # one stray byte: neither UTF-8 nor GBK


@pytest.fixture
def folder(tmp_path):
    report = yaml.safe_dump(with_cell(consistent(), ("review_litigation", "review", "total"), 9), allow_unicode=True)
    os.mkdir(os.path.join(os.fsencode(tmp_path), FOLDER))
    for name in (GBK_NAME, BROKEN_NAME, FOLDER + b"/" + MISREAD_NAME):
        with open(os.path.join(os.fsencode(tmp_path), name), "w", encoding="utf-8") as handle:
            handle.write(report)
    return tmp_path


def test_every_output_comes_out_with_readable_names(folder, tmp_path):
    console = run_cli("check", str(folder))
    assert console.returncode == 1 and b"Traceback" not in console.stderr
    shown = console.stdout.decode("utf-8")
    assert "报告2023.yaml" in shown and "bad%FF名.yaml" in shown and shown.count("A004") >= 3
    assert "子目录" + os.sep + "平潭2023报告.yaml" in shown  # whole, not ƽ̶ for its first characters

    completed = run_cli("check", str(folder), "-f", "json")
    assert completed.returncode == 1
    paths = sorted(os.path.basename(f["path"]) for f in json.loads(completed.stdout)["files"])
    assert paths == ["bad%FF名.yaml", "平潭2023报告.yaml", "报告2023.yaml"]

    lines = run_cli("check", str(folder), "-f", "jsonl").stdout.decode("utf-8").splitlines()
    assert all(json.loads(line) for line in lines) and any("报告2023.yaml" in line for line in lines)

    rows = list(csv.reader(io.StringIO(run_cli("check", str(folder), "-f", "csv").stdout.decode("utf-8-sig"))))
    assert {os.path.basename(row[0]) for row in rows[1:]} == {"bad%FF名.yaml", "报告2023.yaml", "平潭2023报告.yaml"}

    assert "报告2023.yaml" in run_cli("check", str(folder), "-f", "github").stdout.decode("utf-8")

    page = tmp_path / "结果.html"
    assert run_cli("check", str(folder), "-f", "html", "-o", str(page)).returncode == 1
    assert "报告2023.yaml" in page.read_text(encoding="utf-8")

    book = tmp_path / "结果.xlsx"
    assert run_cli("check", str(folder), "-f", "xlsx", "-o", str(book)).returncode == 1
    with zipfile.ZipFile(book) as archive:
        assert "报告2023.yaml" in archive.read("xl/worksheets/sheet2.xml").decode("utf-8")


def test_sarif_names_the_file_by_its_own_bytes(folder):
    completed = run_cli("check", ".", "-f", "sarif", cwd=folder)
    assert completed.returncode == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(completed.stdout)["runs"][0]["results"]}
    assert uris == {"%B1%A8%B8%E62023.yaml", "bad%FF%E5%90%8D.yaml",  # what a SARIF viewer opens
                    "%D7%D3%C4%BF%C2%BC/%C6%BD%CC%B62023%B1%A8%B8%E6.yaml"}


def test_an_unreadable_file_with_such_a_name_gets_its_one_line(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), "空的".encode("gbk") + b".txt"), "wb"):
        pass
    completed = run_cli("check", str(tmp_path))
    assert completed.returncode == 2 and b"Traceback" not in completed.stderr
    assert "空的.txt: 文件是空的" in completed.stderr.decode("utf-8")


def test_filters_and_lists_name_such_files_as_they_read(folder):
    def checked(*arguments) -> set:
        completed = run_cli("check", *arguments, "-f", "json", cwd=folder)
        return {os.path.basename(f["path"]) for f in json.loads(completed.stdout)["files"]} if completed.stdout else set()

    assert checked(".", "--exclude", "子目录/*") == {"bad%FF名.yaml", "报告2023.yaml"}
    assert checked(".", "--include", "*平潭*") == {"平潭2023报告.yaml"}
    # `find . -type f > 清单.txt`: the names as the disk holds them (GBK bytes)
    listing = b"".join(os.path.relpath(os.path.join(root, name), os.fsencode(folder)) + b"\n"
                       for root, _, names in os.walk(os.fsencode(folder)) for name in names)
    (folder / "清单.txt").write_bytes(listing)
    assert checked("@清单.txt") == {"bad%FF名.yaml", "报告2023.yaml", "平潭2023报告.yaml"}
    # a list typed as text, in UTF-8 or (a Windows editor) GBK, or written by PowerShell in UTF-16
    for encoding in ("utf-8", "gbk", "utf-16"):
        (folder / "打字.txt").write_bytes("子目录/平潭2023报告.yaml\r\n".encode(encoding))
        assert checked("@打字.txt") == {"平潭2023报告.yaml"}, encoding
