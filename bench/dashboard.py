"""Benchmark P3 (issue 6): the leaders' dashboard over rollups vs. a loop over tenant schemas.

    .venv/bin/python bench/dashboard.py [voices] [sample-schemas]     (default 5000000 30)

Against DATABASE_URL (shared schema migrated). Builds a synthetic province of 1,500 congresses
(1 province, 13 cities, 95 counties, 1,391 townships) as registry rows, and the subtree rollup
rows that `voices` citizens' messages (and the duty records, deputies, stations, escalations,
comments and hot-topic keywords that go with them) over the last 12 months produce: every metric
the dashboard shows, with its dimensions, in the projection layout of `rollups.models` (a plain
row per node and child, one row per single dimension at the node level). The rows are written
by SQL, not through the consumer; before filling, the script checks on a handful of real events
that `rollups.services.apply_many` writes exactly what the same SQL projection writes. Times the
dashboard query (shared_apps.rollups.selectors.dashboard, one statement) for the province, a
city and a county: p50/p95 over 40 runs each.

Baseline, same run: the same figures computed the old way, one tenant schema after another.
`sample-schemas` real congress schemas are cloned by the provisioning code (all tenant tables),
each filled by SQL with its share of the messages (with replies, grades, ratings, deadlines,
Chinese titles and texts), deputies, duty records, stations and comments. Per schema the loop
calls the congress's own statistics code (tenant_apps.voices.stats: headline, by category, by
month, jieba keywords; tenant_apps.deputies.selectors.composition; tenant_apps.stations
selectors) plus plain ORM aggregates where no selector exists, and merges the results into the
node's totals, per-child figures, months, mixes and hot topics. The per-schema time is measured
over the sample and scaled to the subtree's size (1,500 for the province, the city's and the
county's subtree): the full loop is that product, said so in the output. The old, cheaper
"counts only" loop (one SQL query per schema: counts per category and month) is timed on the
same schemas and reported in its own column.
Ends with one summary line.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, F, Q, Sum  # noqa: E402
from django.db.models.functions import TruncMonth  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from provisioning import schemas as tenant_schemas  # noqa: E402
from shared_apps.bus.hub.log import Event  # noqa: E402
from shared_apps.rollups import selectors, services  # noqa: E402
from shared_apps.rollups.models import DIMENSIONS, NODE_LEVEL  # noqa: E402
from tenants.models import Congress  # noqa: E402

PROVINCE = "540000"  # a code no demo data uses
CITIES, COUNTIES_PER_CITY, TOWNS_PER_COUNTY = 13, 7, 14  # 13 + 91 + 1,274, topped up below
CATEGORIES = ("help", "suggestion", "consultation", "thanks", "other",
              "help-1", "help-2", "help-3", "suggestion-1", "suggestion-2")
CATEGORY_WEIGHTS = (22, 14, 12, 3, 5, 12, 10, 8, 8, 6)
MONTHS = 12
DUTY_TYPES = ("meeting", "inspection", "suggestion", "voter_contact", "group_activity")
SAMPLE_PREFIX = "bench_p3_"

# Words citizens' messages are made of, by theme; each category draws on a few themes.
THEMES = {
    "市政": "路灯 井盖 道路 路面 积水 排水 下水道 人行道 施工 围挡 桥梁 管网 燃气 自来水 窨井",
    "交通": "停车 车位 红绿灯 公交 地铁 站点 拥堵 电动车 充电桩 斑马线 限速 共享单车 出租车 违停 停车场",
    "环境": "垃圾 分类 噪声 油烟 污水 绿化 扬尘 异味 河道 黑臭 焚烧 渣土 公厕 清运 蚊虫",
    "物业": "物业 电梯 漏水 业委会 物业费 门禁 监控 消防 楼道 外墙 屋顶 停水 停电 装修 车库",
    "教育": "学校 学位 幼儿园 入学 托管 食堂 操场 教师 补课 学区 校门 午餐 校车 课后服务 家长",
    "医疗": "医院 医保 挂号 门诊 药品 卫生院 家庭医生 体检 疫苗 报销 急诊 床位 护理 病房 救护车",
    "养老": "养老 老人 助餐 老年 日间照料 适老化 扶手 养老金 高龄 补贴 护工 敬老院 居家 陪护 老年大学",
    "社保": "社保 就业 培训 工资 欠薪 失业 低保 救助 残疾人 补助 公积金 退休 劳动 合同 工伤",
    "住房": "拆迁 安置 保障房 房租 公租房 产权 房产证 违建 租金 中介 棚改 老旧小区 改造 搬迁 物业用房",
    "农业": "农田 灌溉 水渠 农村 合作社 种子 化肥 收购 养殖 土地 流转 宅基地 农机 大棚 村道",
    "政务": "办事 窗口 审批 证明 网上 效率 材料 热线 户籍 营业执照 不动产 登记 预约 排队 服务",
}
CATEGORY_THEMES = {
    "help": ("市政", "环境", "物业"), "help-1": ("市政", "交通", "住房"), "help-2": ("环境", "物业", "农业"),
    "help-3": ("社保", "养老", "医疗"), "suggestion": ("交通", "教育", "医疗"),
    "suggestion-1": ("市政", "住房", "交通"),
    "suggestion-2": ("教育", "医疗", "养老"), "consultation": ("社保", "政务", "医疗"),
    "thanks": ("政务", "市政", "物业"), "other": ("农业", "政务", "环境"),
}
VOCABULARY = {c: [w for t in themes for w in THEMES[t].split()] for c, themes in CATEGORY_THEMES.items()}
PLACES = ("幸福小区", "人民路", "东门社区", "城南新村", "解放街", "滨江花园", "光明村", "新华路口", "翠湖苑",
          "工业园区", "中心小学附近", "菜市场旁", "火车站广场", "老街", "桃源村")
TROUBLES = ("长期得不到解决", "存在安全隐患", "影响居民出行", "给生活带来不便", "多次反映未果",
            "情况越来越严重", "老人孩子意见很大", "晚上尤其明显")
ASKS = ("希望有关部门尽快处理", "建议增加", "请求协调解决", "盼望早日改善", "建议统一规划", "恳请督促落实")


def build_tree() -> dict[str, list[int]]:
    """1,500 registry rows (no schemas), path and depth as Congress.save computes them."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM rollups_subtreerollup WHERE node_id IN "
                       "(SELECT id FROM tenants_congress WHERE path LIKE %s)", [f"/{PROVINCE}/%"])
        for depth in (3, 2, 1, 0):
            cursor.execute("DELETE FROM tenants_congress WHERE path LIKE %s AND depth = %s", [f"/{PROVINCE}/%", depth])
    rows: list[tuple] = [("基准省人大常委会", "province", PROVINCE, None, f"/{PROVINCE}/", 0)]
    counties_total, towns_total = 0, 0
    for c in range(1, CITIES + 1):
        city = f"54{c:02d}00"
        rows.append((f"基准{c}市人大常委会", "city", city, PROVINCE, f"/{PROVINCE}/{city}/", 1))
        for k in range(1, COUNTIES_PER_CITY + 1 + (1 if c <= 4 else 0)):
            county = f"54{c:02d}{k:02d}"
            counties_total += 1
            rows.append((f"基准{c}市{k}县人大常委会", "county", county, city, f"/{PROVINCE}/{city}/{county}/", 2))
            towns = TOWNS_PER_COUNTY + (2 if counties_total <= 58 else 1)
            for t in range(1, towns + 1):
                if towns_total >= 1500 - 1 - CITIES - 95:
                    break
                towns_total += 1
                town = f"{county}{t:03d}"
                rows.append((f"基准{c}市{k}县{t}镇人大", "township", town, county,
                             f"/{PROVINCE}/{city}/{county}/{town}/", 3))
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name, level, code, parent, path, depth in rows:
            cursor.execute(
                "INSERT INTO tenants_congress (schema_name, name, level, parent_id, region_code, path, depth, "
                "hosting_mode, status, is_demo, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, 'hosted', "
                "'active', true, now()) RETURNING id",
                [f"bench_{code}", name, level, ids.get(parent), code, path, depth],
            )
            ids[code] = cursor.fetchone()[0]
    by_level: dict[str, list[int]] = {}
    for _name, level, code, _p, _path, _d in rows:
        by_level.setdefault(level, []).append(ids[code])
    return by_level


