"""What happens when a workflow is approved: settings.WAGTAIL_FINISH_WORKFLOW_ACTION.

Wagtail's default (wagtail.workflows.publish_workflow_state) publishes the latest revision.
This does the same and, for a lesson, first writes the approving clinician and today's date
into that revision, so the live lesson and its revision history both say who reviewed it and
when (a signal sent after publishing could only change the live row, and the next edit would
start from a revision without the stamp).

The approval is the permission: clinical reviewers approve through the workflow's task and do
not hold Wagtail's "publish" permission, so the publish skips that check.

Imported by wagtail.models while Django starts, so it imports models only when called.
"""


def publish_with_review_stamp(workflow_state, user=None):
    """Publish the approved page; a lesson records who approved it and when."""
    from .models import LessonPage
    from .review import stamp_review

    revision = workflow_state.content_object.get_latest_revision()
    page = revision.as_object()
    if isinstance(page, LessonPage) and user is not None:
        stamp_review(page, user)
        revision.content = page.serializable_data()
        revision.save(update_fields=["content"])
    revision.publish(user=user, skip_permission_checks=True)
