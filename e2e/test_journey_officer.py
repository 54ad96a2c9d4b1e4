"""The officer's day (issue 11): dashboard → "today" → search → the case with its readable
reference → handle an item → close a case with an open introduction (warning, then closed;
the employer's link refuses answers). Every page is checked with axe and at 375 px.

With DC_SCREENSHOTS=1 the test saves PNG screenshots of the today page, the case
list with a search and the case page in docs/screenshots/.
"""

from __future__ import annotations

import json
import re
import uuid

from playwright.sync_api import expect

from e2e.conftest import Server, login
from e2e.test_journey_partner import WIDE, assert_reflows, screenshot

OFFICER = "dcs.dortmund@example.org"  # prefers English
EMPLOYER = "personal.mpi@example.org"

# A case of the officer's institution, its partner's consent covering research
# institutes, one introduction to the Max Planck Institute still open and one answered.
SETUP = """
import json
from django.utils import timezone
from dualcareer.accounts.models import InstitutionRole, User
from dualcareer.cases import services
from dualcareer.cases.models import Consent
from dualcareer.exchange import services as xsvc
officer = User.objects.get(email="%(officer)s")
employer = User.objects.get(email="%(employer)s")
institution = InstitutionRole.objects.filter(user=officer, role="officer").first().institution
mpi = InstitutionRole.objects.filter(user=employer, role="employer").first().institution
case = services.case_open(actor=officer, institution=institution,
    recruited_name="Prof. Dr. Tagesablauf", partner_first_name="Dagny",
    partner_last_name="%(last)s", partner_email="dagny.%(tag)s@example.org")
Consent.objects.create(case=case, scope="academic", granted_by=officer,
    expires_at=timezone.now() + timezone.timedelta(days=200))
open_one = xsvc.introduction_create(user=officer, case=case, employer=mpi, message="Passt.")
answered = xsvc.introduction_create(user=officer, case=case, employer=mpi, message="Auch.")
xsvc.introduction_answer(user=employer, introduction=answered, answer="interview")
print(json.dumps({"case": str(case.public_id), "ref": case.reference,
                  "open": str(open_one.public_id)}))
"""


def test_the_officers_day_from_today_to_closing_a_case(
    server: Server, browser: object, new_page: object
) -> None:
    tag = uuid.uuid4().hex[:6]
    last = f"Tagwerk{tag}"
    output = server.manage(
        "shell",
        "-c",
        SETUP % {"officer": OFFICER, "employer": EMPLOYER, "last": last, "tag": tag},
    )
    data = json.loads(output.strip().splitlines()[-1])
    assert re.fullmatch(r"DC-\d{4}-\d{4,}", data["ref"])

    page = new_page()  # type: ignore[operator]
    page.set_viewport_size(WIDE)
    login(page, OFFICER)
    page.goto("/en/dashboard/")
    assert_reflows(page)
    # One click to a new case and to the list, from the dashboard.
    expect(page.locator("main").get_by_role("link", name="Open a case").first).to_be_visible()
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Today").click()
    page.wait_for_url("**/en/today/")
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    answers = page.get_by_role("region", name="New answers of employers")
    expect(answers.get_by_text(data["ref"]).first).to_be_visible()
    expect(answers.get_by_text(f"Dagny {last}").first).to_be_visible()
    assert_reflows(page)
    screenshot(page, "officer-today")

    # Handle an item: the employer's answer is marked handled and leaves the list.
    item = answers.locator("li", has_text=data["ref"]).first
    item.get_by_role("button", name=re.compile("^Mark as handled")).click()
    page.wait_for_url("**/en/today/")
    expect(
        page.get_by_role("status").get_by_text("The item was marked as handled.")
    ).to_be_visible()
    assert (
        page.get_by_text(f"Dagny {last}").count() == 0
        or not page.get_by_role("region", name="New answers of employers")
        .get_by_text(data["ref"])
        .count()
    )

    # Search the case by the partner's name from the case list.
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Cases").click()
    page.wait_for_url("**/en/cases/")
    page.get_by_role("searchbox", name="Search cases").fill(last)
    page.get_by_role("search", name="Search cases").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/en/cases/\?q="))
    expect(page.get_by_text("1 case found")).to_be_visible()
    assert_reflows(page)
    screenshot(page, "officer-case-search")
    page.get_by_role("link", name=data["ref"]).click()
    page.wait_for_url(f"**/en/cases/{data['case']}/")
    heading = page.get_by_role("heading", level=1)
    assert data["ref"] in heading.inner_text()
    assert f"Dagny {last}" in heading.inner_text()
    assert_reflows(page)
    screenshot(page, "officer-case")

    # Closing with an open introduction: first a warning listing it, then closed.
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Job found elsewhere").check()
    page.get_by_role("button", name="Close the case").click()
    warning = page.get_by_role("alert")
    expect(warning.get_by_text(re.compile("still open on this case"))).to_be_visible()
    expect(warning.get_by_text(re.compile("introduction to", re.I)).first).to_be_visible()
    assert_reflows(page)
    page.get_by_role("button", name="Close the case and everything still open").click()
    page.wait_for_url(f"**/en/cases/{data['case']}/")
    expect(page.get_by_text("The case was closed.")).to_be_visible()
    expect(page.get_by_text("not needed (case closed)").first).to_be_visible()

    # The employer's link of the open introduction now says that the case is closed.
    employer = new_page()  # type: ignore[operator]
    employer.set_viewport_size(WIDE)
    login(employer, EMPLOYER)
    response = employer.goto(f"/en/openings/introductions/{data['open']}/")
    assert response is not None and response.status == 410
    expect(employer.get_by_role("heading", name="The case is closed")).to_be_visible()
    assert employer.get_by_role("button", name=re.compile("Send|answer", re.I)).count() == 0
    assert_reflows(employer)
