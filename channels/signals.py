"""Signals other apps may listen to (channels imports none of them)."""

from django.dispatch import Signal

# Sent after a channel account's verification succeeded (status CONNECTED): sender=ChannelAccount,
# channel_account=the instance. Fulfilment subscribes Amazon accounts to push notifications.
channel_account_connected = Signal()
