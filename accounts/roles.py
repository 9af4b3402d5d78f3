"""The "centre staff" group: the Django permissions the staff role carries into the admin (issue 12 item 3).

The role decides, the group follows: a user whose role is staff and who may enter the admin (`is_staff`) is in the
group; anyone else is not. `staff_group_sync` keeps that true and runs from a post_save receiver on User
(connected in AccountsConfig.ready), because the role is set in many places — the sign-up services, the admin,
`createsuperuser`, the demo data, a shell — and a hook on the model is the one place none of them can forget. The
admin calls it once more after saving the form's groups (UserAdmin.save_related), which would otherwise undo it.

The group's permissions are granted by migration accounts 0006 and again after every migrate/flush (post_migrate,
`grant_on_post_migrate`): the permissions of a model exist only once Django has created them, which for a fresh
database happens after all migrations ran, and a test database is flushed and refilled. Granting is additive and
idempotent: permissions an administrator added by hand stay.

The model names are strings, so that accounts never imports sessions (DESIGN §2).
"""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from accounts.models import Role

CENTRE_STAFF_GROUP = "Centre staff"

# app label → model name → actions. Not here, on purpose: adding users (accounts come from sign-up and the staff
# console), changing or deleting groups and permissions, the second-factor devices, the login lockouts and tokens.
# Users: viewed and changed, but the admin keeps passwords, roles, staff/superuser flags, groups and permissions to
# superusers (accounts.admin.UserAdmin).
CENTRE_STAFF_PERMISSIONS = {
    "accounts": {
        "user": ("view", "change"),
        "administrativeunit": ("view",),  # the official list: read-only
        "cohort": ("view", "add", "change"),
        "employer": ("view", "add", "change"),
        "jobseeker": ("view", "add", "change"),
        "cohortmembership": ("view", "add", "change"),
        "consentrecord": ("view",),
        "citizenidclaim": ("view",),
        "onetimecode": ("view",),
        "auditevent": ("view",),
        "employerinvitation": ("view",),  # the company invites and removes colleagues itself
        # The record of who read whose personal data stays with the staff the centre names for it (issue 11): it is
        # granted one by one, never with the role.
    },
    "jobsessions": {
        "venue": ("view", "add", "change"),
        "sessionseries": ("view", "add", "change"),
        "sessioncodecounter": ("view",),
        "jobsession": ("view", "add", "change", "delete"),  # the admin deletes drafts only
        "vacancy": ("view", "add", "change"),
        "participation": ("view", "add", "change"),
        "registration": ("view", "add", "change"),
        "interview": ("view", "add", "change"),
        "hiringoutcome": ("view", "add", "change"),
        "followupcontact": ("view",),  # calls are noted in the console's follow-up page
        "referral": ("view",),  # recorded and moved on from the person's page in the console
        "notification": ("view",),  # sending a failed notice again needs view (NotificationAdmin.retry_failed)
        "plantarget": ("view", "add", "change", "delete"),
    },
}


def codenames(app_label: str) -> list[str]:
    return [
        f"{action}_{model}"
        for model, actions in CENTRE_STAFF_PERMISSIONS.get(app_label, {}).items()
        for action in actions
    ]


def grant(*, group_model, permission_model, app_labels=None, using: str = DEFAULT_DB_ALIAS):
    """Create the group if missing and give it the permissions of `app_labels` (all by default) that exist now.
    Takes the model classes, so the migration passes its historical ones."""
    group, _created = group_model.objects.using(using).get_or_create(name=CENTRE_STAFF_GROUP)
    wanted = []
    for app_label in app_labels or CENTRE_STAFF_PERMISSIONS:
        wanted += (
            permission_model.objects.using(using)
            .filter(content_type__app_label=app_label, codename__in=codenames(app_label))
            .values_list("pk", flat=True)
        )
    group.permissions.add(*wanted)
    return group


def grant_on_post_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    """After an app is migrated (or the database flushed), its permissions exist: give the group its share."""
    app_config = app_config or sender
    if app_config.label not in CENTRE_STAFF_PERMISSIONS:
        return
    from django.contrib.auth.models import Group, Permission

    # The auth app creates them in its own post_migrate receiver; not relying on which receiver runs first.
    create_permissions(app_config, verbosity=0, using=using, **({"apps": apps} if apps is not None else {}))
    grant(group_model=Group, permission_model=Permission, app_labels=[app_config.label], using=using)


def belongs_in_group(user) -> bool:
    return user.role == Role.STAFF and user.is_staff


def staff_group_sync(user) -> None:
    """Put the user in the centre staff group or take them out of it, as their role and `is_staff` say."""
    from django.contrib.auth.models import Group, Permission

    if belongs_in_group(user):
        group = Group.objects.filter(name=CENTRE_STAFF_GROUP).first() or grant(
            group_model=Group, permission_model=Permission
        )
        user.groups.add(group)
    else:
        user.groups.through.objects.filter(user_id=user.pk, group__name=CENTRE_STAFF_GROUP).delete()


ROLE_FIELDS = frozenset({"role", "is_staff", "is_superuser"})


def sync_on_user_save(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:  # loading a fixture: the group rows come with it
        return
    if update_fields is not None and not ROLE_FIELDS & set(update_fields):
        return  # e.g. last_login on every sign-in
    if created and not belongs_in_group(instance):
        return  # a new job seeker or employer: nothing to take them out of
    staff_group_sync(instance)
