"""Authoring core: safe saves, conflicts, drafts, the intents writer, history, lint of fixture shops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csbot.authoring import (
    FileConflictError,
    IntentsDocument,
    TemplateDocument,
    atomic_write,
    delete_intent,
    filters,
    has_errors,
    lint_source,
    list_variants,
    preview,
    rename_intent,
    situations,
    teachable_messages,
    try_message,
    variables,
)
from csbot.authoring.files import read_text
from csbot.catalogue import load_catalogue, parse_catalogue
from csbot.cli import main
from csbot.errors import IntentsFileError
from csbot.lint import lint_catalogue
from csbot.render import load_templates
from csbot.shop import load_shop

SHOPS = Path(__file__).parent / "data" / "shops"


# ---------------------------------------------------------------------------- files


def test_atomic_write_keeps_a_backup_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a.j2"
    target.write_text("旧", encoding="utf-8")
    _, stamp = read_text(target)
    atomic_write(target, "新", opened=stamp)
    assert target.read_text(encoding="utf-8") == "新"
    assert (tmp_path / "a.j2.bak").read_text(encoding="utf-8") == "旧"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.j2", "a.j2.bak"]


def test_a_file_changed_on_disk_since_opening_is_not_overwritten(tmp_path):
    target = tmp_path / "a.j2"
    target.write_text("旧", encoding="utf-8")
    _, stamp = read_text(target)
    target.write_text("别人改的", encoding="utf-8")
    with pytest.raises(FileConflictError, match="changed by someone else"):
        atomic_write(target, "我的", opened=stamp)
    assert target.read_text(encoding="utf-8") == "别人改的"


def test_touching_a_file_without_changing_it_is_no_conflict(tmp_path):
    target = tmp_path / "a.j2"
    target.write_text("旧", encoding="utf-8")
    _, stamp = read_text(target)
    os.utime(target, (1, 1))
    atomic_write(target, "新", opened=stamp)
    assert target.read_text(encoding="utf-8") == "新"


def test_a_file_created_by_someone_else_meanwhile_is_a_conflict(tmp_path):
    target = tmp_path / "new.j2"
    _, stamp = read_text(target)
    target.write_text("抢先", encoding="utf-8")
    with pytest.raises(FileConflictError, match="created by someone else"):
        atomic_write(target, "我的", opened=stamp)


# ---------------------------------------------------------------------------- templates and drafts


def first_variant(shop_root: Path, intent: str = "greeting") -> str:
    return list_variants(shop_root, intent)[0].variant


def test_a_draft_is_never_served_and_the_served_version_keeps_answering(shop_copy):
    variant = first_variant(shop_copy)
    doc = TemplateDocument.open(shop_copy, "greeting", variant)
    served_before = doc.path.read_text(encoding="utf-8")
    doc.save_draft("亲～{% if order %}没写完")
    assert doc.draft_path.name == f"{variant}.j2.draft" and doc.draft_path.is_file()
    templates = load_templates(shop_copy / "templates")
    assert [t.source for t in templates.for_intent("greeting") if t.variant == variant] == [served_before]
    assert not any(t.variant.endswith("draft") for t in templates.all())
    reopened = TemplateDocument.open(shop_copy, "greeting", variant)
    assert reopened.from_draft and "没写完" in reopened.text


def test_a_clean_save_serves_the_text_and_removes_the_draft(shop_copy):
    variant = first_variant(shop_copy)
    doc = TemplateDocument.open(shop_copy, "greeting", variant)
    doc.save_draft("草稿")
    doc.save("亲，在的～\n")
    assert not doc.draft_path.exists()
    assert doc.path.read_text(encoding="utf-8") == "亲，在的～\n"
    assert doc.path.with_name(f"{variant}.j2.bak").is_file()


def test_template_save_detects_a_change_on_disk(shop_copy):
    doc = TemplateDocument.open(shop_copy, "greeting", first_variant(shop_copy))
    doc.path.write_text("别人在文本编辑器里改了", encoding="utf-8")
    assert doc.changed_on_disk()
    with pytest.raises(FileConflictError):
        doc.save("我的版本")
    assert doc.path.read_text(encoding="utf-8") == "别人在文本编辑器里改了"


def test_editing_an_inherited_default_adopts_all_its_variants(tmp_path):
    shop = tmp_path / "shop"
    (shop / "templates").mkdir(parents=True)
    variants = [v.variant for v in list_variants(shop, "ship_urge")]
    assert len(variants) > 1 and all(v.inherited for v in list_variants(shop, "ship_urge"))
    doc = TemplateDocument.open(shop, "ship_urge", variants[-1])
    assert doc.inherited and doc.text
    doc.save("亲，我们尽快为您安排～\n")
    assert sorted(p.stem for p in (shop / "templates" / "ship_urge").glob("*.j2")) == sorted(variants)
    assert not any(v.inherited for v in list_variants(shop, "ship_urge"))


def test_new_variant_and_delete(shop_copy):
    doc = TemplateDocument.new(shop_copy, "greeting", "09_new")
    doc.save(doc.text)
    assert "09_new" in [v.variant for v in list_variants(shop_copy, "greeting")]
    doc.delete()
    assert not doc.path.exists() and doc.path.with_name("09_new.j2.bak").is_file()
    with pytest.raises(Exception, match="cannot be a template name"):
        TemplateDocument.new(shop_copy, "greeting", "../evil")


def test_lint_source_names_line_and_kind_for_unsaved_text(demo_shop):
    findings = lint_source(demo_shop, "greeting", "01", "亲～\n{{ ordr.sn }}\n这款没货了\n")
    assert has_errors(findings)
    assert any(f.line == 2 and "ordr" in f.message for f in findings)
    assert any(f.line == 3 and "没货" in f.message and "try:" in f.message for f in findings)
    assert all(f.path.endswith("greeting/01.j2") for f in findings)


def test_a_variant_for_one_wording_is_linted_against_its_intents_examples(demo_shop):
    wording_only = '{% if "运费" in message %}亲，来回运费由我们承担哦～{% endif %}'
    examples = [e for spec in demo_shop.catalogue.intents if spec.id == "return_exchange" for e in spec.examples]
    assert any("运费" in e for e in examples)  # what makes the variant reachable
    assert not any("renders empty" in f.message for f in lint_source(demo_shop, "return_exchange", "00", wording_only))
    never = '{% if "从来没人这么说" in message %}亲～{% endif %}'
    assert any("renders empty" in f.message for f in lint_source(demo_shop, "return_exchange", "00", never))


def test_preview_renders_a_situation_with_the_signature_and_guard_verdict(demo_shop):
    contexts = situations("ship_urge")
    result = preview(demo_shop, "ship_urge", "亲，订单{{ order.sn }}已在加急～", contexts["订单待发货"])
    assert "261120-583920174650213" in result.text and result.problem is None
    broken = preview(demo_shop, "ship_urge", "{{ order.sn }}", contexts["无订单"])
    assert broken.problem is not None
    blocked = preview(demo_shop, "ship_urge", "亲，没货了", contexts["无订单"])
    assert any(v.severity == "block" for v in blocked.violations)


def test_variables_and_filters_are_listed_with_examples():
    names = {v.name: v.example for v in variables("ship_urge")}
    assert "order.sn" in names and "shop.name" in names and "similar_items[0].price" in names
    assert names["shop.name"] != "none"
    assert {f.name for f in filters() if f.csbot} == {"yuan", "short", "mentions"}


# ---------------------------------------------------------------------------- intents file


def test_untouched_intents_file_is_written_back_byte_for_byte(shop_copy):
    doc = IntentsDocument.open(shop_copy / "intents.toml")
    assert doc.render() == doc.text


def test_adding_examples_is_a_one_line_change_and_keeps_comments(shop_copy):
    path = shop_copy / "intents.toml"
    doc = IntentsDocument.open(path)
    before = doc.text.splitlines()
    report = doc.add_examples("greeting", ["老板娘在不在呀", "在吗"])
    assert report.added == ["老板娘在不在呀"] and report.already_there == ["在吗"]
    doc.save()
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before) + 1
    assert after[:20] == before[:20]  # the header comment
    assert "老板娘在不在呀" in load_catalogue(path).get("greeting").examples
    assert (shop_copy / "intents.toml.bak").read_text(encoding="utf-8").splitlines() == before


def test_add_edit_rename_delete_round_trip_through_the_parser(shop_copy):
    doc = IntentsDocument.open(shop_copy / "intents.toml")
    doc.add_intent("gift_wrap", "礼品包装", order=55)
    doc.update_intent(
        "gift_wrap",
        keywords=["包装", "礼盒"],
        hints=["送人"],
        examples=['能包成礼物吗 "急"', "有礼盒吗\\"],
        negatives=["包装破了"],
    )
    doc.update_intent("greeting", label="打招呼", filler=False)
    doc.delete_intent("invoice")
    catalogue = doc.save()
    parsed = parse_catalogue((shop_copy / "intents.toml").read_text(encoding="utf-8"))
    assert parsed.intents == catalogue.intents
    gift = parsed.get("gift_wrap")
    assert gift is not None and gift.examples == ['能包成礼物吗 "急"', "有礼盒吗\\"]
    assert parsed.ids[-1] == "unknown", "new intents go before the catch-all"
    assert parsed.get("invoice") is None and parsed.get("greeting").label == "打招呼"


def test_rename_moves_the_templates_folder_and_delete_keeps_a_copy(shop_copy):
    doc = IntentsDocument.open(shop_copy / "intents.toml")
    phrasings = len(load_catalogue(shop_copy / "intents.toml").get("invoice").phrasings)
    assert phrasings > 0
    catalogue = rename_intent(shop_copy, doc, "invoice", "fapiao")
    assert (shop_copy / "templates" / "fapiao").is_dir() and not (shop_copy / "templates" / "invoice").exists()
    assert len(catalogue.get("fapiao").phrasings) == phrasings
    assert len(load_catalogue(shop_copy / "intents.toml").get("fapiao").phrasings) == phrasings
    _, trashed = delete_intent(shop_copy, doc, "fapiao")
    assert trashed is not None and trashed.parent.name == ".deleted" and any(trashed.glob("*.j2"))
    assert any((shop_copy / "phrasings" / ".deleted").glob("fapiao-*.txt"))
    assert load_catalogue(shop_copy / "intents.toml").get("fapiao") is None
    assert "fapiao" not in {t.intent for t in load_templates(shop_copy / "templates").all()}


def test_bad_ids_and_protected_intents_are_refused(shop_copy):
    doc = IntentsDocument.open(shop_copy / "intents.toml")
    with pytest.raises(IntentsFileError, match="cannot be an intent id"):
        doc.add_intent("礼品", "礼品")
    with pytest.raises(IntentsFileError, match="already exists"):
        doc.add_intent("greeting", "x")
    with pytest.raises(IntentsFileError):
        doc.delete_intent("unknown")


def test_intents_file_changed_on_disk_is_a_conflict(shop_copy):
    path = shop_copy / "intents.toml"
    doc = IntentsDocument.open(path)
    doc.add_examples("greeting", ["哈喽哈喽"])
    path.write_text(path.read_text(encoding="utf-8") + "\n# 店主刚在别处改过\n", encoding="utf-8")
    with pytest.raises(FileConflictError):
        doc.save()


def test_duplicate_and_conflicting_examples_are_flagged_with_lines():
    text = (SHOPS / "mini" / "intents.toml").read_text(encoding="utf-8")
    text = text.replace('examples = ["我要退款"', 'examples = ["怎么还不发货", "我要退款", "我要退款"')
    text = text.replace('keywords = ["退款"', 'keywords = ["发货", "退款", "退款"')
    catalogue = parse_catalogue(text)
    messages = [f.message for f in lint_catalogue(catalogue)]
    assert any("怎么还不发货" in m and "ship_urge and refund" in m for m in messages)
    assert any("“我要退款” twice" in m for m in messages)
    assert any("keyword “发货”" in m for m in messages)
    assert any("keyword “退款” twice" in m for m in messages)


# ---------------------------------------------------------------------------- history and the test panel


def test_unknown_and_relabelled_messages_become_teachable(shop_copy):
    shop = load_shop(shop_copy)
    store = shop.store
    store.add_history("这个能送人吗", "unknown", None, "手写回复")
    store.add_history("这个能送人吗", "unknown", None, "手写回复")
    store.add_history("东西到了是碎的", "logistics", "quality/01_general", "抱歉", override=True)
    store.add_history("在吗", "unknown", None, "在的")  # already an example: nothing to teach
    store.add_history("什么时候发货", "ship_urge", "ship_urge/04_general", "马上发")
    found = {t.message: t for t in teachable_messages(store, shop.catalogue)}
    assert set(found) == {"这个能送人吗", "东西到了是碎的"}
    assert found["这个能送人吗"].count == 2 and found["这个能送人吗"].suggested is None
    assert found["东西到了是碎的"].suggested == "quality" and found["东西到了是碎的"].relabelled
    shop.close()


def test_try_message_says_which_intent_and_template_and_why(engine):
    result = try_message(engine, "怎么还不发货")
    assert result.intent == "ship_urge" and result.template and result.reply
    assert any("关键词" in line or "示例" in line for line in result.why)
    assert try_message(engine, "今天天气真好啊哈哈").intent == "unknown"


# ---------------------------------------------------------------------------- csbot lint on fixture shops


@pytest.mark.parametrize(
    ("shop", "line", "needle", "code"),
    [
        ("lint_syntax", 3, "Unexpected end of template", 1),
        ("lint_undefined", 2, "undefined variable 'shop.nmae'", 1),
        ("lint_undefined", 3, "undefined variable 'ordr'", 1),
        ("lint_sandbox", 2, "unsafe attribute access", 1),
        ("lint_penalised", 2, "penalised phrase “没货”", 1),
        ("lint_penalised", 2, "penalised phrase “加微信”", 1),
        ("lint_too_long", 1, "warning: reply is", 0),  # too long is a warning: it never hurts the shop
        ("lint_intents", 11, "Unclosed array", 1),
    ],
)
def test_csbot_lint_names_file_and_line(capsys, shop, line, needle, code):
    assert main(["lint", "--shop", str(SHOPS / shop)]) == code
    out = capsys.readouterr().out
    expected_file = "intents.toml" if shop == "lint_intents" else "templates/greeting/01.j2"
    assert any(f"{expected_file}:{line}:" in row and needle in row for row in out.splitlines()), out


def test_csbot_lint_reports_drafts_without_failing(shop_copy, capsys):
    variant = first_variant(shop_copy)
    TemplateDocument.open(shop_copy, "greeting", variant).save_draft("{% if %}")
    assert main(["lint", "--shop", str(shop_copy)]) == 0
    assert f"{variant}.j2.draft:1: warning: draft, not served" in capsys.readouterr().out


def test_the_yields_flag_is_written_back_and_read_again(shop_copy):
    doc = IntentsDocument.open(shop_copy / "intents.toml")
    doc.update_intent("complaint", yields=True)
    doc.update_intent("human", yields=False)
    doc.save()
    parsed = parse_catalogue((shop_copy / "intents.toml").read_text(encoding="utf-8"))
    assert parsed.get("complaint").yields and not parsed.get("human").yields
