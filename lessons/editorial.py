"""Editorial roles and the "Clinical review" workflow, set up idempotently.

- Editors write and edit course pages and submit them to "Clinical review". They cannot publish.
- Clinical reviewers review every lesson and quiz from their queue without editing it (lessons.review):
  they approve submissions (which publishes) or request changes with a comment, and they keep
  the glossary, whose definitions go live without a workflow. They see quiz results and the
  review history.
- Site admins look after the whole site and may publish directly (urgent fixes, the FAQ and the
  safety card), plus crisis lines, snippets, images, documents and redirects.
- Counselors have no admin access: their tools are on the public site.

Wagtail's own migrations create an "Editors" group (add and edit on the whole page tree) and a
"Moderators" group (publish on the whole tree) with a "Moderators approval" workflow on the root
page. `reshape_wagtail_defaults` keeps "Editors" (the name the demo accounts use, with its image
and document permissions) but replaces its rights on the whole tree with rights on the course,
and retires "Moderators" and its workflow: left in place, they would be a way to publish lessons
without a clinician's approval.

Every function takes `apps` so the data migration (lessons/migrations/0003) runs them with
historical models; the course loader runs them with the real ones when it creates the home page
and the course, because those pages do not exist yet when migrations run.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
SITE_ADMINS = "Site admins"
COUNSELORS = "Counselors"

WORKFLOW_NAME = "Clinical review"
TASK_NAME = "Clinical review"
WAGTAIL_DEFAULT_MODERATORS = "Moderators"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

ACCESS_ADMIN = ("wagtailadmin", "access_admin")


def _crud(app_label, model, actions=("add", "change", "delete", "view")):
    return [(app_label, f"{action}_{model}") for action in actions]


#: Model-level permissions of each group.
GROUP_PERMISSIONS = {
    EDITORS: [
        ACCESS_ADMIN,
        ("lessons", "view_glossaryterm"),
        ("lessons", "view_reviewer"),
        *_crud("wagtailsearchpromotions", "searchpromotion", ("add", "change", "delete")),
    ],
    CLINICAL_REVIEWERS: [
        ACCESS_ADMIN,
        *_crud("lessons", "glossaryterm"),
        *_crud("lessons", "reviewer", ("change", "view")),
        ("lessons", "view_clinicalreview"),
        ("quizzes", "view_quizattempt"),
    ],
    SITE_ADMINS: [
        ACCESS_ADMIN,
        *_crud("lessons", "glossaryterm"),
        *_crud("lessons", "reviewer"),
        ("lessons", "view_clinicalreview"),
        ("home", "change_crisislines"),
        *_crud("wagtailredirects", "redirect", ("add", "change", "delete")),
        *_crud("wagtailsearchpromotions", "searchpromotion", ("add", "change", "delete")),
    ],
    COUNSELORS: [],
}
#: Page permissions on the course (and everything under it).
COURSE_PAGE_PERMISSIONS = {EDITORS: ["add_page", "change_page"]}
#: Page permissions on the site's home page (the whole site).
SITE_PAGE_PERMISSIONS = {
    SITE_ADMINS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
#: Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    SITE_ADMINS: [
        *_crud("wagtailimages", "image", ("add", "change", "choose", "delete")),
        *_crud("wagtaildocs", "document", ("add", "change", "choose", "delete")),
    ],
}
_APPS_WITH_PERMISSIONS = ["wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs", "wagtailredirects"]
_APPS_WITH_PERMISSIONS += ["wagtailsearchpromotions", "home", "lessons", "quizzes"]


def _ensure_model_permissions(apps):
    """Create the permission rows of the apps involved; Django itself only does it after
    `migrate` has finished. Historical app configs have no models module, so lend them one."""
    for app_label in _APPS_WITH_PERMISSIONS:
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:  # an app whose first migration has not run yet
            continue
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _existing_permissions(apps, permissions):
    """The permissions whose model exists at this point of the migrations: an early migration
    grants what exists then, and the migration that adds a model runs ensure_roles again."""
    Permission = apps.get_model("auth", "Permission")
    for app_label, codename in permissions:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            yield permission


def ensure_roles(apps=global_apps):
    """The four groups with their model permissions, and the "Clinical review" workflow whose
    only task is a group approval by Clinical reviewers. Adds what is missing, removes nothing."""
    Group = apps.get_model("auth", "Group")
    _ensure_model_permissions(apps)
    groups = {}
    for name, permissions in GROUP_PERMISSIONS.items():
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(*_existing_permissions(apps, permissions))
    _ensure_workflow(apps, groups[CLINICAL_REVIEWERS])
    return groups


def _ensure_workflow(apps, reviewers):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(reviewers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _grant_page_permissions(apps, page_id, grants):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for group_name, codenames in grants.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=_permission(apps, "wagtailcore", codename)
            )


def attach_course(course, apps=global_apps):
    """Editors may write under this course, and changes to it go through "Clinical review"
    (unless an admin has already chosen another workflow for it)."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    _grant_page_permissions(apps, course.pk, COURSE_PAGE_PERMISSIONS)
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    WorkflowPage.objects.get_or_create(page_id=course.pk, defaults={"workflow": workflow})


def attach_site(home, apps=global_apps):
    """Site admins look after everything under the home page, and the images and documents."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    _grant_page_permissions(apps, home.pk, SITE_PAGE_PERMISSIONS)
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is None:  # an emptied database (tests flush it): nothing to attach to
        return
    for group_name, permissions in COLLECTION_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, *permission)
            )


def reshape_wagtail_defaults(apps=global_apps):
    """Editors lose Wagtail's add/edit on the whole tree and any publish right; the Moderators
    workflow is switched off (in-progress reviews in it are cancelled) and the Moderators group,
    if nobody is in it, is deleted."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Task = apps.get_model("wagtailcore", "Task")

    editors = GroupPagePermission.objects.filter(group__name=EDITORS)
    editors.filter(page__depth=1).delete()
    editors.filter(permission__codename="publish_page").delete()

    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        states = WorkflowState.objects.filter(workflow=workflow, status__in=["in_progress", "needs_changes"])
        TaskState.objects.filter(workflow_state__in=states, status="in_progress").update(status="cancelled")
        states.update(status="cancelled")
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])
    Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=False)
    Group.objects.filter(name=WAGTAIL_DEFAULT_MODERATORS, user__isnull=True).delete()
