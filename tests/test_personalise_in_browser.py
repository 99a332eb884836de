"""The resident's own path in a real browser (Debian's chromium, JavaScript on): answers hide
steps and renumber the rest, say why, persist, travel in the address, and never leave it."""

from __future__ import annotations

import shutil
import time

import pytest
from playwright.sync_api import expect

from .conftest import DEFAULT_THEME, FIXTURE_SITE

pytestmark = pytest.mark.browser

# What a resident sees: each visible step's marker ("1", "and", "or") and title.
STEPS_JS = """() => [...document.querySelectorAll("ol.steps > li")]
    .filter(li => li.offsetParent !== null)
    .map(li => {
        const title = li.querySelector(".step__title").cloneNode(true);
        const marker = title.querySelector(".step__marker");
        title.querySelectorAll(".step__marker, .badge--next").forEach(e => e.remove());
        return [(marker.querySelector("[aria-hidden]") || marker).textContent.trim(), title.textContent.trim()];
    })"""


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def visible_steps(page) -> list[tuple[str, str]]:
    return [tuple(step) for step in page.evaluate(STEPS_JS)]


def answer(page, answers: dict[str, list[str]]) -> None:
    """Answer as a resident does, one control at a time; [] is "None of these"."""
    for question, options in answers.items():
        for option in options or ["-none"]:
            page.check(f"#q-{question}-{option}")


def status(page) -> str:
    return page.inner_text("#result")


CAFE = "en/cafe/"
CAFE_BEFORE = [("1", "Make a business plan and ask for advice"),
               ("2", "Set up a company and send the start-up notification"),
               ("or", "Continue with the company you already have"),
               ("3", "Check the premises before you sign the lease")]
