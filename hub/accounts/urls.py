from django.contrib.auth import views as auth_views
from django.urls import path

from hub.accounts import member_pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("profile/", views.profile, name="profile"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password.html", success_url="/profile/"),
        name="password-change",
    ),
    path("accounts/<int:account_pk>/switch/", views.account_switch, name="account-switch"),
    path("accounts/switch/", member_pages.account_choose, name="account-choose"),
    path("accounts/<int:account_pk>/members/", views.members, name="members"),
    path(
        "accounts/<int:account_pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("accounts/<int:account_pk>/members/<int:member_pk>/", member_pages.member_update, name="member-update"),
    path("accounts/<int:account_pk>/members/<int:member_pk>/remove/", member_pages.member_remove, name="member-remove"),
    path(
        "accounts/<int:account_pk>/invitations/<int:invitation_pk>/resend/",
        member_pages.invitation_resend,
        name="invitation-resend",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
