from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "fulfilment"
    label = "fulfilment"

    def ready(self) -> None:
        from channels.signals import channel_account_connected, channel_account_disconnecting
        from fulfilment.receivers import channel_account_connected_subscribe, channel_account_disconnecting_unsubscribe

        channel_account_connected.connect(channel_account_connected_subscribe, dispatch_uid="fulfilment-notifications")
        channel_account_disconnecting.connect(
            channel_account_disconnecting_unsubscribe, dispatch_uid="fulfilment-notifications-off"
        )
