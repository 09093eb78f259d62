"""AliExpress feed results: an item counts as accepted only when its result says success."""

import json

from tests.channels.support import ScriptedServer
from tests.channels.test_aliexpress_adapter import make_adapter, wrapped


def test_unreadable_item_results_are_failures_with_their_raw_text():
    results = [
        {"item_content_id": "1", "item_execution_result": json.dumps({"productId": 5, "success": True})},
        {"item_content_id": "2", "item_execution_result": "<html>gateway</html>"},
        {"item_content_id": "3", "item_execution_result": ""},
        {"item_content_id": "4", "item_execution_result": json.dumps(["not", "an", "object"])},
        {"item_content_id": "5", "item_execution_result": json.dumps({"productId": 6})},
        {
            "item_content_id": "6",
            "item_execution_result": json.dumps({"success": False, "errorCode": "F1", "errorMessage": "bad"}),
        },
    ]
    server = ScriptedServer()
    server.add(
        "POST",
        "/sync",
        wrapped(
            "aliexpress.solution.feed.query",
            {"job_id": 77, "total_item_count": 6, "success_item_count": 5, "result_list": {"item": results}},
        ),
    )
    adapter = make_adapter(server)

    status = adapter.feed_get(feed_id="77")

    assert status.is_done and status.messages_processed == 6
    assert (status.messages_accepted, status.messages_invalid) == (1, 5)
    by_id = {issue.message_id: issue.issue for issue in status.issues}
    assert sorted(by_id) == [2, 3, 4, 5, 6]
    assert by_id[2].code == "UNREADABLE_RESULT" and "<html>gateway</html>" in by_id[2].message
    assert by_id[4].code == "UNREADABLE_RESULT" and '["not", "an", "object"]' in by_id[4].message
    assert by_id[5].code == "UNREADABLE_RESULT"
    assert (by_id[6].code, by_id[6].message) == ("F1", "bad")
