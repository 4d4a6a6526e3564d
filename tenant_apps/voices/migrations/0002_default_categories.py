from django.db import migrations


def create(apps, schema_editor):
    from tenant_apps.voices.taxonomy import create_defaults

    create_defaults(apps.get_model("voices", "Category"))


class Migration(migrations.Migration):
    dependencies = [("voices", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
