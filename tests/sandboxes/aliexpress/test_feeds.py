"""aliexpress.solution.feed.submit / feed.query: asynchronous product jobs."""

import json

from tests.sandboxes.aliexpress.iop_client import IopClient, product_request

SUBMIT = "aliexpress.solution.feed.submit"
QUERY = "aliexpress.solution.feed.query"


def test_feed_jobs_run_after_their_delay(make_sandbox):
    now = [1_700_000_000.0]
    sandbox = make_sandbox(clock=lambda: now[0], feed_seconds=30)
    client = IopClient(sandbox.url, now=lambda: now[0])
    created = client.result(
        SUBMIT,
        {
            "operation_type": "PRODUCT_CREATE",
            "item_list": [
                {"item_content_id": "A1", "item_content": json.dumps(product_request())},
                {"item_content_id": "A2", "item_content": json.dumps(product_request(weight="0"))},
            ],
        },
    )
    job_id = created["job_id"]
    waiting = client.result(QUERY, {"job_id": job_id})
    assert (waiting["total_item_count"], waiting["success_item_count"]) == (2, 0)
    assert waiting["result_list"] == {"single_item_response_dto": []}

    now[0] += 31
    done = client.result(QUERY, {"job_id": job_id})
    assert (done["total_item_count"], done["success_item_count"]) == (2, 1)
    results = {
        item["item_content_id"]: json.loads(item["item_execution_result"])
        for item in done["result_list"]["single_item_response_dto"]
    }
    assert results["A1"]["success"] is True
    assert results["A2"] == {
        "success": False,
        "errorCode": "isv.invalid-parameter",
        "errorMessage": "weight: must be between 0.001 and 500",
    }
    product_id = results["A1"]["productId"]

    stock = client.result(
        SUBMIT,
        {
            "operation_type": "PRODUCT_STOCKS_UPDATE",
            "item_list": [
                {
                    "item_content_id": "S1",
                    "item_content": json.dumps(
                        {
                            "aliexpress_product_id": product_id,
                            "multiple_sku_update_list": [{"sku_code": "CASE-RED", "inventory": 3}],
                        }
                    ),
                },
            ],
        },
    )
    now[0] += 31
    assert client.result(QUERY, {"job_id": stock["job_id"]})["success_item_count"] == 1
    info = client.result("aliexpress.solution.product.info.get", {"product_id": product_id})["result"]
    skus = {
        sku["sku_code"]: sku["ipm_sku_stock"] for sku in info["aeop_ae_product_s_k_us"]["global_aeop_ae_product_sku"]
    }
    assert skus == {"CASE-BLK": 50, "CASE-RED": 3}


def test_feed_submit_checks_its_input(client):
    bad_type = client.error(
        SUBMIT, {"operation_type": "PRODUCT_DELETE", "item_list": [{"item_content_id": "1", "item_content": "{}"}]}
    )
    assert bad_type["code"] == "InvalidParameter"
    twice = client.error(
        SUBMIT,
        {
            "operation_type": "PRODUCT_CREATE",
            "item_list": [
                {"item_content_id": "1", "item_content": "{}"},
                {"item_content_id": "1", "item_content": "{}"},
            ],
        },
    )
    assert twice["sub_msg"] == "every item needs a unique item_content_id"
    assert client.error(QUERY, {"job_id": 42})["sub_code"] == "isv.job-not-found"