def build_lineage() -> None:
    """bench_lineage(origin, node, child): every ancestor-or-self node of every congress."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, parent_id FROM tenants_congress WHERE path LIKE %s", [f"/{PROVINCE}/%"])
        parent = dict(cursor.fetchall())
        pairs = []
        for origin in parent:
            lineage = [origin]
            while parent.get(lineage[-1]) is not None:
                lineage.append(parent[lineage[-1]])
            lineage.reverse()
            for index, node in enumerate(lineage):
                child = lineage[index + 1] if index + 1 < len(lineage) else node
                pairs.append((origin, node, child))
        cursor.execute("DROP TABLE IF EXISTS bench_lineage")
        cursor.execute("CREATE UNLOGGED TABLE bench_lineage (origin int, node int, child int)")
        cursor.execute(
            "INSERT INTO bench_lineage SELECT * FROM unnest(%s::int[], %s::int[], %s::int[])",
            [[p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs]],
        )
        cursor.execute("CREATE INDEX ON bench_lineage (origin)")
        cursor.execute("ANALYZE bench_lineage")


_TARGET = f"node_id, child_id, month, metric, {', '.join(DIMENSIONS)}, value"


def project(cursor, source: str) -> None:
    """The projections of ``source`` (id, month, metric, <DIMENSIONS>, value: each congress's own
    monthly figures with all their dimensions) summed into every ancestor: the rows that
    ``services.subtree_keys`` gives, one statement per projection."""
    blank = ", ".join("''" for _d in DIMENSIONS)
    cursor.execute(
        f"INSERT INTO rollups_subtreerollup ({_TARGET}) "
        f"SELECT l.node, l.child, o.month, o.metric, {blank}, sum(o.value) "
        f"FROM (SELECT id, month, metric, sum(value) AS value FROM {source} GROUP BY 1, 2, 3) o "
        f"JOIN bench_lineage l ON l.origin = o.id GROUP BY 1, 2, 3, 4"
    )
    for dimension in DIMENSIONS:
        values = ", ".join(f"o.{d}" if d == dimension else "''" for d in DIMENSIONS)
        cursor.execute(
            f"INSERT INTO rollups_subtreerollup ({_TARGET}) "
            f"SELECT l.node, {NODE_LEVEL}, o.month, o.metric, {values}, sum(o.value) "
            f"FROM (SELECT id, month, metric, {dimension}, sum(value) AS value FROM {source} "
            f"      WHERE {dimension} <> '' GROUP BY 1, 2, 3, 4) o "
            f"JOIN bench_lineage l ON l.origin = o.id GROUP BY l.node, o.month, o.metric, o.{dimension}"
        )


def _bench_rows(cursor) -> list[tuple]:
    cursor.execute(f"SELECT {_TARGET} FROM rollups_subtreerollup r WHERE node_id IN "
                   "(SELECT id FROM tenants_congress WHERE path LIKE %s) ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10",
                   [f"/{PROVINCE}/%"])
    return cursor.fetchall()


def check_shape(town_id: int) -> int:
    """A few real events through ``apply_many``, and the same figures through ``project``: the
    same rows, or the benchmark would time a layout the consumer does not write."""
    now = timezone.now()
    at = timezone.localtime(now).replace(day=3, hour=10).isoformat()

    def event(kind: str, payload: dict) -> Event:
        return Event(0, uuid.uuid4(), kind, 1, town_id, "bench", now, now, payload)

    events = [
        event("voice.submitted", {"voice_id": 1, "category": "help", "subcategory": None, "station_id": None,
                                  "deputy_id": None, "submitted_at": at, "channel": "qr"}),
        event("voice.replied", {"voice_id": 1, "category": "help", "unit_id": None, "grade": "B", "replied_at": at,
                                "submitted_at": at, "due_at": at, "on_time": True, "reply_seconds": 7200,
                                "by": "unit"}),
        event("voice.rated", {"voice_id": 1, "category": "help", "rating": "basically_satisfied", "rated_at": at}),
        event("voice.closed", {"voice_id": 1, "category": "help", "closed_at": at, "outcome": "answered",
                               "overdue": False}),
        event("topics.keywords_counted", {"day": at[:10], "category": "help", "source": "voices",
                                          "counts": [{"word": "路灯", "count": 3}, {"word": "停车", "count": 2}]}),
        event("duty.recorded", {"record_id": 1, "duty_type": "meeting", "deputy_ids": [1, 2], "occurred_on": at[:10],
                                "points": 2, "entered_by": "office"}),
    ]
    with connection.cursor() as cursor, transaction.atomic():
        sid = transaction.savepoint()
        services.apply_many(events)
        by_consumer = _bench_rows(cursor)
        cursor.execute("DELETE FROM rollups_subtreerollup WHERE node_id IN "
                       "(SELECT id FROM tenants_congress WHERE path LIKE %s)", [f"/{PROVINCE}/%"])
        cursor.execute(
            f"CREATE TEMPORARY TABLE bench_check ON COMMIT DROP AS SELECT congress_id AS id, "
            f"date_trunc('month', day)::date AS month, metric, {', '.join(DIMENSIONS)}, value "
            "FROM rollups_rollup WHERE congress_id = %s", [town_id],
        )
        project(cursor, "bench_check")
        by_bench = _bench_rows(cursor)
        transaction.savepoint_rollback(sid)
    assert by_consumer and by_consumer == by_bench, "the benchmark's SQL projection differs from apply_many"
    return len(by_consumer)


OWN_SQL = """
CREATE UNLOGGED TABLE bench_base AS
SELECT c.id, c.level AS lvl, m.month::date AS month, cat.category,
       greatest(0, round(%(per_cell)s * cat.weight * (0.5 + random())))::int AS n
