"""axe-core in the browser tests: what an accessibility checker finds on the page a test is on.

axe-core is vendored under tests/browser/vendor/ (tests only, never served). The app's
Content-Security-Policy forbids inline scripts, so axe is not added as a <script> element:
Playwright's init script is evaluated by the browser itself, outside the page's policy, before
the page's own scripts, on every page the test opens afterwards.
"""

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

AXE_CORE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"

# The impacts that fail a test: a person using a screen reader, the keyboard only, or a low-vision
# display would be stopped or seriously slowed. "moderate" and "minor" are reported by axe, not failed.
FAILING_IMPACTS = ("critical", "serious")

_RUN = """async ([impacts, exclude]) => {
  const context = exclude.length ? {exclude: exclude.map((selector) => [selector])} : document;
  // No preload: axe would copy the page's style sheets into <style> elements for its one CSS
  // rule (orientation lock), which the content-security policy refuses on the admin site.
  const results = await axe.run(context, {resultTypes: ["violations"], preload: false});
  return results.violations
    .filter((violation) => impacts.includes(violation.impact))
    .flatMap((violation) => violation.nodes.map((node) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      target: node.target.map(String).join(" "),
      summary: node.failureSummary || "",
    })));
}"""


@dataclass(frozen=True)
class Finding:
    """One element that breaks one axe rule."""

    rule: str
    impact: str
    help: str
    target: str
    summary: str

    def __str__(self) -> str:
        detail = " ".join(self.summary.split())
        return f"[{self.impact}] {self.rule}: {self.help}\n    at {self.target}\n    {detail}"


def axe_install(page: Page) -> None:
    """Make axe available on every page this browser page opens from now on."""
    page.add_init_script(path=str(AXE_CORE))


def axe_findings(page: Page, *, exclude: tuple[str, ...] = ()) -> list[Finding]:
    """Run axe on the page as it is now; return each critical or serious violation, one per element.

    `exclude`: CSS selectors of parts of the page axe leaves out, each with its reason beside it
    where it is passed (markup the project does not write, such as Django admin's own widgets).
    """
    return [Finding(**row) for row in page.evaluate(_RUN, [list(FAILING_IMPACTS), list(exclude)])]


def findings_report(findings_by_screen: dict[str, list[Finding]]) -> str:
    """A readable list, screen by screen, for an assertion message."""
    lines = []
    for screen, findings in findings_by_screen.items():
        if findings:
            lines.append(f"{screen}: {len(findings)} element(s)")
            lines.extend(f"  {finding}" for finding in findings)
    return "\n".join(lines)
