"""Which organisation kinds a congress has, and which roles its administrators hand out here.

Courts, procuratorates and supervision commissions are set up at county level and above
(Organic Law of the People's Courts, of the People's Procuratorates, Supervision Law): a
township or sub-district has its congress office and its government, nothing else.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenants.regions import Level

from .models import OrganisationKind
from .roles import Role

_LOCAL_KINDS = (OrganisationKind.CONGRESS, OrganisationKind.GOVERNMENT)
_ALL_KINDS = tuple(OrganisationKind)


def kinds_for_level(level: str) -> tuple[OrganisationKind, ...]:
    """The organisation kinds that exist at ``level``, in display order."""
    if level in (Level.TOWNSHIP, Level.SUBDISTRICT):
        return _LOCAL_KINDS
    if level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        return _ALL_KINDS
    return ()


# Deputies are put on the register by the deputies module (which opens their seat);
# every other role is handed out on the members page.
ASSIGNABLE_ROLES = (Role.ADMINISTRATOR, Role.STAFF, Role.DEPUTY_AFFAIRS, Role.LEADER, Role.HANDLER)

DEPUTY_ROLE_HINT = _("人大代表请在“代表名册”中登记，登记后自动获得代表身份。")
