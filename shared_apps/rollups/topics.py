"""Hot topics: keywords of citizens' messages, counted inside the congress that holds them.

Only the counts travel (event ``topics.keywords_counted``): person and place names (jieba's
``nr*``/``ns*`` tags), numbers, and anything shaped like a phone number, ID card or e-mail
address are dropped before counting, and a word must occur in at least
``MIN_MESSAGES`` messages of the day to be reported, so a rare word cannot point at one person.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import jieba
import jieba.posseg as pseg
from django.db import transaction

from shared_apps.bus.services import publish

jieba.setLogLevel(60)

TOP = 30
MIN_MESSAGES = 2
# Nouns, verbal nouns, other proper nouns, idioms: the words a topic is made of.
KEPT_TAGS = ("n", "nz", "vn", "nt", "l", "i")
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\d{5,}|1[3-9]\d{9}")
STOPWORDS = frozenset([
    "问题", "情况", "群众", "居民", "反映", "希望", "建议", "请求", "要求", "相关",
    "部门", "有关", "领导", "我们", "你们", "他们", "现在", "目前", "时间", "工作",
    "方面", "进行", "解决", "处理", "谢谢", "感谢", "麻烦", "电话", "手机", "联系",
    "地址", "姓名",
])


def keywords_of(text: str) -> set[str]:
    """The distinct topic words of one message."""
    text = _CONTACT.sub(" ", text)
    words = set()
    for token in pseg.cut(text):
        word, flag = token.word.strip(), token.flag
        if len(word) < 2 or word in STOPWORDS or flag.startswith("nr"):
            continue
        if flag in KEPT_TAGS:
            words.add(word)
    return words


def keyword_counts(texts: Iterable[str], top: int = TOP) -> list[tuple[str, int]]:
    """How many messages mention each word; the ``top`` most frequent, rare words left out."""
    counter: Counter[str] = Counter()
    for text in texts:
        counter.update(keywords_of(text))
    return [(word, n) for word, n in counter.most_common() if n >= MIN_MESSAGES][:top]


def publish_keyword_counts(day, texts_by_category: dict[str | None, list[str]]) -> int:
    """Publish one ``topics.keywords_counted`` per category from the current congress's schema."""
    published = 0
    with transaction.atomic():
        for category, texts in texts_by_category.items():
            counts = keyword_counts(texts)
            if not counts:
                continue
            publish(
                "topics.keywords_counted",
                {
                    "day": day.isoformat(),
                    "category": category,
                    "source": "voices",
                    "counts": [{"word": w, "count": n} for w, n in counts],
                },
            )
            published += 1
    return published


def count_day_in_current_congress(day) -> int:
    """Count yesterday's (or ``day``'s) messages of the congress the connection is set to."""
    import datetime as dt

    from django.utils import timezone

    from shared_apps.bus.models import OutboxEvent
    from tenant_apps.voices.models import Voice

    # Counted once per day: a second run (a retried task) publishes nothing.
    if OutboxEvent.objects.filter(type="topics.keywords_counted", payload__day=day.isoformat()).exists():
        return 0
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    texts: dict[str | None, list[str]] = {}
    rows = Voice.objects.filter(submitted_at__gte=start, submitted_at__lt=start + dt.timedelta(days=1))
    for code, title, description in rows.values_list("category__code", "title", "description").iterator():
        texts.setdefault(code, []).append(f"{title}。{description}")
    return publish_keyword_counts(day, texts)
