from django.urls import path
from rest_framework.routers import SimpleRouter

from listings.api import views

router = SimpleRouter()
router.register("listings", views.ListingViewSet, basename="listing")
router.register("jobs", views.PublishJobViewSet, basename="publish-job")
router.register("price-rules", views.PriceRuleViewSet, basename="price-rule")
router.register("category-mappings", views.CategoryMappingViewSet, basename="category-mapping")
router.register("attribute-mappings", views.AttributeMappingViewSet, basename="attribute-mapping")
router.register("promotions", views.PromotionViewSet, basename="promotion")

urlpatterns = [
    path("plan/", views.PlanApi.as_view(), name="listing-plan"),
    *router.urls,
]