CASES = {
    "cafe, new owner selling alcohol": (CAFE, {"premises": ["change-of-owner"], "details": ["alcohol"]}, CAFE_BEFORE + [
        ("4", "Apply for a licence to serve alcohol"),
        ("5", "Send the food premises notification"), ("and", "Write an own-check plan"),
        ("6", "Take care of fire safety"), ("7", "Get a licence to play music"),
        ("8", "Make sure your staff have hygiene passports"), ("and", "Take care of your duties as an employer"),
        ("9", "Apply for a terrace permit if you want outdoor seating"),
        ("10", "Do your own-check every day"), ("11", "Be ready for food control inspections"),
        ("12", "Make sure the previous owner's permits have been closed"),
        ("13", "Tell the authorities about changes in time")], "16 steps apply to you."),
    "cafe, new premises, none of the details": (CAFE, {"premises": ["new-premises"], "details": []}, CAFE_BEFORE + [
        ("4", "Ask the housing company to consent to a restaurant"),
        ("5", "Apply for a building permit for the new premises"),
        ("6", "Send the food premises notification"), ("and", "Write an own-check plan"),
        ("7", "Request the final inspection"), ("8", "Take care of fire safety"), ("9", "Get a licence to play music"),
        ("10", "Make sure your staff have hygiene passports"), ("and", "Take care of your duties as an employer"),
        ("11", "Apply for a terrace permit if you want outdoor seating"),
        ("12", "Do your own-check every day"), ("13", "Be ready for food control inspections"),
        ("14", "Tell the authorities about changes in time")], "17 steps apply to you."),
    "rental, senior needing an accessible city home": (
        "en/rental-housing/", {"household": ["senior"], "status": ["needs-accessible-home"], "tenure": ["city-rental"]}, [
            ("1", "Find out which kind of home suits you"), ("2", "Work out how much you can pay for housing"),
            ("3", "Apply for a city rental home"), ("and", "Renew your application every three months"),
            ("4", "Find out about senior homes"), ("5", "Say in your application that you need an accessible home"),
            ("6", "View the home and sign the lease"), ("and", "Pay the security deposit"), ("7", "Get home insurance"),
            ("8", "Make an electricity contract before moving day"),
            ("9", "Report your change of address"), ("10", "Get to know your building and ask for help early")],
        "12 steps apply to you."),
    "rental, no kind of home chosen": (
        "en/rental-housing/", {"household": ["alone"], "status": [], "tenure": []}, [
            ("1", "Find out which kind of home suits you"), ("2", "Work out how much you can pay for housing"),
            ("3", "View the home and sign the lease"), ("and", "Pay the security deposit"), ("4", "Get home insurance"),
            ("5", "Make an electricity contract before moving day"),
            ("6", "Report your change of address"), ("7", "Get to know your building and ask for help early")],
        "8 steps apply to you."),
    "school, changing to a Swedish school": (
        "en/school-application/", {"situation": ["changing-school"], "language": ["swedish"], "support": ["health-needs"]}, [
            ("1", "Find out your child's neighbourhood school"), ("2", "Get to know the schools and their special focus"),
            ("3", "Get to know Swedish-language schools"), ("4", "Enrol in school or apply for a school place"),
            ("5", "Read the decision on the school place"), ("6", "If you disagree, request a rectification"),
            ("7", "Read the welcome message from the school"), ("8", "Send your child's information to the school"),
            ("9", "Agree on medication and diet with the school nurse"),
            ("10", "Decide whether your child may travel to and from school alone")], "10 steps apply to you."),
    "school, starting in another language with support": (
        "en/school-application/",
        {"situation": ["starting-school"], "language": ["other"], "support": ["special-support", "learning-finnish"]}, [
            ("1", "Find out your child's neighbourhood school"), ("2", "Get to know the schools and their special focus"),
            ("3", "Register for the language or aptitude test"), ("4", "Talk about support needs in advance"),
            ("5", "Enrol in school or apply for a school place"), ("and", "Tell about support needs in the application"),
            ("6", "Ask about preparatory education and help with Finnish"),
            ("7", "Apply for morning and afternoon activities"),
            ("8", "Read the decision on the school place"), ("9", "If you disagree, request a rectification"),
            ("10", "Read the welcome message from the school"), ("11", "Send your child's information to the school"),
            ("12", "Decide whether your child may travel to and from school alone"),
            ("13", "Pay the afternoon activity fee or apply for a reduction")], "14 steps apply to you."),
}


@pytest.mark.parametrize("url, answers, expected, count", CASES.values(), ids=CASES.keys())
def test_answers_leave_the_steps_that_apply_numbered_again(page, served_example_site, url, answers, expected, count):
    page.goto(served_example_site + url)
    answer(page, answers)
    assert visible_steps(page) == expected
    assert status(page) == count


def test_before_any_answer_every_step_shows_with_its_condition(page, served_example_site):
    page.goto(served_example_site + CAFE)
    assert len(visible_steps(page)) == 21
    assert status(page) == "All 21 steps are shown. Answer the questions to see only the steps that apply to you."
    assert page.locator(".applies-if:visible").first.inner_text().startswith("Applies to you if ")


def because(page, step: str) -> str:
    return page.inner_text(f"#step-{step} .applies-if")


def test_each_conditional_step_says_which_answers_made_it_show(page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"premises": ["new-premises"], "details": ["tobacco"]})
    # all(not consent, not change-of-owner): what was not chosen, and the single answer given instead
    assert because(page, "housing-company-consent") == (
        "Shown because you said: you did not choose “I already have the housing company's consent for a restaurant "
        "in the premises (as part of the lease)” and you are building new premises")
    assert because(page, "final-inspection") == "Shown because you said: you are building new premises"  # any: the true part
    assert because(page, "tobacco-licence") == "Shown because you said: you sell tobacco"
    assert because(page, "music-licence") == "Shown because you said: you did not choose “I do not play any music”"


