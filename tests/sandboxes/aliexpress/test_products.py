"""Product operations: post → get → batch price/stock updates, edits, listing, validation errors."""

from tests.sandboxes.aliexpress.iop_client import IopClient, product_request

POST = "aliexpress.solution.product.post"
INFO = "aliexpress.solution.product.info.get"
PRICE = "aliexpress.solution.batch.product.price.update"
STOCK = "aliexpress.solution.batch.product.inventory.update"
LIST = "aliexpress.solution.product.list.get"


def _post(client, **overrides) -> int:
    return client.result(POST, {"post_product_request": product_request(**overrides)})["result"]["product_id"]


def _skus(client, product_id) -> dict[str, dict]:
    result = client.result(INFO, {"product_id": product_id})["result"]
    return {sku["sku_code"]: sku for sku in result["aeop_ae_product_s_k_us"]["global_aeop_ae_product_sku"]}


def test_post_then_get_in_the_platform_shape(client):
    product_id = _post(client)
    assert str(product_id).startswith("1005") and len(str(product_id)) == 16
    result = client.result(INFO, {"product_id": product_id})["result"]
    assert result["product_status_type"] == "onSelling"
    assert result["subject"] == "Silicone phone case, shockproof"
    subjects = {item["locale"]: item["subject"] for item in result["multi_language_subject_list"]["global_subject"]}
    assert subjects == {"en_US": "Silicone phone case, shockproof", "ru_RU": "Силиконовый чехол для телефона"}
    assert result["image_u_r_ls"] == "https://img.example.com/case-1.jpg;https://img.example.com/case-2.jpg"
    assert (result["currency_code"], result["product_price"], result["gross_weight"]) == ("USD", "9.99", "0.120")
    black = _skus(client, product_id)["CASE-BLK"]
    assert (black["sku_price"], black["sku_discount_price"], black["ipm_sku_stock"], black["sku_stock"]) == (
        "9.99",
        "7.99",
        50,
        True,
    )
    assert black["id"] == "14:193"
    prop = black["aeop_s_k_u_property_list"]["global_aeop_sku_property"][0]
    assert (prop["sku_property_id"], prop["property_value_id"]) == (14, 193)
    assert len(result["gmt_create"]) == 19 and result["gmt_create"][10] == " "


def test_simplify_true_has_plain_lists_at_the_root(client):
    product_id = _post(client)
    response = client.sync(INFO, {"product_id": product_id}, simplify=True).json()
    assert "aliexpress_solution_product_info_get_response" not in response
    skus = response["result"]["aeop_ae_product_s_k_us"]
    assert isinstance(skus, list) and {sku["sku_code"] for sku in skus} == {"CASE-BLK", "CASE-RED"}
    assert response["request_id"]


def test_new_products_wait_in_audit(make_sandbox):
    sandbox = make_sandbox(audit_seconds=3600)
    client = IopClient(sandbox.url)
    product_id = _post(client)
    assert client.result(INFO, {"product_id": product_id})["result"]["product_status_type"] == "auditing"


def test_batch_price_and_stock_updates_with_per_product_failures(client):
    product_id = _post(client)
    body = client.result(
        PRICE,
        {
            "mutiple_product_update_list": [
                {"product_id": product_id, "multiple_sku_update_list": [{"sku_code": "CASE-BLK", "price": "12.00"}]},
                {"product_id": 1005000000000001, "multiple_sku_update_list": [{"sku_code": "X", "price": "1.00"}]},
            ]
        },
    )
    assert body["update_success"] is False
    assert body["update_successful_list"]["synchronize_product_response_dto"] == [{"product_id": product_id}]
    failed = body["update_failed_list"]["synchronize_product_response_dto"]
    assert failed == [
        {
            "product_id": 1005000000000001,
            "error_code": "isv.product-not-found",
            "error_message": "no such product for this seller",
        }
    ]
    assert body["update_error_code"] == "isv.product-not-found"
    black = _skus(client, product_id)["CASE-BLK"]
    assert black["sku_price"] == "12.00"
    assert "sku_discount_price" not in black  # not sent → erased, as documented

    body = client.result(
        STOCK,
        {
            "mutiple_product_update_list": [
                {
                    "product_id": product_id,
                    "multiple_sku_update_list": [
                        {"sku_code": "CASE-RED", "inventory": 0},
                        {"sku_code": "CASE-BLK", "inventory": 7},
                    ],
                }
            ]
        },
    )
    assert body["update_success"] is True
    assert body["update_failed_list"]["synchronize_product_response_dto"] == []
    skus = _skus(client, product_id)
    assert (skus["CASE-RED"]["ipm_sku_stock"], skus["CASE-RED"]["sku_stock"], skus["CASE-BLK"]["ipm_sku_stock"]) == (
        0,
        False,
        7,
    )