FROM tenants_congress c
CROSS JOIN generate_series(date_trunc('month', now())::date - interval '11 months',
                           date_trunc('month', now())::date, interval '1 month') AS m(month)
CROSS JOIN unnest(%(categories)s::text[], %(weights)s::float8[]) AS cat(category, weight)
WHERE c.path LIKE %(prefix)s;

CREATE UNLOGGED TABLE bench_own (id int, month date, metric text, category text, status text, level text,
                                 grade text, rating text, term text, value numeric);

-- Citizens' messages: what voice.submitted/replied/rated/overdue/closed/escalation_requested add.
INSERT INTO bench_own
WITH v AS (
    SELECT *, round(n * 0.88) AS answered, round(n * 0.45) AS satisfied_, round(n * 0.15) AS basically,
           round(n * 0.05) AS dissatisfied FROM bench_base
)
SELECT id, month, 'voices.submitted', category, '', lvl, '', '', '', n FROM v
UNION ALL SELECT id, month, 'voices.answered', category, '', '', g.grade, '', '', round(answered * g.share)
    FROM v CROSS JOIN (VALUES ('A', 0.5), ('B', 0.3), ('C', 0.15), ('D', 0.05)) AS g(grade, share)
UNION ALL SELECT id, month, 'voices.on_time', category, '', '', '', '', '', round(answered * 0.9) FROM v
UNION ALL SELECT id, month, 'voices.reply_seconds', category, '', '', '', '', '',
    round(answered * 86400 * (1 + random() * 2)) FROM v
