from django.urls import path
from rest_framework.routers import SimpleRouter

from channels.api import views

router = SimpleRouter()
router.register("accounts", views.ChannelAccountViewSet, basename="channel-account")
router.register("calls", views.ChannelCallViewSet, basename="channel-call")

urlpatterns = [
    path("marketplaces/amazon/", views.AmazonMarketplaceListApi.as_view(), name="channel-amazon-marketplaces"),
    *router.urls,
]