def test_a_product_with_one_bad_sku_is_left_unchanged(client):
    product_id = _post(client)
    body = client.result(
        STOCK,
        {
            "mutiple_product_update_list": [
                {
                    "product_id": product_id,
                    "multiple_sku_update_list": [
                        {"sku_code": "CASE-BLK", "inventory": 5},
                        {"sku_code": "NOPE", "inventory": 5},
                        {"sku_code": "CASE-RED", "inventory": 1000000},
                    ],
                }
            ]
        },
    )
    failed = body["update_failed_list"]["synchronize_product_response_dto"][0]
    assert failed["error_code"] == "isv.sku-not-found"
    assert "multiple_sku_update_list[2].inventory" in failed["error_message"]
    assert _skus(client, product_id)["CASE-BLK"]["ipm_sku_stock"] == 50


def test_batch_limits(client):
    items = [{"product_id": 1, "multiple_sku_update_list": [{"sku_code": "A", "inventory": 1}]}] * 21
    error = client.error(STOCK, {"mutiple_product_update_list": items})
    assert (error["code"], error["sub_code"]) == ("InvalidParameter", "isv.invalid-parameter")
    assert "1 to 20 products" in error["sub_msg"]


def test_country_prices_must_be_at_least_70_percent(client):
    product_id = _post(client)
    config = {
        "price_type": "absolute",
        "country_price_list": [
            {"ship_to_country": "ES", "sku_price_by_country_list": [{"sku_code": "CASE-BLK", "price": "6.99"}]}
        ],
    }
    body = client.result(
        PRICE,
        {
            "mutiple_product_update_list": [
                {
                    "product_id": product_id,
                    "multiple_sku_update_list": [{"sku_code": "CASE-BLK", "price": "10.00"}],
                    "multi_country_price_configuration": config,
                }
            ]
        },
    )
    assert (
        "must be at least 70% of the SKU price"
        in body["update_failed_list"]["synchronize_product_response_dto"][0]["error_message"]
    )
    config["country_price_list"][0]["sku_price_by_country_list"][0]["price"] = "7.00"
    body = client.result(
        PRICE,
        {
            "mutiple_product_update_list": [
                {
                    "product_id": product_id,
                    "multiple_sku_update_list": [{"sku_code": "CASE-BLK", "price": "10.00"}],
                    "multi_country_price_configuration": config,
                }
            ]
        },
    )
    assert body["update_success"] is True
    result = client.result(INFO, {"product_id": product_id})["result"]
    country = result["multi_country_price_configuration"]["country_price_list"]["single_country_price_dto"][0]
    assert country["ship_to_country"] == "ES"
    assert country["sku_price_by_country_list"]["single_sku_price_by_country_dto"] == [
        {"sku_code": "CASE-BLK", "price": "7.00"}
    ]


