"""Push notifications (Amazon's Notifications API over SQS): where each channel account's
notifications go, and one receipt per NotificationId handled, so a second delivery of the same
notification (SQS and Amazon both deliver at least once) is dropped without a marketplace call."""

from django.db import models


class NotificationSubscription(models.Model):
    """The destination (queue ARN) and subscription ids set up for one channel account."""

    channel_account = models.OneToOneField(
        "channels.ChannelAccount", on_delete=models.CASCADE, related_name="notification_subscription"
    )
    destination_id = models.CharField(max_length=120, blank=True)
    destination_arn = models.CharField(max_length=1000, blank=True)
    subscriptions = models.JSONField(default=dict, blank=True)  # notification type -> subscription id
    set_up_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)


class NotificationReceipt(models.Model):
    notification_id = models.CharField(max_length=128, unique=True)
    channel_account = models.ForeignKey(
        "channels.ChannelAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notification_type = models.CharField(max_length=60)
    reference = models.CharField(max_length=120, blank=True)  # marketplace order id / seller fulfilment order id
    changed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20)  # ingested, unchanged, stale, followed, unknown
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
