"""The built site publishes exactly the numbers and figures recorded in tests/published/values.json.

A change in any published value fails here, naming chapter, key, old and new
value; if the change is intended, `make golden` records it, to be committed
with its cause.
"""
from booktools import golden


def test_the_site_publishes_what_the_record_says():
    problems = golden.check()
    assert not problems, ("the built site publishes other values than the record (make golden if intended):\n"
                          + "\n".join(problems))
