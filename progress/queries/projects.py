"""A learner's links on a roadmap's project briefs: per project, which criteria have a link."""

from dataclasses import dataclass, field

from roadmap.models import ProjectCriterion

from ..models import ProjectLink


@dataclass
class CriterionRow:
    """One acceptance criterion and the learner's link for it, if any."""

    criterion: object  # roadmap.ProjectCriterion
    link: ProjectLink | None = None


@dataclass
class ProjectProgress:
    """A project with the learner's links: complete when every criterion has one."""

    project: object  # roadmap.Project
    criteria: list = field(default_factory=list)  # [CriterionRow], in order

    @property
    def linked(self):
        return sum(1 for row in self.criteria if row.link is not None)

    @property
    def complete(self):
        return bool(self.criteria) and self.linked == len(self.criteria)

    @property
    def label(self):
        return f"{self.linked} of {len(self.criteria)} criteria met"


def project_progress(learner, project) -> ProjectProgress:
    """The learner's (or a visitor's: no links) progress on one project: one query for a learner,
    with the project's criteria prefetched."""
    links = {}
    if learner.is_authenticated:
        links = {
            link.criterion_id: link
            for link in ProjectLink.objects.for_learner(learner).filter(criterion__project=project)
        }
    return ProjectProgress(
        project=project,
        criteria=[CriterionRow(c, links.get(c.pk)) for c in project.criteria.all()],
    )


def portfolio_projects(learner) -> list[ProjectProgress]:
    """Every project the learner has attached a link to, with all its criteria: two queries."""
    links = list(
        ProjectLink.objects.for_learner(learner)
        .select_related("criterion__project__roadmap")
        .order_by("criterion__project__roadmap__position", "criterion__project__position")
    )
    projects = {}
    for link in links:
        projects.setdefault(link.criterion.project_id, link.criterion.project)
    if not projects:
        return []

    criteria = {}
    for criterion in ProjectCriterion.objects.filter(project_id__in=projects).order_by(
        "project_id", "position", "id"
    ):
        criteria.setdefault(criterion.project_id, []).append(criterion)
    by_criterion = {link.criterion_id: link for link in links}
    return [
        ProjectProgress(
            project=project,
            criteria=[CriterionRow(c, by_criterion.get(c.pk)) for c in criteria.get(pk, [])],
        )
        for pk, project in projects.items()
    ]
