"""Signals other apps may listen to (channels imports none of them)."""

from django.dispatch import Signal

# Sent after a channel account's verification succeeded (status CONNECTED): sender=ChannelAccount,
# channel_account=the instance. Fulfilment subscribes Amazon accounts to push notifications.
channel_account_connected = Signal()

# Sent by the disconnect before the credentials are erased (they still work): sender=ChannelAccount,
# channel_account=the instance. Receivers undo what they set up at the marketplace with them
# (fulfilment deletes the push subscriptions). Sent robustly: a receiver that fails is logged and
# the disconnect goes on.
channel_account_disconnecting = Signal()
