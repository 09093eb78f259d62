"""One rate-age policy per seller account, taken over from ListingSettings.max_rate_age_days
(the listings value becomes the account's, so listings prices convert as before and order money
now follows the same limit)."""

import django.db.models.deletion
from django.db import migrations, models


def from_listing_settings(apps, schema_editor):  # type: ignore[no-untyped-def]
    try:
        ListingSettings = apps.get_model("listings", "ListingSettings")
    except LookupError:
        return
    RatePolicy = apps.get_model("currency", "RatePolicy")
    for account_id, days in ListingSettings.objects.values_list("account_id", "max_rate_age_days"):
        RatePolicy.objects.update_or_create(account_id=account_id, defaults={"max_rate_age_days": days})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("currency", "0002_pegs_and_rounding_rules"),
        ("listings", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RatePolicy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "max_rate_age_days",
                    models.PositiveIntegerField(
                        help_text="A rate older than this many days before the day it is asked for is not used."
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "account",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rate_policy",
                        to="accounts.selleraccount",
                    ),
                ),
            ],
            options={"verbose_name_plural": "rate policies"},
        ),
        migrations.RunPython(from_listing_settings, migrations.RunPython.noop),
    ]
