from shared_apps.bus import delivery

from . import services
from .facts import EVENT_TYPES


@delivery.register(
    "rollups",
    EVENT_TYPES,
    description="把事件累加到按人大、日期、指标和维度的汇总（及各级下辖月汇总）",
    reset=services.reset,
    apply_batch=services.apply_many,
)
def apply_to_rollups(event) -> None:
    services.apply(event)
