from listings.quantity import StockFigure, available_to_sell

OWN = StockFigure("own", "", on_hand=10, reserved=3)
FBA_NA = StockFigure("fba", "NA", on_hand=20, reserved=0)
FBA_EU = StockFigure("fba", "EU", on_hand=7, reserved=0)


def test_own_warehouses_minus_reservations_minus_buffer():
    assert available_to_sell([OWN, FBA_NA, FBA_EU], safety_buffer=2) == 5


def test_fba_stock_only_for_mcf_served_marketplaces_of_its_region():
    assert available_to_sell([OWN, FBA_NA, FBA_EU], mcf_fba_region="NA") == 27
    assert available_to_sell([OWN, FBA_NA, FBA_EU], mcf_fba_region="EU") == 14


def test_never_negative_capped_and_inactive_warehouses_ignored():
    oversold = StockFigure("own", "", on_hand=1, reserved=4)
    closed = StockFigure("own", "", on_hand=50, reserved=0, active=False)
    assert available_to_sell([oversold, closed], safety_buffer=1) == 0
    assert available_to_sell([OWN, FBA_NA], mcf_fba_region="NA", cap=12) == 12


def test_afn_offers_get_no_quantity():
    assert available_to_sell([OWN], afn=True) is None
