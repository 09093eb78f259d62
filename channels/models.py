from django.db import models

from channels.exceptions import ErrorKind
from channels.types import Family
from hub.core.models import TimeStampedModel


class ChannelAccountStatus(models.TextChoices):
    NEW = "new", "Not verified yet"
    CONNECTED = "connected", "Connected"
    AUTH_FAILED = "auth_failed", "Credentials refused"
    ERROR = "error", "Error"
    DISABLED = "disabled", "Disabled"


class ChannelAccount(TimeStampedModel):
    """One seller account on one marketplace family (all of its enabled marketplaces share the
    credentials). Credentials are a Fernet-encrypted JSON object (see channels.crypto); they are
    write-only through the API and masked in the admin."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="channel_accounts")
    name = models.CharField(max_length=120)
    family = models.CharField(max_length=20, choices=[(f.value, f.value.title()) for f in Family])
    # Amazon marketplace ids (validated against channels/data/amazon_marketplaces.json); for
    # AliExpress and Wish, their single global marketplace code.
    marketplaces = models.JSONField(default=list, blank=True)
    # Per-API base URLs ({"sp_api": ..., "lwa": ...} for Amazon, {"gateway": ...} for AliExpress,
    # {"api": ...} for Wish); empty values mean the real marketplace (channels/<family>/consts.py).
    base_urls = models.JSONField(default=dict, blank=True)
    # Marketplace-side defaults the adapter needs and the catalog does not hold (AliExpress freight
    # template, Wish warehouse id...), and the seller id the marketplace knows us by.
    options = models.JSONField(default=dict, blank=True)
    seller_reference = models.CharField(
        max_length=120, blank=True, help_text="Seller / merchant id on the marketplace."
    )
    credentials_encrypted = models.TextField(blank=True, default="", editable=False)
    status = models.CharField(max_length=20, choices=ChannelAccountStatus.choices, default=ChannelAccountStatus.NEW)
    last_error = models.TextField(blank=True, default="")
    last_verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["account", "family", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="channel_account_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.family})"

    @property
    def has_credentials(self) -> bool:
        return bool(self.credentials_encrypted)


class ChannelCall(models.Model):
    """One HTTP exchange with a marketplace (token calls included). Append-only; pruned by age."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="channel_calls")
    channel_account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="calls")
    operation = models.CharField(max_length=80)
    method = models.CharField(max_length=10)
    url_path = models.CharField(max_length=500)
    request_summary = models.JSONField(default=dict, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    # The marketplace's own messages: [{"code", "message", "severity", "attribute"}].
    messages = models.JSONField(default=list, blank=True)
    error_kind = models.CharField(max_length=20, blank=True, choices=[(kind.value, kind.value) for kind in ErrorKind])
    attempt = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["channel_account", "-created_at"], name="channel_call_account_recent"),
            models.Index(fields=["account", "operation"], name="channel_call_operation"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.http_status or '-'}"
