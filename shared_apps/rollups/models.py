"""Rollups (一图总览): figures per congress and day, and per subtree and month.

``Rollup`` is the record of what happened in one congress on one day, with every dimension a
figure carries on one row. ``SubtreeRollup`` holds the same figures summed into every ancestor,
as *projections* (see docs/glossary.md, 汇总投影), so that no row carries the cross product of a
figure's dimensions:

- the plain projection, one row (node, child, month, metric) with no dimension: it counts what
  happened in ``child``'s subtree (or in ``node`` itself when ``child == node``) and feeds the
  totals, the breakdown and ranking of the children, and the monthly trend;
- one dimension projection per dimension the figure carries, at the node level only:
  (node, ``NODE_LEVEL``, month, metric, that one dimension): it feeds the category, level,
  grade and rating mixes and the hot topics.

A figure with k dimensions therefore adds 1 + k rows per ancestor. A leader's dashboard reads
only the rows of its own node, so its cost does not grow with the number of congresses below.
Dimensions are '' when they do not apply, so that the unique keys hold.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

DIMENSIONS = ("category", "status", "level", "grade", "rating", "term")
# ``SubtreeRollup.child_id`` of a dimension projection row: the node as a whole (congress ids start at 1).
NODE_LEVEL = 0


class _Figures(models.Model):
    metric = models.CharField(_("指标"), max_length=40)
    category = models.CharField(_("类别"), max_length=60, default="", blank=True)
    status = models.CharField(_("状态"), max_length=30, default="", blank=True)
    level = models.CharField(_("层级"), max_length=16, default="", blank=True)
    grade = models.CharField(_("答复等级"), max_length=2, default="", blank=True)
    rating = models.CharField(_("评价"), max_length=30, default="", blank=True)
    # A hot-topic keyword (jieba), for metric topics.keyword only.
    term = models.CharField(_("关键词"), max_length=30, default="", blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=2, default=0)

    class Meta:
        abstract = True


class Rollup(_Figures):
    congress_id = models.IntegerField(_("人大"))
    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("日汇总")
        verbose_name_plural = _("日汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["congress_id", "day", "metric", *DIMENSIONS], name="rollup_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.day} {self.metric}={self.value}"


class SubtreeRollup(_Figures):
    node_id = models.IntegerField(_("本级人大"))
    # A child congress (or the node itself) on plain rows; NODE_LEVEL on dimension rows.
    child_id = models.IntegerField(_("下级人大"))
    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("下辖月汇总")
        verbose_name_plural = _("下辖月汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["node_id", "month", "metric", *DIMENSIONS, "child_id"], name="subtree_rollup_key"
            )
        ]
        # The dashboard reads one node's months: an index-only scan with everything it sums
        # (``status`` is kept in the rollups but no dashboard part reads it).
        indexes = [
            models.Index(
                fields=["node_id", "month"],
                include=["child_id", "metric", "category", "level", "grade", "rating", "term", "value"],
                name="subtree_rollup_board",
            )
        ]

    def __str__(self) -> str:
        return f"{self.node_id}/{self.child_id} {self.month} {self.metric}={self.value}"


class ActiveDeputy(models.Model):
    """Deputies with a duty record in a month: makes 'deputies active' a countable figure."""

    congress_id = models.IntegerField()
    month = models.DateField()
    deputy_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["congress_id", "month", "deputy_id"], name="active_deputy_once")
        ]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.month} {self.deputy_id}"


class KnownDeputy(models.Model):
    """A deputy's level, so that leaving office subtracts from the right level (ids only)."""

    congress_id = models.IntegerField()
    deputy_id = models.BigIntegerField()
    level = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["congress_id", "deputy_id"], name="known_deputy_once")]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.deputy_id}"
