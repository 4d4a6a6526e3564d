from django.db.models import QuerySet

from .models import EscalatedCase


def cases(status: str | None = None) -> QuerySet[EscalatedCase]:
    qs = EscalatedCase.objects.all()
    return qs.filter(status=status) if status else qs
