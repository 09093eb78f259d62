"""The listings pages, mounted at /listings/ by hub/config/urls.py."""

from django.urls import path

from listings import views

app_name = "listings"

urlpatterns = [
    path("<int:account_pk>/", views.matrix, name="matrix"),
    path("<int:account_pk>/publish/", views.publish, name="publish"),
    path("<int:account_pk>/jobs/<int:job_pk>/", views.job, name="job"),
    path("<int:account_pk>/jobs/<int:job_pk>/cancel/", views.job_cancel, name="job-cancel"),
    path("<int:account_pk>/listings/<int:listing_pk>/sync/", views.sync_now, name="sync"),
    path("<int:account_pk>/mappings/", views.mappings, name="mappings"),
]
