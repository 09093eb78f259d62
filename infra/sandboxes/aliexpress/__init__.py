"""AliExpress Open Platform (IOP) sandbox: the `/sync` gateway for TOP-protocol business APIs
(`method=aliexpress.solution...`) and `/rest/<path>` for the GOP system APIs (seller tokens).

Written from AliExpress's API descriptions and official SDK models only; it shares no code with
the hub's adapter in channels/aliexpress. See infra/sandboxes/README.md for what it implements.
"""
