"""What an ingest needs from the account that does not change order by order (warehouses with
their rate cards, routing rules, fee rules, exchange rates by day), read once per pull instead
of once per order. A pull builds one; a single order without one reads everything fresh."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from currency.table import RateTable


@dataclass
class IngestContext:
    account_id: int
    _warehouses: list | None = None
    _rules: list | None = None
    _shortage: str | None = None
    _rate_age: int | None = None
    _fees: dict = field(default_factory=dict)
    _tables: dict = field(default_factory=dict)

    def warehouses(self) -> list:
        if self._warehouses is None:
            from hub.inventory.models import Warehouse

            self._warehouses = list(
                Warehouse.objects.filter(account_id=self.account_id, is_active=True)
                .prefetch_related(Prefetch("rate_cards"))
                .order_by("pk")
            )
        return self._warehouses

    def rules(self) -> list:
        if self._rules is None:
            from fulfilment.models import RoutingRule

            self._rules = list(
                RoutingRule.objects.filter(account_id=self.account_id, is_active=True).order_by("position", "pk")
            )
        return self._rules

    def shortage_rule(self) -> str:
        if self._shortage is None:
            from fulfilment.services.reservation import shortage_rule

            self._shortage = shortage_rule(self.account_id)
        return self._shortage

    def fee(self, family: str, marketplace_id: str):  # type: ignore[no-untyped-def]
        key = (family, marketplace_id)
        if key not in self._fees:
            from fulfilment.services.money import fee_rule_for

            self._fees[key] = fee_rule_for(account_id=self.account_id, family=family, marketplace_id=marketplace_id)
        return self._fees[key]

    def max_rate_age_days(self) -> int:
        """The account's rate-age policy (currency.RatePolicy, shared with listings)."""
        if self._rate_age is None:
            from currency.selectors import max_rate_age_days

            self._rate_age = max_rate_age_days(self.account_id)
        return self._rate_age

    def table(self, day: date) -> RateTable:
        if day not in self._tables:
            self._tables[day] = RateTable.load(
                start=day, end=day, account_id=self.account_id, max_age_days=self.max_rate_age_days()
            )
        return self._tables[day]
