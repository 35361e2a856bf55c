import csbot


def test_public_names_are_exported_and_resolve():
    assert sorted(csbot.__all__) == ["Analysis", "Candidate", "CsbotError", "Engine", "Shop", "load_shop"]
    for name in csbot.__all__:
        assert getattr(csbot, name) is not None


def test_the_engine_answers_through_the_public_api(demo_shop):
    analysis = csbot.Engine(demo_shop).analyse("在吗")
    assert analysis.intent == "greeting"
    assert analysis.best is not None and "亲" in analysis.best.text
