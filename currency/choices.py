"""The currency app's choice lists, apart from its models so that validators (which the models
call) and parsers can use them without importing the models: dependencies point one way,
models -> validators -> choices."""

from django.db import models


class RateSource(models.TextChoices):
    ECB = "ecb", "ECB euro reference rate"
    FOREX_PYTHON = "forex_python", "forex-python (live service)"
    # Derived from an official fixed USD peg, not published by the ECB (see currency/data/pegs.csv).
    PEG = "peg", "Fixed USD peg (derived, not ECB)"
    MANUAL = "manual", "Entered by hand"


class RoundingDirection(models.TextChoices):
    NEAREST = "nearest", "Nearest price on the grid"
    UP = "up", "Next price on the grid at or above"
    DOWN = "down", "Price on the grid at or below"