UNION ALL SELECT id, month, 'voices.overdue', category, '', '', '', '', '', round(n * 0.04) FROM v
UNION ALL SELECT id, month, 'voices.rated', category, '', '', '', 'satisfied', '', satisfied_ FROM v
UNION ALL SELECT id, month, 'voices.rated', category, '', '', '', 'basically_satisfied', '', basically FROM v
UNION ALL SELECT id, month, 'voices.rated', category, '', '', '', 'dissatisfied', '', dissatisfied FROM v
UNION ALL SELECT id, month, 'voices.satisfied', category, '', '', '', '', '', satisfied_ + basically FROM v
UNION ALL SELECT id, month, 'voices.dissatisfied', category, '', '', '', '', '', dissatisfied FROM v
UNION ALL SELECT id, month, 'voices.closed', category, o.outcome, '', '', '', '', round(n * o.share)
    FROM v CROSS JOIN (VALUES ('answered', 0.7), ('unrated', 0.1), ('closed_by_staff', 0.03)) AS o(outcome, share)
UNION ALL SELECT id, month, 'escalations.requested', category, '', '', '', '', '',
    CASE WHEN random() < n * 0.01 THEN 1 ELSE 0 END FROM v;

-- Duty records by type (entered by the office or the deputy), points, participations, active deputies.
INSERT INTO bench_own
WITH d AS (
    SELECT c.id, m.month::date AS month, t.duty_type, (random() * 6)::int AS records
    FROM tenants_congress c
    CROSS JOIN generate_series(date_trunc('month', now())::date - interval '11 months',
                               date_trunc('month', now())::date, interval '1 month') AS m(month)
    CROSS JOIN unnest(%(duty_types)s::text[]) AS t(duty_type)
    WHERE c.path LIKE %(prefix)s
)
SELECT id, month, 'duty.records', duty_type, 'office', '', '', '', '', ceil(records * 0.7) FROM d
UNION ALL SELECT id, month, 'duty.records', duty_type, 'deputy', '', '', '', '', floor(records * 0.3) FROM d
UNION ALL SELECT id, month, 'duty.points', duty_type, '', '', '', '', '', records * 2.5 FROM d
UNION ALL SELECT id, month, 'duty.deputy_records', duty_type, '', '', '', '', '', records * 3 FROM d
UNION ALL SELECT id, month, 'deputies.active', '', '', '', '', '', '', sum(least(records * 3, 12))
    FROM d GROUP BY id, month;

-- Stocks (deputies in office by level, stations), counted when they began; comments on notices.
INSERT INTO bench_own
SELECT c.id, date_trunc('month', now())::date - interval '3 years', 'deputies.registered', '', '',
       CASE c.level WHEN 'subdistrict' THEN 'township' ELSE c.level END, '', '', '', 15 + (random() * 40)::int
FROM tenants_congress c WHERE c.path LIKE %(prefix)s
UNION ALL
SELECT c.id, date_trunc('month', now())::date - interval '2 years', 'stations.opened', '', '', '', '', '', '',
       1 + (random() * 2)::int
FROM tenants_congress c WHERE c.path LIKE %(prefix)s
UNION ALL
SELECT b.id, b.month, 'distribution.comments', '', s.source, '', '', '', '', (random() * 3)::int
FROM (SELECT DISTINCT id, month FROM bench_base) b CROSS JOIN (VALUES ('staff'), ('public')) AS s(source);

-- Hot topics: the words of each category's messages, 30-45 a month (topics.keywords_counted).
INSERT INTO bench_own
SELECT b.id, b.month, 'topics.keyword', b.category, '', '', '', '', w.word, 2 + (random() * 10)::int
FROM bench_base b
JOIN (SELECT category, word FROM unnest(%(vocab_categories)s::text[], %(vocab_words)s::text[]) AS x(category, word))
     AS w ON w.category = b.category
WHERE random() < 0.85;

