"""The edition schemas: valid JSON Schema, the template's shape, labels on every node."""

import json

import jsonschema
import pytest

from xxgk_lint.editions import edition, editions, guess_edition


def test_both_editions_ship_and_are_valid_schemas():
    assert list(editions()) == ["2019", "2021"]
    for chosen in editions().values():
        jsonschema.Draft202012Validator.check_schema(chosen.schema)


@pytest.mark.parametrize("edition_id, proactive, table3_rows", [("2019", 22, 23), ("2021", 10, 25)])
def test_cell_counts_match_the_template(edition_id, proactive, table3_rows):
    chosen = edition(edition_id)
    cells = list(chosen.cells)
    assert sum(1 for p in cells if p[0] == "proactive") == proactive
    applications = chosen.table(("applications",))
    assert len(applications.form_rows) == table3_rows and len(applications.columns) == 7
    assert sum(1 for p in cells if p[0] == "review_litigation") == 15
    standing_in = [r for r in applications.rows if r.collapses]
    assert [r.key for r in standing_in] == (["other_handling"] if edition_id == "2021" else [])


def test_every_node_carries_the_forms_label():
    def walk(node, where):
        node = chosen._resolve(node)
        for key, child in node.get("properties", {}).items():
            assert chosen._resolve(child).get("title"), f"{where}.{key} has no title"
            walk(child, f"{where}.{key}")

    for chosen in editions().values():
        walk(chosen.schema, chosen.id)


def test_labels_read_as_the_form_prints_them():
    chosen = edition("2021")
    assert chosen.label(("applications", "total", "natural")) == "三、收到和处理政府信息公开申请情况 › （七）总计 › 自然人"
    assert chosen.label(("applications", "other_no_fee", "total")).endswith(
        "（六）其他处理 › 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 › 总计")
    assert chosen.label(("review_litigation", "suit_after_review", "total")) == \
        "四、政府信息公开行政复议、行政诉讼情况 › 行政诉讼 › 复议后起诉 › 总计"
    assert chosen.label(("proactive", "item8", "fees", "amount")).endswith("行政事业性收费 › 本年收费金额（单位：万元）")


def test_identities_name_rows_and_columns_that_exist():
    for chosen in editions().values():
        for identity in chosen.identities:
            table = chosen.table(identity.table)
            keys = {r.key for r in table.rows} if identity.across == "columns" else {c.key for c in table.columns}
            assert set(identity.left) | set(identity.right) <= keys, identity


def test_blank_is_distinct_from_zero():
    schema = edition("2021").schema
    count = {"$defs": schema["$defs"], "$ref": "#/$defs/count"}
    validator = jsonschema.Draft202012Validator(count)
    for value in (0, 7, None, "/", "—", "无"):
        assert validator.is_valid(value), value
    for value in (-1, 1.5, "7件"):
        assert not validator.is_valid(value), value


def test_edition_is_guessed_from_table_shape():
    assert guess_edition({"applications": {"other_handling": {}}}).id == "2019"
    assert guess_edition({"applications": {"other_no_fee": {}}}).id == "2021"
    assert guess_edition({"edition": "2019", "applications": {"other_no_fee": {}}}).id == "2019"


def test_schema_files_are_plain_json_with_chinese_titles(tmp_path):
    for chosen in editions().values():
        text = json.dumps(chosen.schema, ensure_ascii=False)
        assert "三、收到和处理政府信息公开申请情况" in text
