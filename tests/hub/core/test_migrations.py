import io

from django.core.management import call_command


def test_models_and_migrations_agree(db):
    output = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)

    assert output.getvalue().strip() == "No changes detected"