DELETE FROM bench_own WHERE value = 0;
"""


def fill_rollups(voices: int) -> int:
    """Each congress's own monthly figures with all their dimensions, then projected into every ancestor."""
    vocab_categories = [c for c, words in VOCABULARY.items() for _w in words]
    vocab_words = [w for _c, words in VOCABULARY.items() for w in words]
    weights = [w / sum(CATEGORY_WEIGHTS) for w in CATEGORY_WEIGHTS]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_own; DROP TABLE IF EXISTS bench_base")
        cursor.execute(OWN_SQL, {
            "per_cell": voices / 1500 / MONTHS, "categories": list(CATEGORIES), "weights": weights,
            "prefix": f"/{PROVINCE}/%", "duty_types": list(DUTY_TYPES),
            "vocab_categories": vocab_categories, "vocab_words": vocab_words,
        })
        project(cursor, "bench_own")
        cursor.execute("SELECT sum(value) FROM bench_own WHERE metric = 'voices.submitted'")
        total = int(cursor.fetchone()[0])
        cursor.execute("DROP TABLE bench_own; DROP TABLE bench_base; DROP TABLE bench_lineage")
        cursor.execute("ANALYZE tenants_congress")
    return total


def time_dashboard(congress: Congress, runs: int = 40) -> tuple[float, float, selectors.Dashboard]:
    period = selectors.parse_period({})
    selectors.dashboard(congress, None, period)  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        board = selectors.dashboard(congress, None, period)
        times.append((time.perf_counter() - started) * 1000)
    assert board is not None and board.totals and board.hot_topics and all(board.mix.values())
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], board


# ---------------------------------------------------------------------------------------------
# The loop over tenant schemas: real congress schemas, the congresses' own statistics code.
# ---------------------------------------------------------------------------------------------


def _message(rng: random.Random, category: str) -> tuple[str, str]:
    words = VOCABULARY[category]
    w1, w2, w3 = rng.sample(words, 3)
    place = rng.choice(PLACES)
    title = rng.choice((f"{place}{w1}问题", f"关于{w1}和{w2}的建议", f"{w1}{rng.choice(TROUBLES)}",
                        f"反映{place}{w1}情况"))
    text = (f"{place}的{w1}{rng.choice(TROUBLES)}，{w2}方面也{rng.choice(TROUBLES)}。"
            f"{rng.choice(ASKS)}{w3}，{rng.choice(ASKS)}。")
    return title, text


VOICE_COLUMNS = ("tracking_code", "title", "description", "extra", "location", "channel", "phone", "phone_index",
                 "gender", "age_band", "consent_at", "consent_version", "status", "submitted_at", "accepted_at",
                 "first_replied_at", "replied_at", "due_at", "overdue_at", "was_overdue", "closed_at",
                 "close_outcome", "rating", "rated_at", "round", "common_problem", "escalation_summary",
                 "category_id")


def _voices(rng: random.Random, count: int, start: dt.datetime, now: dt.datetime, categories: dict[str, int],
            prefix: str):
    span = (now - start).total_seconds()
    for i in range(count):
        category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
        title, text = _message(rng, category)
        submitted = start + dt.timedelta(seconds=rng.random() * span)
        due = submitted + dt.timedelta(days=1 if category.startswith("consultation") else 7)
        replied = submitted + dt.timedelta(hours=rng.uniform(1, 200)) if rng.random() < 0.88 else None
        if replied and replied > now:
            replied = None
        rating, rated, status, closed, outcome, overdue = "", None, "assigned", None, "", None
        if replied:
            status = "replied"
            if rng.random() < 0.74:
                rating = rng.choices(("satisfied", "basically_satisfied", "dissatisfied"), (45, 15, 5))[0]
                rated = replied + dt.timedelta(days=1)
                status, closed, outcome = "closed", rated, "answered"
        elif due < now:
            overdue = due
        escalated = "escalation" if rng.random() < 0.01 else ""
        yield (f"{prefix}{i:07d}", title, text, "{}", "", "qr", "-", "", "", "", submitted, "v1", status, submitted,
               submitted, replied, replied, due, overdue, overdue is not None, closed, outcome, rating, rated, 1,
               escalated, "", categories[category])


