from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "listings"
    label = "listings"
