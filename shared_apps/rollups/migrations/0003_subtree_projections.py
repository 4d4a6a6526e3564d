"""Subtree rollups as projections (issue 6, P3): re-derive them from the old rows.

Before: one ``SubtreeRollup`` row per (node, child, month, metric) and the whole combination of
the figure's dimensions (category x level, category x term, ...). After: per ancestor, a plain
row (node, child, month, metric) and, at the node level (``child_id = 0``, ``NODE_LEVEL``), one
row per single dimension (see ``rollups.models``). Both are sums of the old rows, so the data
step below gives exactly what ``rollups.services.apply_many`` writes from the events.

Reversing restores the old index but not the old rows: after a reverse migration, rebuild the
consumer from the bus log (``manage.py consume --rebuild rollups``, deploy/bus.md).
"""

from django.db import migrations, models

_DIMENSIONS = ("category", "status", "level", "grade", "rating", "term")


def _single(dimension: str) -> str:
    values = ", ".join(dimension if d == dimension else "''" for d in _DIMENSIONS)
    return (
        f"SELECT node_id, 0, month, metric, {values}, sum(value) FROM rollups_subtreerollup "
        f"WHERE {dimension} <> '' GROUP BY node_id, month, metric, {dimension}"
    )


_COLUMNS = "node_id, child_id, month, metric, category, status, level, grade, rating, term, value"
_PROJECT = f"""
CREATE TEMPORARY TABLE rollups_projection ON COMMIT DROP AS
SELECT node_id, child_id, month, metric, '' AS category, '' AS status, '' AS level, '' AS grade, '' AS rating,
       '' AS term, sum(value) AS value
FROM rollups_subtreerollup GROUP BY node_id, child_id, month, metric
{"".join(" UNION ALL " + _single(d) for d in _DIMENSIONS)};
DELETE FROM rollups_subtreerollup;
INSERT INTO rollups_subtreerollup ({_COLUMNS}) SELECT {_COLUMNS} FROM rollups_projection;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("rollups", "0002_dashboard_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="subtreerollup", name="subtree_rollup_dashboard"),
        migrations.RunSQL(_PROJECT, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="subtreerollup",
            index=models.Index(
                fields=["node_id", "month"],
                include=("child_id", "metric", "category", "level", "grade", "rating", "term", "value"),
                name="subtree_rollup_board",
            ),
        ),
    ]
