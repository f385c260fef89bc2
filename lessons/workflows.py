"""What happens when a workflow is approved: settings.WAGTAIL_FINISH_WORKFLOW_ACTION.

Wagtail's default (wagtail.workflows.publish_workflow_state) publishes the latest revision.
This does the same and then, when the approver is a clinical reviewer, records their review of
the published revision (lessons.review), so the page shows who reviewed it and when and its
review clock starts again. The review is a row of its own: the published content is exactly
what the editor submitted.

The approval is the permission: clinical reviewers approve through the workflow's task and do
not hold Wagtail's "publish" permission, so the publish skips that check.

Imported by wagtail.models while Django starts, so it imports models only when called.
"""


def publish_with_review_stamp(workflow_state, user=None):
    """Publish the approved page; record the clinical review of what was published."""
    from wagtail.models import TaskState

    from .review import approve_published_submission, is_clinical_reviewer

    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
    if user is not None and is_clinical_reviewer(user):
        approved = (
            TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED)
            .order_by("-finished_at")
            .first()
        )
        page = workflow_state.content_object
        approve_published_submission(page, user, revision, note=approved.comment if approved else "")