def test_validation_lists_every_problem_and_stores_nothing(client):
    request = product_request(
        multi_language_subject_list=[{"language": "en", "subject": "x" * 219}],
        main_image_urls_list=[f"https://img.example.com/{n}.jpg" for n in range(7)],
        freight_template_id=1000,
    )
    request["sku_info_list"][0].update(price="0", inventory=0)
    request["sku_info_list"][1].update(discount_price="11.00")
    error = client.error(POST, {"post_product_request": request})
    assert (error["code"], error["sub_code"]) == ("InvalidParameter", "isv.invalid-parameter")
    for expected in (
        "multi_language_subject_list[0].subject: must be at most 218 characters",
        "main_image_urls_list: must hold 1 to 6 image URLs",
        "sku_info_list[0].price: must be between 0.01 and 999999",
        "sku_info_list[0].inventory: must be between 1 and 999999",
        "sku_info_list[1].discount_price: must be lower than price",
        "freight_template_id: the default template 1000 is not available to overseas sellers",
    ):
        assert expected in error["sub_msg"]
    listed = client.result(LIST, {"aeop_a_e_product_list_query": {"product_status_type": "onSelling"}})["result"]
    assert listed["product_count"] == 0


def test_duplicate_sku_code_uses_the_platform_code(client):
    request = product_request()
    request["sku_info_list"][1]["sku_code"] = "CASE-BLK"
    error = client.error(POST, {"post_product_request": request})
    assert error["sub_code"] == "F00-00-10007-007"
    assert "duplicate sku_code" in error["sub_msg"]


def test_required_fields_and_main_language(client):
    request = product_request(language="de")
    del request["weight"]
    error = client.error(POST, {"post_product_request": request})
    assert "weight: is required" in error["sub_msg"]
    assert "multi_language_subject_list: must contain the product language 'de'" in error["sub_msg"]
    assert client.error(POST, {})["code"] == "MissingParameter"
    assert (
        client.error(POST, {"post_product_request": "{not json"})["sub_msg"] == "post_product_request is not valid JSON"
    )


def test_edit_replaces_skus_and_keeps_the_language(client):
    product_id = _post(client)
    edit = {"product_id": product_id, "sku_info_list": [{"sku_code": "CASE-GRN", "price": "8.00", "inventory": 3}]}
    assert (
        client.result("aliexpress.solution.product.edit", {"edit_product_request": edit})["result"]["product_id"]
        == product_id
    )
    assert list(_skus(client, product_id)) == ["CASE-GRN"]
    error = client.error(
        "aliexpress.solution.product.edit", {"edit_product_request": {"product_id": product_id, "language": "fr"}}
    )
    assert error["sub_code"] == "isv.language-immutable"
    error = client.error(
        "aliexpress.solution.product.edit", {"edit_product_request": {"product_id": 42, "weight": "1"}}
    )
    assert error["sub_code"] == "isv.product-not-found"


def test_list_offline_online_and_delete(client):
    first, second = _post(client), _post(client, aliexpress_category_id=5090301)
    listed = client.result(LIST, {"aeop_a_e_product_list_query": {"product_status_type": "onSelling", "page_size": 1}})
    assert (listed["result"]["product_count"], listed["result"]["total_page"]) == (2, 2)
    assert len(listed["result"]["aeop_a_e_product_display_d_t_o_list"]["item_display_dto"]) == 1

    offline = client.result("aliexpress.postproduct.redefining.offlineaeproduct", {"product_ids": f"{first}"})
    assert offline["result"] == {"success": True, "modify_count": 1}
    shown = client.result(LIST, {"aeop_a_e_product_list_query": {"product_status_type": "offline"}})["result"]
    item = shown["aeop_a_e_product_display_d_t_o_list"]["item_display_dto"][0]
    assert (item["product_id"], item["ws_display"], item["product_min_price"], item["product_max_price"]) == (
        first,
        "user_offline",
        "9.99",
        "10.50",
    )
    client.result("aliexpress.postproduct.redefining.onlineaeproduct", {"product_ids": f"{first}"})

    assert client.result("aliexpress.solution.batch.product.delete", {"product_ids": [second]}).keys() == {"request_id"}
    assert client.error(INFO, {"product_id": second})["sub_code"] == "isv.product-not-found"
    onsale = client.result(LIST, {"aeop_a_e_product_list_query": {"product_status_type": "onSelling"}})["result"]
    assert onsale["product_count"] == 1
