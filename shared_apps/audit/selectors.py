from django.db.models import QuerySet

from .models import AuditEntry


def entries_for(obj) -> QuerySet:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
