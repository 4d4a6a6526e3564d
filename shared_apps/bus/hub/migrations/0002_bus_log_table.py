from django.db import migrations


def create_partitions(apps, schema_editor):
    from shared_apps.bus.hub.partitions import ensure_partitions

    ensure_partitions()


class Migration(migrations.Migration):
    dependencies = [("bushub", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql="""
            CREATE SEQUENCE IF NOT EXISTS public.bushub_busevent_seq AS bigint;
            CREATE TABLE public.bushub_busevent (
                seq bigint NOT NULL,
                event_id uuid NOT NULL,
                type varchar(80) NOT NULL,
                version smallint NOT NULL,
                congress_id integer NOT NULL,
                source varchar(8) NOT NULL,
                occurred_at timestamptz NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                payload jsonb NOT NULL,
                PRIMARY KEY (seq, recorded_at)
            ) PARTITION BY RANGE (recorded_at);
            CREATE INDEX bushub_busevent_recorded_idx ON public.bushub_busevent (recorded_at);
            """,
            reverse_sql="DROP TABLE public.bushub_busevent; DROP SEQUENCE public.bushub_busevent_seq;",
        ),
        migrations.RunPython(create_partitions, migrations.RunPython.noop),
    ]
