"""Sample data for `reltrack demo`: a freelance designer's two dozen contacts and a year with them:
touchpoints, promises, feedback, deals won and lost, who introduced whom, and agreements.

Everything is entered through the same use-case functions as user input, so every value is
validated as if typed. The data is deterministic for a given `now` and seed, every date is
relative to `now`, and nothing lies in the future. The tables below are the story; the
functions at the bottom only log them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from reltrack.core.agreements import AgreementFields, add_agreement
from reltrack.core.contacts import ContactFields, add_contact, edit_contact
from reltrack.core.deals import DealFields, add_deal
from reltrack.core.rules.dates import local_date, local_midnight, parse_duration
from reltrack.core.followups import set_followup
from reltrack.core.promises import add_feedback, add_promise, resolve_promise
from reltrack.core.touches import TouchFields, log_touch

# name, kind, org, email, phone, tags, own cadence ("" = the kind's default), added (days ago), notes
CONTACTS = (
    ("Ana Lima", "client", "Casa Lima Arquitetura", "ana@casalima.pt", "+351 912 345 678",
     "vip lisbon retainer", "1w", 400, "Retainer since last spring; prefers calls before 10:00"),
    ("Bjørk Guðmundsdóttir", "partner", "Norðurljós Studio", "bjork@nordurljos.is", "+354 862 4411",
     "design", "", 380, "Type designer; co-pitches on Nordic work"),
    ("Søren Kristensen", "client", "Nordlys ApS", "sk@nordlys.dk", "+45 20 45 67 89",
     "retainer invoice", "", 370, ""),
    ("Jukka Jääskeläinen", "supplier", "Painotalo Jääskeläinen Oy", "jukka@painotalo-jaaskelainen.fi",
     "+358 40 712 3456", "print", "", 390, "Print house in Tampere; proofs come by post"),
    ("Иван Петров", "colleague", "", "ivan@petrov.dev", "+7 916 123-45-67",
     "dev", "", 380, "Front-end developer; builds the web projects with me"),
    ("王小明", "prospect", "深圳小明科技有限公司", "xiaoming.wang@xmtech.cn", "+86 138 0013 8000",
     "packaging", "", 120, "Met at Shenzhen Design Week; wants packaging for a smart lamp"),
    ("山田 花子", "client", "山田商店", "hanako@yamada-shoten.jp", "+81 90-1234-5678",
     "vip packaging", "3w", 320, ""),
    ("Łukasz Żółć", "employee", "", "lukasz@zolc.pl", "+48 601 234 567",
     "design", "", 250, "Part-time junior designer, three days a week"),
    ("Zoë Ångström", "investor", "Ångström Ventures AB", "zoe@angstromventures.se", "+46 70 123 45 67",
     "vip", "", 400, "Angel investor in the type-foundry side project"),
    ("Γιώργος Παπαδόπουλος", "client", "Aegean Boutique Hotels", "g.papadopoulos@aegeanboutique.gr",
     "+30 694 123 4567", "hospitality invoice", "", 345, ""),
    ("Fatima Al-Zahra", "media", "Maghreb Design Review", "fatima@maghrebdesign.ma", "+212 661 234 567",
     "press", "", 300, "Writing a feature on independent studios"),
    ("Priya Raghunathan", "client", "Kanakku Cloud Pvt Ltd", "priya@kanakku.in", "+91 98450 12345",
     "vip retainer design", "", 380, "Head of product; IST, so calls before noon my time"),
    ("José Ramírez", "supplier", "Estudio Ramírez", "jose@estudioramirez.mx", "+52 55 1234 5678",
     "illustration invoice", "", 300, "Illustrator; invoices in USD"),
    ("Chiara Bianchi", "partner", "Bianchi & Rossi Studio", "chiara@bianchirossi.it", "+39 347 123 4567",
     "design", "", 360, ""),
    ("Olúwaseun Adébáyọ̀", "prospect", "Ọ̀run Pay", "seun@orunpay.ng", "+234 803 123 4567",
     "fintech", "", 10, "Referred by Chiara; wants a brand audit. Not contacted yet"),
    ("Nguyễn Thị Lan", "colleague", "", "lan@nguyenthilan.vn", "+84 91 234 56 78",
     "research", "", 330, "UX researcher; runs the usability sessions"),
    ("Jürgen Müller", "client", "Müller GmbH", "j.mueller@mueller-gmbh.de", "+49 89 1234 5670",
     "invoice", "", 390, "Slow payer: invoice with a 14-day term"),
    ("Aoife Ní Bhriain", "friend", "", "aoife.nibhriain@eircom.ie", "+353 87 123 4567",
     "", "6w", 400, "Birthday 14 March"),
    ("Marta Conceição", "bank", "Banco Tejo", "marta.conceicao@bancotejo.pt", "+351 21 340 5000",
     "lisbon", "6mo", 400, "Business account manager"),
    ("Inês Carvalho", "government", "Finanças Lisboa 3", "", "+351 21 000 1234",
     "lisbon invoice", "", 330, "VAT and income-tax questions"),
    ("Mehmet Yılmaz", "service", "Cowork Alfama", "mehmet@coworkalfama.pt", "+351 935 111 222",
     "lisbon", "", 390, "Runs the coworking space; desk contract renews in January"),
    ("Catarina Moreira", "family", "", "", "+351 962 222 333",
     "lisbon", "", 400, "Sister"),
    ("김지우", "service", "Hangeul Localisation", "jiwoo.kim@hangeul-l10n.kr", "+82 10-2345-6789",
     "translation", "", 220, "Translator for the Korean editions"),
    ("נועה כהן", "other", "Tel Aviv Design Week", "noa@tadesignweek.co.il", "+972 52-123-4567",
     "events", "", 240, "Conference organiser; invited me to speak"),
    ("Tomás Ferreira", "client", "Ferreira Vinhos", "tomas@ferreiravinhos.pt", "+351 917 654 321",
     "lisbon", "", 400, "Wine labels; went quiet after the harvest campaign"),
    ("Sofia Russo", "client", "Russo Ceramiche", "sofia@russoceramiche.it", "+39 333 765 4321",
     "design", "", 60, "Ceramics studio in Faenza; came through Chiara"),
)  # fmt: skip

# The rhythm of each relationship: touches from `first` to `last` days ago (the last one exactly),
# `gaps` days apart; channels drawn from the list (repeats weigh more); `inbound` is the share they
# started; `mood` the usual rating of a meeting, video or call (0: never rated); notes drawn from topics.
# name, first, last, gaps, channels, inbound, mood, topics
RHYTHMS = (
    ("Ana Lima", 300, 3, (6, 11), "meeting meeting video video call call email email message", 0.5, 5,
     ("Weekly retainer check-in", "Brand guidelines v3 reviewed", "Signage mock-ups approved",
      "Annual report: first layout", "Planned the photo shoot")),
    ("Bjørk Guðmundsdóttir", 350, 16, (20, 35), "video video email social social message", 0.6, 4,
     ("Type specimen for the foundry", "Shared DesignMarch plans", "Kerning notes on the display face")),
    ("Søren Kristensen", 330, 6, (12, 20), "video video email email call", 0.5, 4,
     ("Monthly retainer review", "Packaging for the winter range", "Invoice sent", "Website refresh scope")),
    ("Jukka Jääskeläinen", 365, 12, (25, 40), "email email call letter letter", 0.4, 4,
     ("Paper samples arrived", "Proofs by post", "Quote for the annual report print run")),
    ("Иван Петров", 360, 5, (12, 24), "message message call video video", 0.5, 4,
     ("Booking flow build", "Pairing on the dashboard", "Estimate for Kanakku", "Bug bash")),
    ("王小明", 110, 12, (12, 25), "video email email message", 0.3, 3,
     ("Lamp packaging brief", "Sent the proposal", "Asked about samples")),
    ("山田 花子", 300, 10, (14, 24), "video email email message", 0.4, 5,
     ("Packaging concepts", "新商品のパッケージ", "Colour proofs approved", "Shop window for the spring")),
    ("Łukasz Żółć", 240, 2, (8, 14), "meeting meeting message message call", 0.5, 4,
     ("Weekly planning", "Portfolio review", "Icon set for Kanakku", "One-to-one")),
    ("Zoë Ångström", 390, 205, (30, 50), "meeting video call email", 0.5, 4,
     ("Quarterly update on the foundry", "Cap table questions")),
    ("Zoë Ångström", 200, 50, (5, 10), "call call video message email meeting", 0.5, 4,
     ("Funding round for the foundry", "Term sheet comments", "Investor deck", "Pricing of the licences")),
    ("Γιώργος Παπαδόπουλος", 330, 20, (14, 22), "video email email call", 0.4, 3,
     ("Menu redesign", "Room signage", "Invoice reminder", "Website photos")),
    ("Fatima Al-Zahra", 280, 9, (40, 70), "email social social video", 0.7, 0,
     ("Interview questions", "Sent photos of the studio", "Fact-checking call")),
    ("Priya Raghunathan", 365, 2, (12, 18), "video video email message call", 0.5, 5,
     ("Sprint demo", "Design-system roadmap", "Onboarding screens", "Retainer renewal")),
    ("José Ramírez", 290, 7, (10, 25), "email email message video", 0.5, 4,
     ("Illustration sketches", "Colour pass", "Invoice in USD", "Final files")),
    ("Chiara Bianchi", 340, 8, (14, 28), "video call email message meeting", 0.5, 4,
     ("Joint pitch ideas", "Referral: a fintech in Lagos", "Shared a freelancer contract template")),
    ("Nguyễn Thị Lan", 320, 9, (18, 32), "video message message email", 0.5, 4,
     ("Usability sessions", "Research plan", "Interview synthesis")),
    ("Jürgen Müller", 365, 38, (12, 22), "email email email call video", 0.15, 2,
     ("Invoice reminder", "Scope creep on the catalogue", "Catalogue layout", "Asked for a discount")),
    ("Aoife Ní Bhriain", 390, 18, (25, 45), "meeting call message message social", 0.5, 5,
     ("Coffee in town", "Long call about her new job", "Hiking plans")),
    ("Marta Conceição", 380, 60, (80, 120), "email letter call meeting", 0.8, 3,
     ("Credit line renewal", "New card reader", "Annual account review")),
    ("Inês Carvalho", 300, 45, (60, 90), "letter letter email meeting", 0.7, 0,
     ("VAT return question", "Letter about the quarterly VAT", "Appointment at the tax office")),
    ("Mehmet Yılmaz", 380, 4, (25, 40), "meeting message email", 0.5, 4,
     ("Desk contract", "Meeting-room booking", "Community breakfast")),
    ("Catarina Moreira", 390, 3, (12, 20), "call call meeting message message video", 0.5, 5,
     ("Sunday lunch", "Call about Mum's birthday", "Helped her move flat")),
    ("김지우", 210, 14, (20, 35), "email email video message", 0.6, 4,
     ("Korean edition of the specimen", "Glossary questions", "Translation invoice")),
    ("נועה כהן", 230, 70, (50, 80), "email video social", 0.6, 0,
     ("Speaker invitation", "Talk outline", "Travel details")),
    ("Tomás Ferreira", 395, 290, (12, 20), "meeting video email call", 0.4, 4,
     ("Label proofs", "Harvest campaign brief", "Tasting at the quinta")),
    ("Sofia Russo", 55, 4, (6, 10), "video video email message", 0.5, 5,
     ("E-shop wireframes", "Product photos", "Launch plan")),
)  # fmt: skip

# One touchpoint shared by several people: names, days ago, hour, channel, inbound, minutes, rating, note
SHARED = (
    (("Aoife Ní Bhriain", "Catarina Moreira"), 200, 20, "meeting", True, 180, 5, "Dinner in Lisbon while Aoife visited"),
    (("Иван Петров", "Nguyễn Thị Lan", "Łukasz Żółć"), 150, 10, "video", False, 50, 4, "Sprint review: booking flow"),
    (("Søren Kristensen", "Bjørk Guðmundsdóttir"), 140, 14, "video", False, 60, 4, "Nordic rebrand workshop"),
    (("Γιώργος Παπαδόπουλος", "José Ramírez"), 110, 16, "video", False, 40, 4, "Illustration brief for the hotel menus"),
    (("Zoë Ångström", "Bjørk Guðmundsdóttir"), 90, 9, "meeting", True, 120, 4, "Foundry board meeting in Stockholm"),
    (("Ana Lima", "Chiara Bianchi"), 62, 11, "meeting", False, 90, 5, "Joint pitch kick-off at Casa Lima"),
    (("Иван Петров", "Nguyễn Thị Lan", "Łukasz Żółć"), 57, 10, "video", False, 45, 3, "Sprint review: dashboard"),
    (("Ana Lima", "Chiara Bianchi"), 34, 15, "video", True, 45, 4, "Joint pitch: last review before submitting"),
    (("Priya Raghunathan", "Иван Петров"), 24, 9, "call", True, 30, 5, "Dashboard design handover"),
)  # fmt: skip

# Notes on the timeline: not contact, so they never move a due date. name, days ago, text
NOTES = (
    ("Aoife Ní Bhriain", 300, "Her daughter started school in Galway; ask how it is going"),
    ("Priya Raghunathan", 120, "Promoted to head of product"),
    ("Mehmet Yılmaz", 95, "Desk price goes up 8% in January"),
    ("Jürgen Müller", 60, "Accounts payable changed; invoices now go to ap@mueller-gmbh.de"),
    ("Zoë Ångström", 45, "Heard she joined a new fund; may explain the silence"),
)

# name, what, mine, created (days ago), due (days ago; negative: ahead), outcome ("" = open), settled (days ago)
PROMISES = (
    ("Ana Lima", "Send the signage mock-ups", True, 215, 200, "kept", 202),
    ("Ana Lima", "Pay the retainer invoice", False, 170, 150, "kept", 152),
    ("Søren Kristensen", "Send the brand assets (logos, fonts)", False, 130, 120, "kept", 121),
    ("Priya Raghunathan", "Deliver the onboarding screens", True, 110, 90, "kept", 90),
    ("Jukka Jääskeläinen", "Ship the printed proofs", False, 85, 75, "kept", 77),
    ("Chiara Bianchi", "Share the joint pitch deck", True, 62, 58, "kept", 59),
    ("Jürgen Müller", "Pay invoice 2214", False, 200, 180, "kept", 150),
    ("José Ramírez", "Deliver the menu illustrations", False, 110, 100, "kept", 93),
    ("山田 花子", "Send the revised packaging concepts", True, 60, 45, "kept", 43),
    ("Jürgen Müller", "Sign the follow-up contract", False, 85, 70, "broken", 60),
    ("王小明", "Send product samples", False, 60, 40, "broken", 20),
    ("Γιώργος Παπαδόπουλος", "Visit the Athens hotel for a site survey", True, 150, 130, "broken", 128),
    ("Bjørk Guðmundsdóttir", "Co-host a workshop at DesignMarch", True, 160, 95, "cancelled", 110),
    ("Zoë Ångström", "Introduce two founders from her portfolio", False, 90, 70, "cancelled", 72),
    ("Priya Raghunathan", "Send the design-system proposal", True, 12, -2, "", 0),
    ("Ana Lima", "Deliver the annual report layout", True, 20, -5, "", 0),
    ("Søren Kristensen", "Confirm next quarter's budget", False, 14, -4, "", 0),
    ("Jürgen Müller", "Pay invoice 2291", False, 40, 10, "", 0),
    ("Łukasz Żółć", "Write his reference letter", True, 16, 2, "", 0),
)  # fmt: skip

# NPS answers (0-10): name, score, days ago, note
FEEDBACK = (
    ("Ana Lima", 10, 200, "Would recommend to anyone opening a studio"),
    ("Ana Lima", 9, 30, ""),
    ("Priya Raghunathan", 9, 150, "Fast and thoughtful"),
    ("Priya Raghunathan", 10, 20, "The design system saved us months"),
    ("Søren Kristensen", 8, 100, "Great work; the timeline slipped once"),
    ("山田 花子", 9, 60, "丁寧な仕事をありがとうございます"),
    ("Γιώργος Παπαδόπουλος", 7, 180, ""),
    ("Γιώργος Παπαδόπουλος", 8, 40, "The menus came out beautifully"),
    ("Jürgen Müller", 4, 120, "Too expensive for what we needed"),
    ("Jürgen Müller", 5, 45, ""),
    ("Chiara Bianchi", 9, 55, ""),
    ("Bjørk Guðmundsdóttir", 8, 85, ""),
    ("Zoë Ångström", 6, 75, "Wants more focus on the foundry"),
    ("José Ramírez", 10, 90, "¡Un placer trabajar juntos!"),
    ("Sofia Russo", 9, 8, "Lovely to work with"),
)

# An explicit follow-up date: name, days from now
FOLLOWUPS = (("Fatima Al-Zahra", 3),)

# Deals: name, title, stage, days ago (won or lost; opened for leads and proposals), value, cost, currency.
# Two a year from the best clients; supplier costs where José, Jukka or Иван did part of the work.
DEALS = (
    ("Søren Kristensen", "Logo for Nordlys", "won", 430, "3500", "", "EUR"),
    ("Priya Raghunathan", "Pitch deck", "won", 420, "4000", "", "EUR"),
    ("Tomás Ferreira", "Wine label series", "won", 405, "4500", "", "EUR"),
    ("Ana Lima", "Brand identity refresh", "won", 395, "5800", "", "EUR"),
    ("Tomás Ferreira", "Harvest campaign", "won", 320, "3900", "", "EUR"),
    ("Ana Lima", "Brand guidelines v3", "won", 280, "6500", "", "EUR"),
    ("Ana Lima", "Signage for the new office", "won", 200, "4200", "1100", "EUR"),
    ("Ana Lima", "Annual report", "won", 40, "8800", "2400", "EUR"),
    ("Ana Lima", "Photo shoot direction", "proposal", 10, "3200", "", "EUR"),
    ("Søren Kristensen", "Winter range packaging", "won", 250, "5400", "", "EUR"),
    ("Søren Kristensen", "Website refresh", "won", 95, "7200", "1800", "EUR"),
    ("Søren Kristensen", "Next quarter's retainer", "proposal", 12, "9000", "", "EUR"),
    ("山田 花子", "Spring packaging", "won", 180, "680000", "", "JPY"),
    ("山田 花子", "Shop window", "won", 70, "320000", "", "JPY"),
    ("Γιώργος Παπαδόπουλος", "Menu redesign", "won", 300, "3800", "900.50", "EUR"),
    ("Γιώργος Παπαδόπουλος", "Room signage", "won", 120, "2600", "", "EUR"),
    ("Γιώργος Παπαδόπουλος", "Website photos", "lost", 60, "1500", "", "EUR"),
    ("Priya Raghunathan", "Design system", "won", 330, "14500", "", "EUR"),
    ("Priya Raghunathan", "Onboarding screens", "won", 150, "9600", "3000", "EUR"),
    ("Priya Raghunathan", "Retainer renewal", "won", 15, "12000", "", "EUR"),
    ("Jürgen Müller", "Brochure", "won", 385, "3100", "", "EUR"),
    ("Jürgen Müller", "Catalogue layout", "won", 340, "5200", "", "EUR"),
    ("Jürgen Müller", "Follow-up catalogue", "lost", 60, "4800", "", "EUR"),
    ("王小明", "Smart lamp packaging", "proposal", 80, "24000", "", "EUR"),
    ("Sofia Russo", "E-shop design", "won", 30, "5200", "", "EUR"),
    ("Olúwaseun Adébáyọ̀", "Brand audit", "lead", 5, "6000", "", "EUR"),
)  # fmt: skip

# Who introduced whom: (introduced, introduced by)
REFERRALS = (
    ("Olúwaseun Adébáyọ̀", "Chiara Bianchi"),
    ("Sofia Russo", "Chiara Bianchi"),
    ("Søren Kristensen", "Bjørk Guðmundsdóttir"),
    ("Γιώργος Παπαδόπουλος", "Ana Lima"),
    ("王小明", "山田 花子"),
    ("Priya Raghunathan", "Иван Петров"),
)

# Agreements: name, title, started (days ago), ends (days from now; None: open-ended), notice, payment terms (days)
AGREEMENTS = (
    ("Ana Lima", "Design retainer", 330, 150, "2mo", 30),
    ("Mehmet Yılmaz", "Desk at Cowork Alfama", 380, 25, "1mo", None),
    ("Jukka Jääskeläinen", "Print framework agreement", 365, 60, "3mo", 14),
    ("Jürgen Müller", "Framework contract", 340, None, "", 14),
)

PERSONAL_KINDS = ("friend", "family")
TIMED_CHANNELS = {"meeting": (45, 120), "video": (20, 60), "call": (5, 30)}  # minutes, for the talking channels


@dataclass(frozen=True)
class DemoSummary:
    contacts: int
    touchpoints: int
    promises: int
    feedback: int
    deals: int = 0
    agreements: int = 0


def populate(session: Session, now: datetime, seed: int = 7) -> DemoSummary:
    """Fill an empty database (a throwaway one: names are unique) with the sample data above.

    The same `now` and seed give the same data; the seed varies only the rhythms' details, not the story.
    """
    rng = random.Random(seed)
    ids = _add_contacts(session, now)
    touchpoints = _log_touches(session, now, rng, ids)
    _add_promises(session, now, ids)
    for name, score, days_ago, note in FEEDBACK:
        add_feedback(session, now, ids[name], score, _moment(now, days_ago, 17, 0), note or None)
    for name, days_ahead in FOLLOWUPS:
        set_followup(session, now, ids[name], local_date(now) + timedelta(days=days_ahead))
    _add_portfolio(session, now, ids)
    session.flush()
    return DemoSummary(len(CONTACTS), touchpoints, len(PROMISES), len(FEEDBACK), len(DEALS), len(AGREEMENTS))


def _moment(now: datetime, days_ago: int, hour: int, minute: int) -> datetime:
    """A local wall-clock time `days_ago` days before today; never later than `now`."""
    day = local_date(now) - timedelta(days=days_ago)
    return min(local_midnight(day) + timedelta(hours=hour, minutes=minute), now)


def _add_contacts(session: Session, now: datetime) -> dict[str, int]:
    ids = {}
    for name, kind, org, email, phone, tags, every, added_days_ago, notes in CONTACTS:
        fields = ContactFields(
            org=org,
            kind=kind,
            email=email,
            phone=phone,
            notes=notes,
            every=parse_duration(every) if every else None,
            tags=tags.split(),
        )
        ids[name] = add_contact(session, _moment(now, added_days_ago, 9, 0), name, fields).id
    return ids  # type: ignore[return-value]


def _workday(days_ago: int, today: date) -> int:
    """Move a weekend day back to the Friday before: clients are not called on Sundays."""
    weekday = (today - timedelta(days=days_ago)).weekday()
    return days_ago + max(0, weekday - 4)


def _rhythm_touches(now: datetime, rng: random.Random) -> list[tuple[datetime, tuple[str, ...], TouchFields]]:
    kinds = {row[0]: row[1] for row in CONTACTS}
    touches = []
    for name, first, last, gaps, channels, inbound, mood, topics in RHYTHMS:
        personal = kinds[name] in PERSONAL_KINDS
        days_ago = last
        while days_ago <= first:
            # the most recent touch stays on its day: it is what the due list is built around
            day = days_ago if days_ago == last or personal else _workday(days_ago, local_date(now))
            hour = rng.randint(18, 21) if personal else rng.randint(9, 17)
            at = _moment(now, day, hour, rng.choice((0, 15, 30, 45)))
            channel = rng.choice(channels.split())
            minutes = rng.randint(*TIMED_CHANNELS[channel]) if channel in TIMED_CHANNELS else None
            rating = None
            if mood and channel in TIMED_CHANNELS and rng.random() < 0.35:
                rating = min(5, max(1, round(rng.gauss(mood, 0.7))))
            note = rng.choice(topics) if rng.random() < 0.45 else None
            fields = TouchFields(at, channel, rng.random() < inbound, note, rating, minutes)
            touches.append((at, (name,), fields))
            days_ago += rng.randint(*gaps)
    return touches


def _log_touches(session: Session, now: datetime, rng: random.Random, ids: dict[str, int]) -> int:
    touches = _rhythm_touches(now, rng)
    for names, days_ago, hour, channel, inbound, minutes, rating, note in SHARED:
        at = _moment(now, days_ago, hour, 0)
        touches.append((at, names, TouchFields(at, channel, inbound, note, rating, minutes)))
    for name, days_ago, text in NOTES:
        at = _moment(now, days_ago, 20, 30)
        touches.append((at, (name,), TouchFields(at, "note", False, text)))
    # logged oldest first, so ids follow the timeline
    touches.sort(key=lambda touch: (touch[0], touch[1]))
    for _, names, fields in touches:
        log_touch(session, now, [ids[name] for name in names], fields)
    return len(touches)


def _add_promises(session: Session, now: datetime, ids: dict[str, int]) -> None:
    for name, what, mine, created_days_ago, due_days_ago, outcome, settled_days_ago in PROMISES:
        created = _moment(now, created_days_ago, 10, 0)
        due_on = local_date(now) - timedelta(days=due_days_ago)
        promise = add_promise(session, created, ids[name], what, due_on, mine)
        if outcome:
            resolve_promise(session, now, promise.id, outcome, _moment(now, settled_days_ago, 16, 0))


def _add_portfolio(session: Session, now: datetime, ids: dict[str, int]) -> None:
    """Deals, referrals and agreements, through the same use cases as typed input."""
    for name, title, stage, days_ago, value, cost, currency in DEALS:
        fields = DealFields(
            title=title, value=Decimal(value), cost=Decimal(cost) if cost else None, currency=currency,
            stage=stage, at=_moment(now, days_ago, 15, 0),
        )  # fmt: skip
        add_deal(session, now, ids[name], fields, "EUR")
    for introduced, introducer in REFERRALS:
        edit_contact(session, ids[introduced], ContactFields(introduced_by=ids[introducer]))
    today = local_date(now)
    for name, title, started_days_ago, ends_in_days, notice, terms in AGREEMENTS:
        fields = AgreementFields(
            title=title,
            starts_on=today - timedelta(days=started_days_ago),
            ends_on=None if ends_in_days is None else today + timedelta(days=ends_in_days),
            renew_notice=parse_duration(notice) if notice else None,
            payment_terms_days=terms,
        )
        add_agreement(session, now, ids[name], fields)
