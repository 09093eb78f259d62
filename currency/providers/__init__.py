"""Rate providers: one interface, tried in `settings.CURRENCY_PROVIDERS` order.

A provider answers "how does X become Y on day D" from the rate table (`quote`), and may fetch
fresh rates from outside (`fetch_latest`, used by the daily refresh). Names in settings:

    manual        rates sellers (their account) or superusers (system-wide) entered
    ecb           ECB reference rates in the store (bundled history + daily refresh)
    peg           fixed USD pegs shipped as data (AED, SAR, ...), valid until superseded
    forex_python  the forex-python library against CURRENCY_FOREX_PYTHON_URL (live)
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured

from currency.providers.base import RateProvider
from currency.providers.forex import ForexPythonProvider
from currency.providers.stored import EcbProvider, ManualProvider, PegProvider

PROVIDERS: dict[str, type[RateProvider]] = {
    ManualProvider.name: ManualProvider,
    EcbProvider.name: EcbProvider,
    PegProvider.name: PegProvider,
    ForexPythonProvider.name: ForexPythonProvider,
}


def providers_build(names: Sequence[str]) -> list[RateProvider]:
    unknown = [name for name in names if name not in PROVIDERS]
    if unknown:
        raise ImproperlyConfigured(f"Unknown CURRENCY_PROVIDERS {unknown}; known: {sorted(PROVIDERS)}.")
    providers = [PROVIDERS[name]() for name in names]
    return [provider for provider in providers if provider.is_enabled]


__all__ = ["PROVIDERS", "RateProvider", "providers_build"]
