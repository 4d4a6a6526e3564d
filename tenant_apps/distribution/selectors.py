from django.db.models import QuerySet, Sum

from .models import Notice, ReceivedNotice


def sent() -> QuerySet[Notice]:
    return Notice.objects.annotate(
        staff_total=Sum("feedback__staff_comments"), public_total=Sum("feedback__public_comments")
    )


def received() -> QuerySet[ReceivedNotice]:
    return ReceivedNotice.objects.all()


def home_context(request) -> dict:
    return {"notices": list(received()[:5])}