def fill_schema(schema: str, index: int, count: int, start: dt.datetime) -> None:
    """A real congress schema (the provisioning clone) holding its share of realistic rows."""
    from tenant_apps.voices import taxonomy
    from tenant_apps.voices.models import Category

    rng = random.Random(index)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    tenant_schemas.clone_schema(schema)
    with schema_context(schema), connection.cursor() as cursor:
        taxonomy.create_defaults()
        categories = dict(Category.objects.values_list("code", "pk"))
        with cursor.cursor.copy(f'COPY "{schema}".voices_voice ({", ".join(VOICE_COLUMNS)}) FROM STDIN') as copy:
            for row in _voices(rng, count, start, now, categories, f"B{index:03d}"):
                copy.write_row(row)
        cursor.execute(
            f"""
            INSERT INTO "{schema}".voices_reply (round, by, grade, text, is_public, created_at, voice_id)
            SELECT 1, 'unit', (ARRAY['A', 'A', 'A', 'B', 'B', 'C', 'D'])[1 + floor(random() * 7)::int],
                   '已答复，请查收。', true, first_replied_at, id
            FROM "{schema}".voices_voice WHERE first_replied_at IS NOT NULL;
            INSERT INTO "{schema}".deputies_deputy (name, gender, ethnicity, party, occupation, position, level, photo,
                biography, mobile_index, registered_on, left_on, left_reason, created_at, updated_at)
            SELECT '代表' || g, (ARRAY['male', 'female'])[1 + (g %% 2)], '汉族', '', '', '', 'township', '', '', '',
                   DATE '2022-01-01', CASE WHEN g %% 17 = 0 THEN DATE '2025-06-30' END, '', now(), now()
            FROM generate_series(1, 36) AS g;
            INSERT INTO "{schema}".deputies_dutyrecord (duty_type, title, occurred_on, place, description, points,
                status, entered_by, rejection_reason, created_at, updated_at)
            SELECT (%(types)s::text[])[1 + floor(random() * 5)::int], '履职活动', (%(start)s::date + g %% 365),
                   '代表之家', '', 2.5, 'verified', 'office', '', now(), now()
            FROM generate_series(1, 180) AS g WHERE %(start)s::date + g %% 365 <= current_date;
            INSERT INTO "{schema}".deputies_dutyrecord_participants (dutyrecord_id, deputy_id)
            SELECT DISTINCT r.id, d.id FROM "{schema}".deputies_dutyrecord r
            CROSS JOIN LATERAL (SELECT id FROM "{schema}".deputies_deputy WHERE r.id > 0
                                ORDER BY random() LIMIT 1 + floor(random() * 4)::int) d;
            INSERT INTO "{schema}".stations_liaisonstation (public_token, kind, name, address, opening_hours,
                reception_days, reception_note, phone, opened_on, is_active, created_at, updated_at)
            SELECT left(md5(%(schema)s || g), 24), 'station', '代表联络站' || g, '镇政府旁', '', '{{}}', '', '',
                   DATE '2024-03-01', true, now(), now()
            FROM generate_series(1, 2) AS g;
            INSERT INTO "{schema}".distribution_receivednotice (kind, title, body, published_at, origin_congress_id,
                origin_congress_name, origin_notice_id, received_at)
            VALUES ('draft', '关于征求意见的通知', '正文', now() - interval '60 days', 1, '基准省人大常委会', 1, now());
            INSERT INTO "{schema}".distribution_noticecomment (source, text, created_at, notice_id)
            SELECT (ARRAY['staff', 'public'])[1 + (g %% 2)], '意见' || g, now() - (g || ' days')::interval,
                   (SELECT id FROM "{schema}".distribution_receivednotice LIMIT 1)
            FROM generate_series(1, 20) AS g;
            """,
            {"types": list(DUTY_TYPES), "start": start.date(), "schema": schema},
        )
        for table in ("voices_voice", "voices_reply", "deputies_deputy", "deputies_dutyrecord",
                      "deputies_dutyrecord_participants"):
            cursor.execute(f'ANALYZE "{schema}".{table}')


class Merged:
    """The node's figures as the loop assembles them, schema after schema."""

    def __init__(self) -> None:
        self.totals: Counter = Counter()
        self.children: dict[int, Counter] = defaultdict(Counter)
        self.months: dict[str, Counter] = defaultdict(Counter)
        self.mixes: dict[str, Counter] = defaultdict(Counter)
        self.words: Counter = Counter()

    def add(self, child: int, figures: dict) -> None:
        self.totals.update(figures["totals"])
        self.children[child].update(figures["totals"])
        for metric, by_month in figures["months"].items():
            self.months[metric].update(by_month)
        for name, mix in figures["mixes"].items():
            self.mixes[name].update(mix)
        self.words.update(figures["words"])

    def board(self) -> dict:
        """What the dashboard shows: rates, ranking, trend, mixes, hot topics."""
        children = []
        for child, figures in self.children.items():
            rates = selectors.indicators({k: Decimal(str(v)) for k, v in figures.items()})
            children.append((child, rates, selectors.score(rates)))
        children.sort(key=lambda c: -(c[2] or 0))
        return {
            "totals": dict(self.totals),
            "rates": selectors.indicators({k: Decimal(str(v)) for k, v in self.totals.items()}),
            "children": children, "trend": {m: sorted(v.items()) for m, v in self.months.items()},
            "mix": {name: mix.most_common() for name, mix in self.mixes.items()},
            "hot_topics": self.words.most_common(30),
        }


