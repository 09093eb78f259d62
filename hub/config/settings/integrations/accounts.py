"""Login protection (django-axes): failed logins are counted per (e-mail, client address) pair on
the login page, the API token endpoint and the admin. After AXES_FAILURE_LIMIT failures that pair
is locked for AXES_COOLOFF_TIME — other people behind the same address, and the same person
elsewhere, still log in. Unlock early with `manage.py axes_reset_username <e-mail>` or
`manage.py axes_reset` (everything)."""

from datetime import timedelta

from hub.config.settings.env import env

AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "hub.accounts.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "hub.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
