from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "fulfilment"
    label = "fulfilment"

    def ready(self) -> None:
        from channels.signals import channel_account_connected
        from fulfilment.receivers import channel_account_connected_subscribe

        channel_account_connected.connect(channel_account_connected_subscribe, dispatch_uid="fulfilment-notifications")