def old_way(start: dt.datetime, level: str) -> tuple[dict, float]:
    """The dashboard's figures for the current schema, by the congress's own statistics code;
    plain ORM aggregates where it has none. Returns the figures and the keyword (jieba) seconds."""
    from tenant_apps.deputies import selectors as deputies
    from tenant_apps.deputies.models import Deputy, DutyRecord
    from tenant_apps.distribution.models import NoticeComment
    from tenant_apps.stations import selectors as stations
    from tenant_apps.voices import stats
    from tenant_apps.voices.models import Rating, Reply, Voice

    tz = timezone.get_current_timezone()
    qs = Voice.objects.filter(submitted_at__gte=start)
    head = stats.headline(qs)
    more = qs.aggregate(
        dissatisfied=Count("pk", filter=Q(rating=Rating.DISSATISFIED)),
        reply=Sum(F("first_replied_at") - F("submitted_at")),
        escalations=Count("pk", filter=Q(common_problem="escalation")),
    )
    months: dict[str, Counter] = defaultdict(Counter)
    for row in stats.by_month(qs):
        months["voices.submitted"][row["month"]] = row["count"]
        months["voices.answered"][row["month"]] = row["answered"]
        months["voices.satisfied"][row["month"]] = row["satisfied"]
    for month, on_time, escalations in (
        qs.annotate(month=TruncMonth("submitted_at", tzinfo=tz)).values_list("month")
        .annotate(on_time=Count("pk", filter=Q(first_replied_at__lte=F("due_at"))),
                  escalations=Count("pk", filter=Q(common_problem="escalation"))).order_by()
    ):
        months["voices.on_time"][f"{month:%Y-%m}"] = on_time
        months["escalations.requested"][f"{month:%Y-%m}"] = escalations
    mixes: dict[str, Counter] = defaultdict(Counter)
    for row in stats.by_category(qs):
        mixes["category"][row["code"]] = row["count"]
    mixes["level"][level] = head["collected"]
    mixes["grade"].update(dict(Reply.objects.filter(voice__submitted_at__gte=start, round=1).exclude(grade="")
                               .values_list("grade").annotate(n=Count("pk")).order_by()))
    mixes["rating"].update(dict(qs.exclude(rating="").values_list("rating").annotate(n=Count("pk")).order_by()))
    started = time.perf_counter()
    words = Counter({item["word"]: item["count"] for item in stats.keywords(qs, top=None, limit=None)})
    keyword_seconds = time.perf_counter() - started
    records = DutyRecord.objects.filter(occurred_on__gte=start.date())
    duty = list(records.annotate(month=TruncMonth("occurred_on")).values_list("month", "duty_type")
                .annotate(n=Count("pk"), points=Sum("points")).order_by())
    through = DutyRecord.participants.through.objects.filter(dutyrecord__occurred_on__gte=start.date())
    participations = through.count()
    for month, active in (through.annotate(month=TruncMonth("dutyrecord__occurred_on")).values_list("month")
                          .annotate(n=Count("deputy_id", distinct=True)).order_by()):
        months["deputies.active"][f"{month:%Y-%m}"] = active
    for month, duty_type, n, _points in duty:
        months["duty.records"][f"{month:%Y-%m}"] += n
        mixes["duty_type"][duty_type] += n
    composition = deputies.composition()
    mixes["deputy_level"].update(dict(Deputy.objects.in_office().values_list("level").annotate(n=Count("pk"))
                                      .order_by()))
    comments = NoticeComment.objects.filter(created_at__gte=start).count()
    totals = {
        "voices.submitted": head["collected"], "voices.answered": head["answered"], "voices.on_time": head["on_time"],
        "voices.overdue": head["overdue"], "voices.rated": head["rated"], "voices.satisfied": head["satisfied"],
        "voices.dissatisfied": more["dissatisfied"], "voices.closed": head["closed"],
        "voices.reply_seconds": more["reply"].total_seconds() if more["reply"] else 0,
        "escalations.requested": more["escalations"], "duty.records": sum(r[2] for r in duty),
        "duty.points": float(sum(r[3] for r in duty)), "duty.deputy_records": participations,
        "deputies.registered": sum(n for _label, n in composition["level"]),
        "deputies.active": sum(months["deputies.active"].values()),
        "stations.opened": stations.stations(include_inactive=False).count(),
        "distribution.comments": comments,
    }
    return {"totals": totals, "months": months, "mixes": mixes, "words": words}, keyword_seconds


COUNTS_SQL = """
SELECT c.code, date_trunc('month', v.submitted_at) AS month, count(*), count(v.first_replied_at),
       count(*) FILTER (WHERE v.first_replied_at <= v.due_at), count(*) FILTER (WHERE v.rating <> ''),
       count(*) FILTER (WHERE v.rating IN ('satisfied', 'basically_satisfied')),
       sum(extract(epoch FROM v.first_replied_at - v.submitted_at))
FROM voices_voice v JOIN voices_category c ON c.id = v.category_id
WHERE v.submitted_at >= %s
GROUP BY 1, 2
"""


