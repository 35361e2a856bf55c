"""Which replies the agent is offered first when a message mixes politeness and a request."""

from __future__ import annotations

GREETING_REPLY = "请问有什么可以帮您"


def test_a_greeting_beside_a_question_leaves_the_answer_to_the_question(engine):
    analysis = engine.analyse("你好，这个蓝牙音响是送的么?")
    detected = [item.id for item in analysis.classification.detected()]
    assert "greeting" in detected  # the buyer did greet: the point is what comes first
    assert GREETING_REPLY not in analysis.candidates[0].text
    assert analysis.candidates[0].intent != "greeting"
    # the greeting's own replies stay on offer, after every answer to the request
    intents = [c.intent for c in analysis.candidates]
    assert "greeting" in intents
    assert all(i == "greeting" for i in intents[intents.index("greeting") :])


def test_a_bare_greeting_is_still_answered_with_a_greeting(engine):
    analysis = engine.analyse("在吗")
    assert analysis.best.intent == "greeting"
    assert GREETING_REPLY in analysis.best.text
