"""The "centre staff" group with the permissions the staff role needs in the admin, and the staff already there in
it (issue 12 item 3).

A model's permissions exist only once Django has created them, normally after the whole `migrate` (post_migrate):
this migration creates those of every app in its state first, so that on a database that already holds the
sessions tables the group is complete at once. On a fresh database this migration may run before the sessions
app's migrations: the post_migrate receiver (accounts.roles.grant_on_post_migrate) gives the group the rest when
they have run — and again after a test database is flushed. Nothing here depends on the sessions migrations, so
the dependency between the apps keeps its one direction (DESIGN §2).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts.roles import CENTRE_STAFF_GROUP, grant


def create_group(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True  # historical app configs have none; create_permissions skips those
        create_permissions(app_config, verbosity=0, using=db, apps=apps)
        app_config.models_module = None
    group = grant(group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission"))
    staff = apps.get_model("accounts", "User").objects.using(db).filter(role="staff", is_staff=True)
    group.user_set.add(*staff)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name=CENTRE_STAFF_GROUP
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_identity_verification"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
