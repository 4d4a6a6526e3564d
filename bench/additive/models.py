from django.db import models


class Reading(models.Model):
    """A table that one additive migration brings to every congress schema (benchmark P2)."""

    label = models.CharField(max_length=50, db_index=True)
    taken_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label
