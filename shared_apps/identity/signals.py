"""Signals other apps listen to without identity importing them."""

from django.dispatch import Signal

# Sent inside the transaction that accepts a seat request (kwargs: ``request``, a SeatRequest
# already marked accepted, with its new ``membership``). The module named in
# ``request.reference`` finishes its own side, e.g. deputies links the register entry.
seat_accepted = Signal()
