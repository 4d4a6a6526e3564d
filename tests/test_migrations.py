"""Models and migrations agree: a model change without its migration fails here, not in a
congress's schema at rollout time."""

from io import StringIO

from django.core.management import call_command


def test_no_model_change_without_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits 1 when a migration is missing
        raise AssertionError(f"missing migrations:\n{out.getvalue()}") from exc
