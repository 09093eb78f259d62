from django.urls import path

from hub.accounts.api import views

auth_urlpatterns = [
    path("register/", views.RegisterApi.as_view(), name="api-register"),
    path("token/", views.LoginApi.as_view(), name="api-token"),
    path("logout/", views.LogoutApi.as_view(), name="api-logout"),
]

me_urlpatterns = [
    path("", views.ProfileApi.as_view(), name="api-me"),
    path("password/", views.PasswordChangeApi.as_view(), name="api-password-change"),
]

account_urlpatterns = [
    path("", views.AccountListCreateApi.as_view(), name="api-account-list"),
    path("<int:account_pk>/", views.AccountDetailApi.as_view(), name="api-account-detail"),
    path("<int:account_pk>/members/", views.MemberListApi.as_view(), name="api-member-list"),
    path("<int:account_pk>/members/<int:member_pk>/", views.MemberDetailApi.as_view(), name="api-member-detail"),
    path("<int:account_pk>/invitations/", views.InvitationListCreateApi.as_view(), name="api-invitation-list"),
    path(
        "<int:account_pk>/invitations/<int:invitation_pk>/",
        views.InvitationRevokeApi.as_view(),
        name="api-invitation-detail",
    ),
]

invitation_urlpatterns = [
    path("<str:token>/accept/", views.InvitationAcceptApi.as_view(), name="api-invitation-accept"),
]
