"""The scale build's companies, participants and courses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from companies.models import Company, Industry, Network
from demo.participants import OUTCOME_WEIGHTS, cvr_number
from demo.scale.common import (
    _FORMS,
    _SURNAMES,
    _TRADES,
    BATCH,
    COMPANIES,
    COURSES,
    CVR_FIRST,
    DEMO_COMPANIES,
    DEMO_COURSES,
    FIRST_START,
    LAST_END,
    LAST_START,
    REFERENCE_PREFIX,
    RUNNING_SHARE,
    SECOND_BY,
    BuildState,
    Plan,
    random_day,
    save_in_bulk,
    scaled,
)
from participants.models import Category, OnboardingCourse, Participant


class PeopleSteps(BuildState):
    def companies(self, plans: Sequence[Plan]) -> int:
        weights = [22, 18, 18, 10, 32]
        industries: list[Industry | None] = [*self.industries[:4], None]
        companies = []
        for n in range(scaled(COMPANIES, self.scale)):
            municipality = self.rng.choice(self.municipalities)
            started = None
            if self.rng.random() < 0.6:
                started = random_day(self.rng, date(2016, 3, 1), date(2020, 10, 31))
            name = f"{self.rng.choice(_SURNAMES)}s {self.rng.choice(_TRADES)}"
            companies.append(
                Company(
                    name=f"{name} {self.rng.choice(_FORMS)}".strip(),
                    cvr=cvr_number(n, first=CVR_FIRST),
                    municipality=municipality,
                    labour_market_area_id=municipality.labour_market_area_id,
                    industry=self.rng.choices(industries, weights=weights[: len(industries)])[0],
                    social_economy=self.rng.random() < 0.1,
                    pioneer=self.rng.random() < 0.05,
                    inclusion_started_on=started,
                )
            )
        companies = save_in_bulk(Company, companies, when=self.when)
        links = Company.projects.through
        rows = []
        for company in companies:
            for plan in self.rng.sample(plans, min(len(plans), self.rng.choice([1, 1, 2, 3]))):
                plan.companies.append(company)
                rows.append(links(company_id=company.pk, project_id=plan.project.pk))
        demo = self.rng.sample(companies, min(len(companies), scaled(DEMO_COMPANIES, self.scale)))
        rows += [links(company_id=c.pk, project_id=self.demo.pk) for c in demo]
        links.objects.bulk_create(rows, batch_size=BATCH)
        members = Network.members.through
        networks = dict(Network.objects.values_list("labour_market_area_id", "pk"))
        members.objects.bulk_create(
            (
                members(network_id=networks[c.labour_market_area_id], company_id=c.pk)
                for c in companies
                if c.labour_market_area_id in networks and self.rng.random() < 0.3
            ),
            batch_size=BATCH,
        )
        for plan in plans:
            if not plan.companies:  # a project works with one company at least
                company = self.rng.choice(companies)
                plan.companies.append(company)
                links.objects.create(company_id=company.pk, project_id=plan.project.pk)
        self.demo_companies = list(self.demo.companies.order_by("cvr")) + demo
        self.report(f"{len(companies)} companies, {len(rows)} project links")
        return len(companies)

    # Participants and their courses, batch by batch.

    def people(self, plans: Sequence[Plan]) -> None:
        mean = COURSES * self.scale / max(1, len(plans))
        demo = Plan(self.demo, self.rng.sample(self.municipalities, 5), self.demo_companies)
        demo.courses = scaled(DEMO_COURSES, self.scale)
        for plan in plans:
            plan.courses = max(1, round(mean * self.rng.uniform(0.5, 1.5)))
        batch: list[tuple[Participant, list[OnboardingCourse], list[Category]]] = []
        for plan in [demo, *plans]:
            made, n = 0, 0
            while made < plan.courses:
                n += 1
                participant, courses, groups = self._participant(plan, n)
                made += len(courses)
                batch.append((participant, courses, groups))
                if len(batch) >= BATCH:
                    self._flush(batch)
                    batch = []
        self._flush(batch)
        self.report(f"{self.participants} participants, {self.courses} courses")

    def _participant(
        self, plan: Plan, n: int
    ) -> tuple[Participant, list[OnboardingCourse], list[Category]]:
        rng = self.rng
        participant = Participant(
            project=plan.project,
            reference=f"{REFERENCE_PREFIX}{n:06d}",
            # 16 to 64 years old when the first course may start (2016).
            birth_year=rng.randint(1952, 2000),
            gender=rng.choice(["female", "male", "female", "male", "other"]),
            municipality=rng.choice(plan.municipalities),
            employment_status=rng.choice(self.categories["employment_status"]),
            education=rng.choice(self.categories["education"]),
        )
        groups = rng.sample(self.categories["target_group"], k=rng.choice([1, 1, 2]))
        outcomes, weights = zip(*OUTCOME_WEIGHTS, strict=True)
        courses = []
        # A quarter come back for a second course, after the first has ended.
        count = rng.choice([1, 1, 1, 2])
        start = random_day(rng, FIRST_START, SECOND_BY if count == 2 else LAST_START)
        for number in range(count):
            last = number == count - 1
            course = OnboardingCourse(
                project=plan.project,
                company=rng.choice(plan.companies),
                start_date=start,
                mentor=rng.random() < 0.4,
            )
            courses.append(course)
            if last and rng.random() < RUNNING_SHARE:
                break  # still running
            course.end_date = min(start + timedelta(days=rng.randint(28, 180)), LAST_END)
            course.outcome = rng.choices(outcomes, weights=weights)[0]
            course.outcome_date = course.end_date
            start = course.end_date + timedelta(days=rng.randint(14, 90))
        return participant, courses, groups

    def _flush(
        self, batch: Iterable[tuple[Participant, list[OnboardingCourse], list[Category]]]
    ) -> None:
        batch = list(batch)
        if not batch:
            return
        participants = save_in_bulk(Participant, [p for p, _c, _g in batch], when=self.when)
        courses = []
        groups = []
        through = Participant.target_groups.through
        for participant, (_p, planned, chosen) in zip(participants, batch, strict=True):
            for course in planned:
                course.participant = participant
                courses.append(course)
            groups += [through(participant_id=participant.pk, category_id=c.pk) for c in chosen]
        save_in_bulk(OnboardingCourse, courses, when=self.when)
        through.objects.bulk_create(groups, batch_size=BATCH)
        self.participants += len(participants)
        self.courses += len(courses)