def test_an_any_condition_names_every_answer_that_holds(page, served_example_site):
    page.goto(served_example_site + "en/school-application/")
    answer(page, {"situation": ["starting-school"], "language": ["finnish"], "support": ["special-support"]})
    assert because(page, "afternoon-activities") == (
        "Shown because you said: your child is starting school and your child needs support with learning")


def test_finnish_wording(page, served_example_site):
    page.goto(served_example_site + "fi/cafe/")
    answer(page, {"premises": ["change-of-owner"], "details": ["alcohol"]})
    assert because(page, "alcohol-licence") == "Näytetään, koska kerroit, että myyt alkoholia"
    assert status(page) == "16 vaihetta koskee sinua."


def test_steps_that_depend_on_unanswered_questions_may_still_apply(page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"premises": ["change-of-use"]})
    assert status(page) == ("15 steps apply to you. 4 more may apply, depending on questions you have not "
                            "answered yet.")
    assert because(page, "alcohol-licence") == "Applies to you if you sell alcohol"
    assert page.is_hidden("#step-new-premises-permit")


def test_none_of_these_and_the_options_exclude_each_other(page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"details": ["alcohol", "tobacco"]})
    page.check("#q-details--none")
    assert not page.is_checked("#q-details-alcohol") and not page.is_checked("#q-details-tobacco")
    assert page.evaluate("location.hash") == "#a=details:"
    page.check("#q-details-no-music")
    assert not page.is_checked("#q-details--none")
    assert page.evaluate("location.hash") == "#a=details:no-music"


