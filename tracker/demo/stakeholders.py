"""The demo's stakeholder positions: the stances the seed papers state or clearly imply, each citing
its paper and paragraph, and where the papers place a body in the work, how much it weighs.

Nothing the papers do not say is recorded: no stance is dated before the paper reporting it (the
earlier positions they imply, "we have persuaded the Home Office", are left unrecorded), and a
desired engagement is recorded only where paper 003 plans the action to reach it. Influence and
interest are the demo's reading of each body's part as the papers describe it; the note says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.programme import PolicyItem
from db.stakeholders import Engagement, Stance, StanceSource
from tracker.lobbying import bills
from tracker.stakeholders import positions

# The papers' dates as the demo keeps them (resources/demo/safer_communities.json's sources):
# 000 is undated, between 28 February and 20 March 2007 (the demo's programme dates it 1 March).
PAPER_DATES = {"000": date(2007, 3, 1), "002": date(2007, 7, 16), "004": date(2009, 6, 13)}


@dataclass(frozen=True)
class DemoStance:
    body: str  # the demo's organisation key
    stance: Stance
    paper: str
    citation: str
    item: str = ""  # a policy item's title, or a bill's key; "" for an overall stance
    bill: str = ""


STANCES = (
    DemoStance(
        "home-office",
        Stance.SUPPORTIVE,
        "000",
        "para 15: the Government has given assurances that it shares our commitment to local accountability",
        bill="offender-management-bill",
    ),
    DemoStance(
        "home-office",
        Stance.SUPPORTIVE,
        "002",
        "para 2: persuaded that there should be no routine inspection against the standards",
        item="National Minimum Standards for CDRPs",
    ),
    DemoStance(
        "home-office",
        Stance.SUPPORTIVE,
        "002",
        "para 2: the Board wanted the regulations light touch; argued successfully with the Home Office",
        item="CDRP regulations",
    ),
    DemoStance(
        "home-office",
        Stance.SUPPORTIVE,
        "002",
        "para 4: only the national indicator set's crime and disorder indicators; local flexibility",
        item="Policing performance framework (APACS)",
    ),
    DemoStance(
        "home-office",
        Stance.SUPPORTIVE,
        "004",
        "CDRP Steering Group: now clearly moving to embracing sector-led improvement",
        item="CDRP Reform Programme",
    ),
    DemoStance(
        "noms",
        Stance.SUPPORTIVE,
        "002",
        "para 10: concessions won; commissioning rooted in council and partnership priorities",
        bill="offender-management-bill",
    ),
    DemoStance(
        "apa",
        Stance.SUPPORTIVE,
        "002",
        "para 3: LGA and APA members agreed a single or aligned set of processes for the CCfA",
        item="Overview and Scrutiny and Community Call for Action (Police and Justice Act)",
    ),
    DemoStance(
        "apa",
        Stance.SUPPORTIVE,
        "004",
        "local accountability: the Board agreed to work with the APA on links between police"
        " authorities and councils; Cllr Tom Fox joined its Local Accountability Strategy",
    ),
    DemoStance(
        "ministry-of-justice",
        Stance.SUPPORTIVE,
        "004",
        "Clearsprings and NOMS protocol: the MoJ has accommodated the vast majority of the LGA's"
        " recommendations",
    ),
    DemoStance(
        "commission-on-integration-and-cohesion",
        Stance.SUPPORTIVE,
        "002",
        "para 15: not prescriptive in how councils meet the challenges; local solutions work best",
        item="Commission on Integration and Cohesion: Our Shared Future",
    ),
    DemoStance(
        "dclg",
        Stance.SUPPORTIVE,
        "002",
        "para 17: more measured and responsive approaches now being adopted",
        item="Preventing violent extremism",
    ),
)


@dataclass(frozen=True)
class DemoAssessment:
    body: str
    influence: int
    interest: int
    reading: str  # the papers' grounds for the demo's figures
    desired: Engagement | None = None
    action: str = ""


ASSESSMENTS = (
    DemoAssessment(
        "home-office",
        5,
        5,
        "leads the CDRP Reform Programme, its regulations, guidance and APACS (papers 000, 002, 004)",
        Engagement.LEADING,
        "Develop a more strategic relationship: input to the Central Local Partnership sub group on safer"
        " communities (paper 003)",
    ),
    DemoAssessment(
        "acpo",
        4,
        3,
        "named with the Home Office as a strategic relationship to develop (paper 003)",
        Engagement.SUPPORTIVE,
        "Develop a more strategic relationship (paper 003)",
    ),
    DemoAssessment(
        "noms", 4, 3, "its commissioning arrangements were the Offender Management Bill's subject (002)"
    ),
    DemoAssessment("ministry-of-justice", 4, 3, "took NOMS and the probation protocol (paper 004)"),
    DemoAssessment("apa", 3, 5, "joint positions on CCfA and local accountability (papers 002, 004)"),
    DemoAssessment("dclg", 4, 3, "works with the LGA on preventing violent extremism (paper 002)"),
    DemoAssessment(
        "commission-on-integration-and-cohesion",
        2,
        4,
        "reported in June 2007, its recommendations left to councils",
    ),
)


def _item_id(session: Session, stance: DemoStance, bill_ids: dict[str, int]) -> int | None:
    if stance.bill:
        return bills.item_of(session, bill_ids[stance.bill]).id
    if not stance.item:
        return None
    found = session.scalar(select(PolicyItem.id).where(PolicyItem.title == stance.item))
    assert found is not None, f"the demo's programme holds {stance.item!r}"
    return found


def build(session: Session, org_ids: dict[str, int], bill_ids: dict[str, int], owner_id: int | None) -> None:
    """Record the stances and assessments, after the demo's programme (their items are its)."""
    for s in STANCES:
        positions.record_stance(
            session,
            positions.StanceDraft(
                s.stance,
                PAPER_DATES[s.paper],
                StanceSource.PAPER,
                organisation_id=org_ids[s.body],
                item_id=_item_id(session, s, bill_ids),
                source_text=f"Paper {s.paper}, {s.citation}"[:300],
            ),
        )
    for a in ASSESSMENTS:
        positions.assess(
            session,
            positions.AssessmentDraft(
                a.influence,
                a.interest,
                organisation_id=org_ids[a.body],
                desired_engagement=a.desired,
                planned_action=a.action,
                action_owner_id=owner_id if a.action else None,
                notes=f"The demo's reading of the papers: {a.reading}.",
            ),
        )
