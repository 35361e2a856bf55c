from pathlib import Path

from csbot.render import RenderProblem, TemplateSet, compose, load_templates, short, yuan

MINI_TEMPLATES = Path(__file__).parent / "data" / "shops" / "mini" / "templates"


def render(source: str, context: dict) -> str | RenderProblem:
    templates = TemplateSet()
    template = templates.add("x", "01", source)
    return templates.render(template, context)


def test_sandbox_refuses_attribute_tricks():
    result = render("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})
    assert isinstance(result, RenderProblem)
    assert "sandbox" in result.message


def test_a_field_named_like_a_dict_method_is_the_field():
    order = {"items": [{"title": "卫衣"}, {"title": "袜子"}], "sn": "1"}
    assert render("{% for it in order.items %}{{ it.title }} {% endfor %}", {"order": order}) == "卫衣 袜子"
    assert render("{{ order.keys is defined }}", {"order": order}) == "True", "real dict methods still resolve"
    tricky = render("{{ order.items.__class__.__mro__ }}", {"order": order})
    assert isinstance(tricky, RenderProblem) and "sandbox" in tricky.message


def test_misspelt_variable_is_an_error_with_its_line_not_a_blank():
    result = render("亲～\n{{ ordr.sn }}", {"order": None})
    assert isinstance(result, RenderProblem)
    assert "ordr" in result.message and result.line == 2


def test_buyer_text_is_data_never_a_template():
    assert render("您说：{{ message }}", {"message": "{{ 7*7 }}{% for x in range(9) %}"}) == (
        "您说：{{ 7*7 }}{% for x in range(9) %}"
    )


def test_syntax_error_is_reported_with_file_line_and_the_template_is_never_served():
    templates = TemplateSet()
    broken = templates.add("x", "01", "亲\n{% if order %}没有结束")
    assert broken.error is not None and broken.error.startswith("x/01.j2:2:")
    assert isinstance(templates.render(broken, {"order": None}), RenderProblem)


def test_a_variant_that_renders_blank_does_not_apply():
    assert render("{% if order %}订单{{ order.sn }}{% endif %}\n\n", {"order": None}) == ""


def test_filters_for_prices_and_titles():
    assert yuan(9.9) == "9.9元" and yuan(10.0) == "10元" and yuan("x") == "x元"
    assert short("一" * 30).endswith("…") and len(short("一" * 30)) == 18


def test_shop_templates_override_defaults_per_intent(tmp_path):
    defaults = tmp_path / "defaults"
    (defaults / "greeting").mkdir(parents=True)
    (defaults / "greeting" / "01.j2").write_text("默认问候", encoding="utf-8")
    (defaults / "thanks").mkdir()
    (defaults / "thanks" / "01.j2").write_text("默认致谢", encoding="utf-8")
    templates = load_templates(MINI_TEMPLATES, fallback=defaults)
    assert "默认问候" not in [t.source for t in templates.for_intent("greeting")]
    assert [t.source for t in templates.for_intent("thanks")] == ["默认致谢"]


def test_unreadable_template_file_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "greeting").mkdir()
    (tmp_path / "greeting" / "01.j2").write_bytes(b"\xff\xfe\x00bad")
    template = load_templates(tmp_path).for_intent("greeting")[0]
    assert template.error and "UTF-8" in template.error


def test_composed_reply_has_one_salutation_and_no_repeated_lines():
    text = compose(["亲，非常抱歉～\n我们马上处理", "亲～您可以申请退款\n我们马上处理"])
    assert text.count("亲") == 1
    assert text.count("我们马上处理") == 1


def test_composed_reply_says_a_shared_apology_once_and_keeps_the_rest():
    text = compose(["亲，真的非常抱歉！我马上为您处理～", "亲，真的非常抱歉！麻烦拍一下照片发我～"])
    assert text.count("非常抱歉") == 1
    assert "我马上为您处理" in text and "麻烦拍一下照片发我" in text
