"""Keep the routing cache honest: any change to a congress, domain or module switch evicts it.

Entries are evicted at once (so the writing request itself sees its change) and again after
the transaction commits: a request that read the old rows while the change was uncommitted
could otherwise cache the old state for the whole TTL.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import routing
from .models import Congress, Domain, ModuleSwitch


@receiver(pre_save, sender=Domain)
def _remember_old_hostname(sender, instance: Domain, **kwargs) -> None:
    if instance.pk:
        old = Domain.objects.filter(pk=instance.pk).values_list("domain", flat=True).first()
        if old and old != instance.domain:
            routing.evict_hostnames([old])


@receiver([post_save, post_delete], sender=Domain)
def _domain_changed(sender, instance: Domain, **kwargs) -> None:
    routing.evict_hostnames([instance.domain, *routing.hostnames_of(instance.tenant_id)])


@receiver([post_save, post_delete], sender=Congress)
@receiver([post_save, post_delete], sender=ModuleSwitch)
def _congress_changed(sender, instance, **kwargs) -> None:
    congress_id = instance.pk if sender is Congress else instance.congress_id
    routing.evict_hostnames(routing.hostnames_of(congress_id))
