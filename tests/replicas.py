"""A `replica` database alias for one test (the suite runs without DATABASE_REPLICA_URL).

It is set as a connection of this thread only, not in the settings: Django's test cases allow such dynamically
created connections without listing them in `databases`."""

from contextlib import contextmanager

from django.db import connections
from django.db.utils import load_backend

from jobfair.replica import REPLICA, forget_replica_health


@contextmanager
def replica_database(**changes):
    """The alias points at the test database itself (as TEST MIRROR does) unless `changes` (e.g. PORT) say else."""
    settings_dict = {**connections["default"].settings_dict, **changes}
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=REPLICA)
    connections[REPLICA] = connection
    forget_replica_health()
    try:
        yield connection
    finally:
        connection.close()
        del connections[REPLICA]
        forget_replica_health()