# The layout shifts of the page's load, as the browser records them; none may come after a moment.
LAYOUT_SHIFTS = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => resolve(list.getEntries().map((entry) => entry.value)))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve([]), 1000);
})"""


@pytest.mark.parametrize("width", [412, 1280])
def test_nothing_moves_when_the_script_arrives(browser, served_example_site, width: int):
    """The controls the script needs are there from the first paint, and so is its step count."""
    context = browser.new_context(viewport={"width": width, "height": 823})
    # The script comes late, as on a slow phone, so the page is painted before it runs.
    context.route("**/polku.js", lambda route: (time.sleep(0.5), route.continue_()))
    try:
        page = context.new_page()
        for url in (CAFE, CAFE + "checklist/", "fi/school-application/"):
            page.goto(served_example_site + url)
            assert page.locator("#tick-note").is_visible()
            assert page.evaluate(LAYOUT_SHIFTS) == [], url
    finally:
        context.close()


def test_answers_and_ticks_survive_a_reload_and_the_next_step_moves_on(page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"premises": ["change-of-owner"], "details": ["alcohol"]})
    assert page.get_attribute("#step-business-plan", "aria-current") == "step"
    assert "Next step" in page.inner_text("#step-business-plan .step__title")
    page.check("#done-business-plan")
    page.check("#done-register-company")
    page.goto(served_example_site + CAFE)  # a new visit, without the fragment
    assert page.is_checked("#q-premises-change-of-owner") and page.is_checked("#q-details-alcohol")
    assert page.is_checked("#done-business-plan") and page.is_checked("#done-register-company")
    assert page.locator('[aria-current="step"]').get_attribute("id") == "step-use-existing-company"
    assert page.locator(".badge--next").count() == 1
    assert page.evaluate("location.hash") == "#a=premises:change-of-owner;details:alcohol"


def test_the_address_carries_the_answers_to_another_browser(browser, page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"premises": ["new-premises"], "details": []})
    shared = page.url
    assert shared.endswith("/en/cafe/#a=premises:new-premises;details:")
    other = browser.new_context()  # no stored answers there
    try:
        elsewhere = other.new_page()
        elsewhere.goto(shared)
        assert visible_steps(elsewhere) == visible_steps(page)
        assert elsewhere.is_checked("#q-details--none")
        elsewhere.goto(served_example_site + CAFE)  # and they are remembered there from now on
        assert elsewhere.is_checked("#q-premises-new-premises")
    finally:
        other.close()


def test_a_guide_and_its_checklist_open_side_by_side_stay_in_step(context, page, served_example_site):
    page.goto(served_example_site + CAFE)
    checklist = context.new_page()
    checklist.goto(served_example_site + CAFE + "checklist/")
    answer(page, {"premises": ["change-of-owner"]})
    page.check("#done-business-plan")
    expect(checklist.locator("#done-business-plan")).to_be_checked()  # polls without eval, which the CSP forbids
    assert checklist.is_hidden("#step-new-premises-permit")
    assert checklist.url.endswith("#a=premises:change-of-owner")


def test_a_shared_address_wins_over_stored_answers(page, served_example_site):
    page.goto(served_example_site + CAFE + "#a=premises:change-of-use")
    page.goto(served_example_site + CAFE + "#a=premises:new-premises;details:tobacco")
    assert page.is_checked("#q-premises-new-premises") and page.is_checked("#q-details-tobacco")
    page.evaluate("location.hash = '#a=premises:change-of-owner;details:bogus,alcohol;nonsense:x'")
    expect(page.locator("#q-premises-change-of-owner")).to_be_checked()
    assert page.is_checked("#q-details-alcohol") and not page.is_checked("#q-details-tobacco")


def test_start_again_clears_answers_ticks_and_the_address_without_moving_focus(page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"premises": ["change-of-owner"]})
    page.check("#done-business-plan")
    page.focus("#start-again")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "start-again"
    assert status(page) == ("Your answers and ticks have been cleared. All 21 steps are shown. Answer the questions "
                            "to see only the steps that apply to you.")
    assert not page.is_checked("#q-premises-change-of-owner") and not page.is_checked("#done-business-plan")
    assert page.evaluate("location.hash") == ""
    page.reload()
    assert len(visible_steps(page)) == 21 and not page.is_checked("#done-business-plan")


def test_changes_are_announced_politely_and_focus_stays_on_the_control(page, served_example_site):
    page.goto(served_example_site + CAFE)
    assert page.get_attribute("#result", "role") == "status"
    page.focus("#q-details-alcohol")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.id") == "q-details-alcohol"
    assert status(page).startswith("15 steps apply to you.")


def test_ticks_are_labelled_checkboxes_named_after_their_step(page, served_example_site):
    page.goto(served_example_site + CAFE)
    box = page.get_by_role("checkbox", name="Done – Make a business plan and ask for advice")
    box.check()
    assert page.locator("#step-business-plan").get_attribute("class") == "step step--done"


def test_a_phase_without_steps_disappears_with_its_contents_entry(page, served_example_site):
    page.goto(served_example_site + "en/rental-housing/")
    answer(page, {"household": ["alone"], "status": [], "tenure": []})
    assert page.is_hidden("#phase-apply")
    assert page.is_hidden('.toc a[href="#phase-apply"]')
    assert page.is_visible('.toc a[href="#phase-move-in"]')


def test_topics_and_contacts_follow_the_steps_shown(page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"premises": ["change-of-owner"], "details": []})
    consistent = page.evaluate("""() => {
        const shown = id => { const li = document.getElementById("step-" + id); return li.offsetParent !== null; };
        const topics = [...document.querySelectorAll('.topics a[href^="#step-"]')]
            .every(a => (a.offsetParent !== null) === shown(a.hash.slice(6)));
        const providers = [...document.querySelectorAll("[data-steps]")]
            .every(p => (p.offsetParent !== null) === p.dataset.steps.split(" ").some(shown));
        return [topics, providers, document.querySelectorAll("[data-steps][hidden]").length];
    }""")
    assert consistent[:2] == [True, True]
    assert consistent[2] > 0  # some provider serves only steps that do not apply


def test_answers_follow_a_switch_of_language(page, served_example_site):
    page.goto(served_example_site + CAFE)
    answer(page, {"premises": ["change-of-owner"]})
    page.click(".lang-nav a[hreflang=fi]")
    page.wait_for_url("**/fi/cafe/**")
    assert page.is_checked("#q-premises-change-of-owner")


def test_strict_csp_holds_and_no_answer_leaves_the_browser(browser, served_example_site):
    context = browser.new_context()
    policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
    requests, problems = [], []

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    try:
        context.route("**/*", with_csp)
        page = context.new_page()
        page.on("request", lambda request: requests.append((request.resource_type, request.url)))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(served_example_site + CAFE)
        loaded = len(requests)
        answer(page, {"premises": ["change-of-use"], "details": ["alcohol"]})
        page.check("#done-business-plan")
        page.click("#checklist-link")
        page.wait_for_selector("#your-answers:not([hidden])")
        assert problems == []
        documents = [url for kind, url in requests[loaded:] if kind == "document"]
        assert documents == [served_example_site + "en/cafe/checklist/"]  # the fragment stays in the browser
        assert all("?" not in url and "#" not in url for _, url in requests)
        assert page.is_visible("#done-business-plan")  # the script ran under the policy
    finally:
        context.close()


def test_phone_width_has_no_horizontal_scrolling_with_answers(page, served_example_site):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in (CAFE, "en/cafe/checklist/"):
        page.goto(served_example_site + url + "#a=premises:change-of-use;details:alcohol")
        page.check("#done-business-plan")
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.fixture(scope="module")
def served_lonely_or_site(tmp_path_factory):
    """The test site with a conditional first step, so an "or" step can lose its partner."""
    from generator import pipeline
    from scripts.chromium import serve

    site = tmp_path_factory.mktemp("lonely") / "paths"
    shutil.copytree(FIXTURE_SITE, site)
    kiosk = site / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("      - id: register\n",
                                               "      - id: register\n        when: {question: place, chosen: indoors}\n"))
    output = site.parent / "output"
    assert isinstance(pipeline.build(site, output, DEFAULT_THEME), pipeline.Built)
    with serve(output) as base:
        yield base


def test_an_and_or_step_whose_partners_are_hidden_gets_a_number_of_its_own(page, served_lonely_or_site):
    page.goto(served_lonely_or_site + "en/kiosk/#a=sells:;place:outdoors")
    assert visible_steps(page) == [("1", "Street permit"), ("2", "Open the doors")]
    assert page.get_attribute("#step-street-permit", "class") == "step"
    assert page.inner_text("#step-street-permit .step__marker") == "Step 1:\n1"
    assert because(page, "street-permit") == "Shown because you said: you chose “Outdoors” and you did not choose “Tobacco”"
    page.check("#q-sells-food")
    assert visible_steps(page) == [("1", "Food premises notification"), ("or", "Street permit"), ("2", "Open the doors")]
    page.check("#q-place-indoors")
    assert visible_steps(page) == [("1", "Register the company"), ("and", "Food premises notification"),
                                   ("2", "Open the doors")]


def test_without_javascript_every_step_of_every_example_is_shown(browser, served_example_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for url, total in ((CAFE, 21), ("en/rental-housing/", 17), ("en/school-application/", 16)):
            page.goto(served_example_site + url + "#a=premises:change-of-owner")
            assert len(visible_steps(page)) == total
            assert page.locator(".tick, #start-again, #tick-note").filter(visible=True).count() == 0
        assert page.inner_text("#step-health-plan .applies-if") == "Applies to you if your child has health needs"
    finally:
        context.close()


def test_the_script_stays_within_its_budget():
    import gzip

    # Every script of the site counts, except search.js, which only the search page loads.
    scripts = [p for p in sorted((DEFAULT_THEME / "static").glob("*.js")) if p.name != "search.js"]
    assert [p.name for p in scripts] == ["feedback.js", "polku.js"]
    assert sum(len(gzip.compress(p.read_bytes(), 9)) for p in scripts) <= 10 * 1024
