"""Properties of the guard over arbitrary text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csbot.compliance import default_guard
from csbot.compliance.canon import _canonical_slow, canonical, canonical_text

GUARD = default_guard()

# Pieces that make hits, near-hits and evasions likely: rule phrases, allow-list phrases,
# their characters, separators that canonicalisation drops or keeps, digits and numerals.
_PIECES = sorted(
    {p for rule in GUARD.rules for p in (rule.phrase, *rule.variants) if not (rule.pattern or rule.detector)}
    | set(GUARD.allow_phrases)
    | set("没有货缺断无卖完加微信威薇好评返现第一最低空包单号亲了吗不会")
    | {" ", "  ", "，", "。", "！", "～", "-", ".", "\u200b", "❤", "\n", "Ｖ", "Ｘ", "沒", "貨"}
    | set("0123456789一二三四五六七八九零幺xvqw")
    | {"13800138000", "138 0013 8000", "qq", "电话", "单号", "卡号"}
)
texts = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=30).map("".join),
)
_FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(texts)
def test_rewrite_never_contains_a_blocking_phrase(text):
    assert GUARD.blocking(GUARD.rewrite(text)) == []


@_FAST
@given(texts)
def test_violations_point_at_what_they_matched(text):
    found = GUARD.check(text)
    assert [v.start for v in found] == sorted(v.start for v in found)
    for v in found:
        assert 0 <= v.start < v.end <= len(text)
        assert text[v.start : v.end] == v.matched


@_FAST
@given(texts)
def test_the_fast_and_the_mapped_canonical_forms_agree(text):
    mapped = canonical(text)
    assert mapped.text == canonical_text(text) == _canonical_slow(text).text
    assert mapped.origin == _canonical_slow(text).origin
    assert list(mapped.origin) == sorted(mapped.origin)
    assert all(0 <= i < len(text) for i in mapped.origin)
