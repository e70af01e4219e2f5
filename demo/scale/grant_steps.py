"""The scale build's programmes, projects, decisions, cases and targets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from demo.grants import INCLUSION_INDICATORS, inclusion_indicator, vaekstforum
from demo.participants import cvr_number
from demo.scale.common import (
    AREA_NAMES,
    BATCH,
    CVR_FIRST,
    DEMO_PROGRAMME_PROJECTS,
    ORGANISATIONS,
    PROGRAMMES,
    PROJECT_PREFIX,
    PURPOSES,
    BuildState,
    Plan,
    random_day,
    save_in_bulk,
    scaled,
)
from grants import approved
from grants.models import (
    BudgetLine,
    Case,
    Disbursement,
    EffortArea,
    FinancingLine,
    GrantDecision,
    Indicator,
    Organisation,
    Programme,
    ProgrammeIndicator,
    Project,
    ProjectOrganisation,
    Recommendation,
    Target,
    TargetBreakdown,
)

INCLUSION_MEASURES = [row[0] for row in INCLUSION_INDICATORS]


class GrantSteps(BuildState):
    # Projects, their organisations and effort areas.

    def projects(self) -> tuple[int, list[Plan]]:
        programmes = save_in_bulk(
            Programme,
            [
                Programme(name=name, pool="INKLUSIONmidt", description="Genereret skaladata.")
                for name, _count in PROGRAMMES
            ],
            when=self.when,
        )
        counts = [(self.demo.programme, scaled(DEMO_PROGRAMME_PROJECTS, self.scale, least=0))]
        counts += [
            (programme, scaled(count, self.scale))
            for programme, (_name, count) in zip(programmes, PROGRAMMES, strict=True)
        ]
        projects: list[Project] = []
        for programme, count in counts:
            for _ in range(count):
                projects.append(
                    Project(
                        name=f"{PROJECT_PREFIX} {len(projects) + 1:03d}",
                        programme=programme,
                        purpose=self.rng.choice(PURPOSES),
                    )
                )
        projects = save_in_bulk(Project, projects, when=self.when)
        organisations = save_in_bulk(
            Organisation,
            [
                Organisation(
                    name=f"Skalapartner {n:02d}", cvr=cvr_number(n, first=CVR_FIRST - 1000)
                )
                for n in range(1, ORGANISATIONS + 1)
            ],
            when=self.when,
        )
        roles = []
        areas = []
        plans = []
        for project in projects:
            applicant, operator = self.rng.sample(organisations, 2)
            roles += [
                ProjectOrganisation(
                    project=project,
                    organisation=applicant,
                    role=ProjectOrganisation.Role.APPLICANT,
                ),
                ProjectOrganisation(
                    project=project, organisation=operator, role=ProjectOrganisation.Role.OPERATOR
                ),
            ]
            for order, name in enumerate(self.rng.sample(AREA_NAMES, 3), start=1):
                areas.append(EffortArea(project=project, name=name, order=order))
            plans.append(Plan(project, self.rng.sample(self.municipalities, 3)))
        save_in_bulk(ProjectOrganisation, roles, when=self.when)
        save_in_bulk(EffortArea, areas, when=self.when)
        self.report(f"{len(projects)} projects in {len(programmes) + 1} programmes")
        return len(programmes), plans

    # Decisions with balanced lines, targets and cases.

    def grants(self, plans: Sequence[Plan]) -> int:
        areas: dict[int, list[EffortArea]] = {}
        for area in EffortArea.objects.filter(project__in=[p.project for p in plans]).order_by(
            "project", "order"
        ):
            areas.setdefault(area.project_id, []).append(area)
        operators = dict(
            ProjectOrganisation.objects.filter(
                project__in=[p.project for p in plans], role=ProjectOrganisation.Role.OPERATOR
            ).values_list("project_id", "organisation_id")
        )
        decisions: list[GrantDecision] = []
        body = vaekstforum()
        for plan in plans:
            first = self.rng.choice([2016, 2016, 2017])
            extension = self.rng.choice(
                [
                    GrantDecision.Status.APPROVED,
                    GrantDecision.Status.RECOMMENDED,
                    GrantDecision.Status.DRAFT,
                ]
            )
            top_up = self.rng.choice(
                [GrantDecision.Status.APPROVED, GrantDecision.Status.RECOMMENDED]
            )
            for kind, title, years, status in (
                (GrantDecision.Kind.ORIGINAL, "Oprindelig bevilling", (0, 2), "approved"),
                (GrantDecision.Kind.TOP_UP, "Tillægsbevilling", (1, 2), top_up),
                (GrantDecision.Kind.EXTENSION, "Forlængelse", (3, 4), extension),
            ):
                start, end = first + years[0], first + years[1]
                decided = None
                if status == GrantDecision.Status.APPROVED:
                    decided = random_day(self.rng, date(start - 1, 3, 1), date(start - 1, 12, 15))
                decisions.append(
                    GrantDecision(
                        project=plan.project,
                        title=f"{title} {start}-{end}",
                        kind=kind,
                        deciding_body=body,
                        decided_on=decided,
                        status=status,
                        first_year=start,
                        last_year=end,
                        split_by_year=True,
                    )
                )
        decisions = save_in_bulk(GrantDecision, decisions, when=self.when)
        budget: list[BudgetLine] = []
        financing: list[FinancingLine] = []
        recommendations: list[Recommendation] = []
        disbursements: list[Disbursement] = []
        for decision in decisions:
            by_source = [0] * len(self.sources)
            for year in range(decision.first_year, decision.last_year + 1):
                total = 0
                for area in areas[decision.project_id]:
                    amount = self.rng.randint(2, 40) * 50_000
                    total += amount
                    budget.append(
                        BudgetLine(decision=decision, effort_area=area, year=year, amount=amount)
                    )
                # Financing balances the year exactly: half EU, a quarter regional, the rest.
                esf = total // 2000 * 1000
                regional = total // 4000 * 1000
                shares = [esf, regional, total - esf - regional]
                for index, (source, amount) in enumerate(zip(self.sources, shares, strict=True)):
                    by_source[index] += amount
                    financing.append(
                        FinancingLine(
                            decision=decision, funding_source=source, year=year, amount=amount
                        )
                    )
                disbursements.append(
                    Disbursement(decision=decision, year=year, amount=esf + regional)
                )
            if decision.kind != GrantDecision.Kind.ORIGINAL:
                # The two funds the region recommends (EU's and its own), as in the demo.
                pairs = zip(self.sources[:2], by_source[:2], strict=True)
                for order, (source, amount) in enumerate(pairs):
                    recommendations.append(
                        Recommendation(
                            decision=decision,
                            funding_source=source,
                            amount=amount,
                            first_year=decision.first_year,
                            last_year=decision.last_year,
                            recipient_id=operators[decision.project_id] if order == 0 else None,
                            order=order,
                        )
                    )
        # Decisions approved long ago, written with their lines in bulk: past the database's
        # lock on approved figures (grants.approved), which guards later changes.
        with approved.unlocked():
            save_in_bulk(BudgetLine, budget, when=self.when)
            save_in_bulk(FinancingLine, financing, when=self.when)
        save_in_bulk(Recommendation, recommendations, when=self.when)
        save_in_bulk(Disbursement, disbursements, when=self.when)
        self.decisions = len(decisions)
        self.targets = self._targets(decisions)
        cases = self._cases(decisions)
        self.report(
            f"{len(decisions)} decisions ({len(budget) + len(financing)} lines), "
            f"{self.targets} targets, {cases} cases"
        )
        return cases

    def _targets(self, decisions: Sequence[GrantDecision]) -> int:
        # The inclusion programme's four indicators, chosen by every programme with targets.
        indicators = {measure: inclusion_indicator(measure) for measure in INCLUSION_MEASURES}
        programme_ids = set(
            Project.objects.filter(decisions__in=decisions).values_list("programme_id", flat=True)
        )
        for programme_id in sorted(programme_ids):
            for indicator in indicators.values():
                ProgrammeIndicator.objects.get_or_create(
                    programme_id=programme_id, indicator=indicator
                )
        targets = []
        for decision in decisions:
            values = {
                Indicator.Measure.CITIZENS_IN_COURSES: self.rng.randint(100, 600),
                Indicator.Measure.ORDINARY_JOBS: self.rng.randint(10, 60),
                Indicator.Measure.FLEX_JOBS: self.rng.randint(10, 120),
                Indicator.Measure.COMPANIES_INCLUSION: self.rng.randint(30, 90),
            }
            targets += [
                Target(decision=decision, indicator=indicators[measure], value=value)
                for measure, value in values.items()
            ]
        targets = save_in_bulk(Target, targets, when=self.when)
        # The extension's company target in three industries, as in the demo's case paper.
        kinds = {decision.pk: decision.kind for decision in decisions}
        breakdowns = [
            TargetBreakdown(target=target, industry=industry, value=target.value // 3)
            for target in targets
            if target.indicator.measure == Indicator.Measure.COMPANIES_INCLUSION
            and kinds[target.decision_id] == GrantDecision.Kind.EXTENSION
            for industry in self.rng.sample(self.industries, 3)
        ]
        save_in_bulk(TargetBreakdown, breakdowns, when=self.when)
        return len(targets)

    def _cases(self, decisions: Sequence[GrantDecision]) -> int:
        by_project: dict[int, list[GrantDecision]] = {}
        for decision in decisions:
            if decision.kind != GrantDecision.Kind.ORIGINAL:
                by_project.setdefault(decision.project_id, []).append(decision)
        cases = []
        for number, project_decisions in enumerate(by_project.values(), start=1):
            year = project_decisions[0].first_year - 1
            cases.append(
                Case(
                    project_id=project_decisions[0].project_id,
                    title="Tillæg og forlængelse",
                    meeting_date=random_day(self.rng, date(year, 2, 1), date(year, 11, 30)),
                    case_number=f"{year}-{number:05d}",
                    summary="Sekretariatet søger om tillæg og forlængelse.\n\n- Flere forløb\n"
                    "- Flere virksomheder",
                    text="## Baggrund\n\nProjektet er godt i gang.\n\n## Indstilling\n\n"
                    "Det indstilles, at Vækstforum anbefaler bevillingerne.",
                    economy_text="Budget og finansiering fremgår af tabellen.",
                )
            )
        cases = save_in_bulk(Case, cases, when=self.when)
        through = GrantDecision.cases.through
        through.objects.bulk_create(
            (
                through(grantdecision_id=decision.pk, case_id=case.pk)
                for case, project_decisions in zip(cases, by_project.values(), strict=True)
                for decision in project_decisions
            ),
            batch_size=BATCH,
        )
        return len(cases)

    # Companies and their project links.
