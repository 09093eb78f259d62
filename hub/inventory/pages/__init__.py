"""The stock pages: levels per warehouse and SKU, adjustments, transfers, movement history."""
