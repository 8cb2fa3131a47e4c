"""What extraction yields: plain records, one per thing the plan names.

Everything downstream reads the RDF graph, not these records; they exist only
between the reader of a source format and :mod:`kg.rdf`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .domain import period_inferred
from .messages import N_, Message

__all__ = ["Finding", "Period", "Milestone", "Assignment", "Task", "Section", "Measure", "Plan",
]



_WHERE = N_("%(where)s: %(message)s")


@dataclass(frozen=True)
class Finding:
    """Something the extractor noticed and did not silently fix.

    ``severity`` is ``error`` (the graph cannot be built), ``warning`` (built,
    but a person should look) or ``info`` (an inference, recorded so it is visible).
    """

    code: str
    severity: str
    what: Message  # said in either language: the graph keeps both, kg validate says the one in force
    line: int
    task: int | None = None
    text: str | None = None
    where: Message | None = None  # the line as a person finds it where the file has pages: page 3 line 12

    @property
    def message(self) -> str:
        """The message in the language in force."""
        return self.render()

    def render(self, lang: str | None = None) -> str:
        if self.where is None:
            return self.what.render(lang)
        return Message(_WHERE, where=self.where, message=self.what).render(lang)


@dataclass(frozen=True)
class Period:
    order: int
    label: str
    start: str  # YYYY-MM
    end: str  # YYYY-MM
    line: int = 0  # the source line of its column title; 0 when made, not read (a built graph's period)

    @property
    def months(self) -> frozenset[int]:
        sy, sm = map(int, self.start.split("-"))
        ey, em = map(int, self.end.split("-"))
        months, y, m = set(), sy, sm
        while (y, m) <= (ey, em):
            months.add(m)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return frozenset(months)


@dataclass(frozen=True)
class Milestone:
    """One milestone cell of a task: its text, the periods it covers and how they were placed.

    A reader makes it from the source; :mod:`kg.network.plan` reads it back from a built graph, where
    ``raw`` is its text and ``line`` 0, as for a built graph's :class:`Period`. Sheets print it as it is.
    """

    order: int
    text: str
    raw: str  # the cell as the source writes it (``—设立…``)
    periods: tuple[int, ...]
    method: str  # one of model.domain.PERIOD_METHODS
    no_target: bool  # a dash: no target in its periods
    line: int = 0  # the source line; 0 when read from a built graph

    @property
    def target(self) -> bool:
        """Whether it sets a target in its periods (not a dash)."""
        return not self.no_target

    @property
    def inferred(self) -> bool:
        """Whether its periods were inferred (the export lost the merged cells)."""
        return period_inferred(self.method)

    @property
    def first(self) -> int:
        return self.periods[0]

    @property
    def span(self) -> int:
        return self.periods[-1] - self.periods[0] + 1


@dataclass(frozen=True)
class Assignment:
    role: str
    position: int
    written: str  # the name as the source writes it
    unit_id: str
    line: int
    via_alias: bool = False
    etc: bool = False  # the list ends in 等: "and others"
    stated: bool = True  # False when kg inferred the role (e.g. no lead named: the first host)
    basis: str = "column"  # how the text gives the role: column | key | verb | convention | inferred-…


@dataclass
class Task:
    number: int
    section: int
    work_item: str
    work_item_inferred: bool
    description: str
    milestones: list[Milestone]
    assignments: list[Assignment]
    role_cells: dict[str, tuple[int, str]]  # role -> (line, text as written)
    deadline: str | None  # YYYY-MM; None when ongoing or not stated
    ongoing: bool  # False with no deadline: the plan states none
    deadline_text: str
    first_line: int
    last_line: int
    surplus_cells: list[tuple[int, str]] = field(default_factory=list)
    measure: int | None = None
    measure_score: float | None = None
    label: str = ""  # the printed number: （一）, 3., (12), a table's 1.1; empty for a table numbered 1, 2, 3
    title: str = ""  # the measure's own heading, when it has one
    roles: list = field(default_factory=list)  # kg.readers.roles.Stated, before units are resolved
    work_items: list[str] = field(default_factory=list)  # enclosing work items, widest first
    cells: list[tuple[str, str]] = field(default_factory=list)  # other columns kept: (title, text)


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    line: int


@dataclass(frozen=True)
class Measure:
    number: int
    section: int
    title: str
    text: str
    line: int


@dataclass
class Plan:
    plan_id: str
    source_name: str
    sha256: str
    encoding: str
    title: str
    place: str | None  # the jurisdiction: 奉节县, 克拉玛依市, 国务院
    year: int | None
    publisher: str | None = None
    issued: str | None = None  # YYYY-MM-DD
    printed: str | None = None
    notice_title: str | None = None
    addressees: str | None = None
    release_note: str | None = None
    preamble: str | None = None
    goals: list[str] = field(default_factory=list)
    copy_to: str | None = None
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reader: str = "text-export"
    place_level: str | None = None  # national | province | prefecture | city | county
    place_path: tuple[str, ...] = ()
    doc_number: str | None = None  # 文号
    indicators: list = field(default_factory=list)  # kg.indicators.Indicator
