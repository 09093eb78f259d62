"""The listings pages: access like the API (404 for strangers, 403 without write access), the
Simplified Chinese interface, the plan step of the publish page."""

import json
import re

import pytest
from django.conf import settings
from django.test import Client

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory
from tests.listings.support import shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(account):
    return shop(account)


def client_for(account, role, *, language="en"):
    client = Client()
    client.force_login(MembershipFactory(account=account, role=role).user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_publish_page_plans_the_selection(catalog):
    client = client_for(catalog.account, Role.CATALOG)
    url = f"/listings/{catalog.account.pk}/publish/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"products": [catalog.bracelet.pk], "markets": [f"{catalog.wish.pk}:wish"], "step": "plan"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="count-create"' in text and "BR-1-SILVER" in text


def test_access_rules_and_chinese_interface(catalog, other_account):
    stranger = client_for(other_account, Role.OWNER)
    assert stranger.get(f"/listings/{catalog.account.pk}/").status_code == 404
    translator = client_for(catalog.account, Role.TRANSLATOR)
    assert translator.get(f"/listings/{catalog.account.pk}/").status_code == 200
    assert translator.get(f"/listings/{catalog.account.pk}/publish/").status_code == 403
    chinese = client_for(catalog.account, Role.OWNER, language="zh-hans")
    page = chinese.get(f"/listings/{catalog.account.pk}/publish/").content.decode()
    assert "发布到各平台" in page and "查看发布计划" in page


def test_mapping_page_saves_and_refuses_an_attribute_the_product_type_lacks(catalog):
    from listings.models import AttributeMapping, ProductTypeCache
    from tests.channels.factories import amazon_account

    amazon_account(catalog.account)
    ProductTypeCache.objects.create(
        product_type="BRACELET", marketplace_id="ATVPDKIKX0DER", attributes=["color", "item_name"]
    )
    client = client_for(catalog.account, Role.CATALOG)
    url = f"/listings/{catalog.account.pk}/mappings/"
    base = {"kind": "attribute", "attribute": catalog.colour.pk, "family": "amazon", "product_type": "BRACELET"}
    refused = client.post(url, {**base, "target": "colour_name"})
    assert refused.status_code == 400 and not AttributeMapping.objects.filter(family="amazon").exists()
    saved = client.post(url, {**base, "target": "color", "value_map": "rose_gold = Rose Gold"})
    assert saved.status_code == 302
    mapping = AttributeMapping.objects.get(family="amazon")
    assert mapping.value_map == {"rose_gold": "Rose Gold"}
    assert "Rose Gold" in client.get(url).content.decode()


def test_matrix_and_job_page_name_statuses_in_the_page_language(catalog):
    from listings.models import PublishJob
    from listings.services.build import listings_build

    listings_build(account=catalog.account, fetch=False)
    job = PublishJob.objects.create(account=catalog.account, selection={})
    chinese = client_for(catalog.account, Role.CATALOG, language="zh-hans")
    matrix = chinese.get(f"/listings/{catalog.account.pk}/").content.decode()
    assert '<span class="status">草稿</span>' in matrix and '<span class="status">draft</span>' not in matrix
    page = chinese.get(f"/listings/{catalog.account.pk}/jobs/{job.pk}/").content.decode()
    assert '<span data-testid="job-status">排队中</span>' in page
    # the labels the live progress script shows for the API's codes
    labels = json.loads(re.search(r'<script id="job-labels" type="application/json">(.*?)</script>', page).group(1))
    assert (labels["patch_price"], labels["done"], labels["sending"]) == ("改价", "已完成", "已发送，尚未记录答复")
    english = client_for(catalog.account, Role.CATALOG).get(f"/listings/{catalog.account.pk}/").content.decode()
    assert '<span class="status">Draft</span>' in english
    # marketplaces by their brand names, Chinese ones where sellers use them
    assert "<th>AliExpress</th>" in english and "<th>速卖通</th>" in matrix