def loop_sample(sample: int, voices: int) -> dict[str, float]:
    """Per-schema milliseconds of the schema-by-schema computation, over `sample` real schemas."""
    per_schema = voices // 1500
    start = timezone.make_aware(dt.datetime.combine(selectors.parse_period({}).start, dt.time.min))
    names = [f"{SAMPLE_PREFIX}{i:03d}" for i in range(sample)]
    started = time.perf_counter()
    for index, schema in enumerate(names):
        fill_schema(schema, index, per_schema + random.Random(index).randint(-50, 50), start)
    filled = time.perf_counter() - started
    with schema_context(names[0]):
        old_way(start, "township")  # warm: jieba's dictionary, the ORM's caches
    merged, honest, keywords = Merged(), [], []
    for index, schema in enumerate(names):
        begun = time.perf_counter()
        with schema_context(schema):
            figures, keyword_seconds = old_way(start, "township")
        merged.add(index % 14, figures)
        honest.append(time.perf_counter() - begun)
        keywords.append(keyword_seconds)
    board = merged.board()
    assert board["hot_topics"] and board["mix"]["category"] and board["totals"]["voices.submitted"] > 0
    rounds, counted = 3, 0.0
    for _ in range(rounds):
        for schema in names:
            begun = time.perf_counter()
            with schema_context(schema), connection.cursor() as cursor:
                cursor.execute(COUNTS_SQL, [start])
                cursor.fetchall()
            counted += time.perf_counter() - begun
    with connection.cursor() as cursor:
        for schema in names:
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        cursor.execute("DELETE FROM provisioning_schemastate WHERE schema_name LIKE %s", [f"{SAMPLE_PREFIX}%"])
    return {
        "fill_s": filled,
        "honest_ms": statistics.mean(honest) * 1000,
        "keywords_ms": statistics.mean(keywords) * 1000,
        "counts_ms": counted * 1000 / (rounds * len(names)),
        "voices_per_schema": per_schema,
    }


def main() -> None:
    voices = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    sample = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    t0 = time.perf_counter()
    with transaction.atomic():
        by_level = build_tree()
        build_lineage()
        checked = check_shape(by_level["township"][0])
        total = fill_rollups(voices)
    with connection.cursor() as cursor:
        # As autovacuum would leave it: statistics and the visibility map (index-only scans).
        cursor.execute("VACUUM ANALYZE rollups_subtreerollup")
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE child_id = %s) FROM rollups_subtreerollup r "
                       "JOIN tenants_congress c ON c.id = r.node_id WHERE c.path LIKE %s",
                       [NODE_LEVEL, f"/{PROVINCE}/%"])
        rows, dimension_rows = cursor.fetchone()
    print(f"built {sum(len(v) for v in by_level.values())} congresses, {total} voices, {rows} subtree rollup rows "
          f"({rows - dimension_rows} plain, {dimension_rows} single-dimension) in {time.perf_counter() - t0:.1f}s; "
          f"apply_many and the bench's projection agree on {checked} rows", flush=True)
    loop = loop_sample(sample, voices)
    print(f"loop sample: {sample} cloned schemas x ~{loop['voices_per_schema']} messages filled in "
          f"{loop['fill_s']:.1f}s; per schema: honest {loop['honest_ms']:.1f} ms (of which jieba keywords "
          f"{loop['keywords_ms']:.1f} ms), counts only {loop['counts_ms']:.2f} ms", flush=True)
    targets = {
        "province": Congress.objects.get(pk=by_level["province"][0]),
        "city": Congress.objects.get(pk=by_level["city"][0]),
        "county": Congress.objects.get(pk=by_level["county"][0]),
    }
    results = []
    for name, congress in targets.items():
        size = Congress.objects.subtree_of(congress).count()
        p50, p95, board = time_dashboard(congress)
        honest, counts = loop["honest_ms"] * size, loop["counts_ms"] * size
        results.append((name, size, p50, p95, honest, counts))
        print(f"{name:9s} subtree={size:5d} dashboard p50={p50:.1f}ms p95={p95:.1f}ms "
              f"(children={len(board.children)}, hot topics={len(board.hot_topics)}) | "
              f"loop={honest:.0f}ms ({loop['honest_ms']:.1f}ms/schema x {size}, sampled on {sample} schemas "
              f"and scaled) speed-up={honest / p95:.0f}x | counts-only loop={counts:.0f}ms "
              f"({loop['counts_ms']:.2f}ms/schema x {size}) speed-up={counts / p95:.0f}x", flush=True)
    summary = " ".join(f"{n}:p95={p95:.1f}ms,loop={h:.0f}ms,x{h / p95:.0f},counts={c:.0f}ms,x{c / p95:.0f}"
                       for n, _s, _p50, p95, h, c in results)
    print(f"P3 voices={total} congresses=1500 sample={sample} {summary} total={time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
