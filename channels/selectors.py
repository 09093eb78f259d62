from django.db.models import QuerySet

from channels.models import ChannelAccount, ChannelCall
from hub.accounts.models import SellerAccount


def channel_account_list(*, account: SellerAccount) -> QuerySet[ChannelAccount]:
    return ChannelAccount.objects.filter(account=account).order_by("family", "name", "pk")


def channel_call_list(*, account: SellerAccount) -> QuerySet[ChannelCall]:
    return ChannelCall.objects.filter(account=account).select_related("channel_account")
