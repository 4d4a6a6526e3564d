from rest_framework.pagination import LimitOffsetPagination

# PostgreSQL's OFFSET is a bigint; anything near it is an empty page, not a server error.
MAX_OFFSET = 10**9


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 500

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
