"""ListingSettings.max_rate_age_days has been unread since currency 0003 copied it into the
account's RatePolicy (one rate-age limit for listings prices and order money): dropped, after that
copy has run."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0002_build_inputs"),
        ("currency", "0003_ratepolicy"),
    ]

    operations = [
        migrations.RemoveField(model_name="listingsettings", name="max_rate_age_days"),
    ]
