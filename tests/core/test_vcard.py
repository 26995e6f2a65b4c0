"""vCard import and export: real exporters' files read right, and what reltrack writes reads back."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from reltrack.core.rules.names import clean_name, name_key
from reltrack.core.interchange.vcard import CardContact, parse_vcards, write_vcards
from reltrack.errors import InvalidInput

VCARDS = Path(__file__).parent.parent / "data" / "vcards"


def read_sample(name: str) -> list[CardContact]:
    path = VCARDS / name
    # bytes, not read_text: universal newlines would hide the exporters' CRLF line ends
    return parse_vcards(path.read_bytes().decode("utf-8"), source=str(path))


def without_lines(contacts: list[CardContact]) -> list[CardContact]:
    return [dataclasses.replace(contact, line=0) for contact in contacts]


def card(*properties: str) -> str:
    """A vCard 3.0 with these property lines, CRLF line ends."""
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *properties, "END:VCARD"]) + "\r\n"


# --- samples, one per exporter -------------------------------------------------------------


def test_google_contacts_export() -> None:
    # google.vcf imitates Google Contacts > Export > vCard: 3.0, CRLF, EMAIL;TYPE=INTERNET;TYPE=WORK,
    # Google's system group "myContacts" in CATEGORIES, `https\://` in an item1.URL, an empty X-ABLabel.
    assert read_sample("google.vcf") == [
        CardContact(
            name="Ana Lima",
            org="Estúdio Lima",
            emails=["ana@estudiolima.com.br", "ana.lima@gmail.com"],
            phones=["+55 11 91234-5678", "+55 11 3456-7890"],
            tags=["myContacts", "Clients"],
            notes="Referred by Tom Becker, wants a quote for the Q3 rebrand.\nPrefers WhatsApp over email.",
            line=1,
            title="Founder",
            birthday="1986-04-12",
            url="https://estudiolima.com.br",  # Google's needless `\:` unescaped
            address="Rua Augusta 1500\nSão Paulo\nSP\n01304-001\nBrazil",
            extra="item1.X-ABLabel:",  # kept as it came, written back on export
        ),
        CardContact(
            name="Tom Becker",
            org="Hafenwerk GmbH",  # the organisation, not its unit "Produktentwicklung"
            emails=["tom.becker@hafenwerk.de", "tbecker@posteo.de"],
            phones=["+49 171 2345678"],
            tags=["myContacts", "Clients", "Referrers"],
            notes="Met at Web Summit 2024; introduced me to Ana.",
            line=19,
            title="Head of Product",
            department="Produktentwicklung",
        ),
        CardContact(
            name="Priya Raman",
            emails=["priya.raman@outlook.com"],
            phones=["+44 7700 900123"],
            tags=["myContacts"],
            line=31,
        ),
    ]


def test_apple_contacts_export() -> None:
    # apple.vcf imitates macOS Contacts > Export vCard: 3.0, PRODID Apple, lowercase `type=`,
    # item1.EMAIL grouped with an item1.X-ABLabel, `ORG:name;` with an empty unit, an unfolded
    # base64 PHOTO, a long NOTE folded over four lines, and a company card (X-ABShowAs:COMPANY, empty N).
    assert read_sample("apple.vcf") == [
        CardContact(
            name="Amélie Lefèvre",
            org="Atelier Lefèvre",
            emails=["amelie@atelier-lefevre.fr", "amelie.lefevre@icloud.com"],
            phones=["+33 6 12 34 56 78", "+33 1 42 00 00 00"],
            notes=(
                "Introduced by Tom at the Lisbon offsite, June 2024. She runs a small studio doing packaging"
                " and identity work for food brands; budget usually 15–25k€. Invoices in EUR, pays within"
                " 30 days. Ask about the café chain project before the end of the quarter."
            ),
            line=1,
            title="Directrice artistique",
            address="12 Rue de Charonne\nParis\n75011\nFrance",
            # what reltrack has no field for, PHOTO among it, kept as written and written back
            extra=(
                "item1.X-ABLabel:_$!<Other>!$_\nitem2.X-ABLabel:Atelier\nitem3.X-ABADR:fr\n"
                "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR8eHR8eHB0cIC0kJiU1JjM=\n"
                "X-ABUID:8E3C0F5A-2B71-4C1D-9E52-7A4F1B6D3C20:ABPerson"
            ),
        ),
        CardContact(
            name="Nordlicht Studio",
            org="Nordlicht Studio",
            emails=["hallo@nordlicht.studio"],
            phones=["+49 40 5555 0101"],
            line=23,
            extra="item1.X-ABLabel:_$!<Other>!$_\nX-ABShowAs:COMPANY\nX-ABUID:2D9B7E11-6A0C-4F3E-8D44-19C5E0A7B9F2:ABPerson",
        ),
    ]


def test_old_apple_vcard_2_1_quoted_printable() -> None:
    # apple_2_1.vcf imitates the vCard 2.1 export of older Apple Address Book: UTF-8 in
    # QUOTED-PRINTABLE, a soft line break (`=` at the end of a line), a comma left unescaped.
    assert read_sample("apple_2_1.vcf") == [
        CardContact(
            name="Jörg Müller",
            org="Büro Müller",
            emails=["joerg@bueromueller.de"],
            phones=["+49 151 2345 6789"],
            notes="Stammkunde seit 2019, zahlt pünktlich.\nMöchte im Herbst ein neues Logo.",
            line=1,
        )
    ]


def test_thunderbird_export() -> None:
    # thunderbird.vcf imitates Thunderbird 115's address book export: vCard 4.0, EMAIL;PREF=1,
    # TEL;VALUE=TEXT, UID; the second card keeps a CardDAV server's TEL;VALUE=URI:tel:... form.
    assert read_sample("thunderbird.vcf") == [
        CardContact(
            name="Kaisa Mäkinen",
            org="Revontuli Oy",
            emails=["kaisa.makinen@revontuli.fi", "kaisa@makinen.net"],
            phones=["+358 40 123 4567", "+358 9 8765 4321"],
            notes="Finnish client, invoices in EUR.",
            line=1,
            uid="6c1f3e4a-9b2d-4f7e-8a15-3d2c9e0b7f61",
            department="Design",
        ),
        CardContact(
            name="Jonas Weber", emails=["jonas.weber@example.org"], phones=["+49-30-1234567"], line=13,
            uid="a0d5c2e8-3f41-4b6a-9c7d-52e8f1a4b093",
        ),  # fmt: skip
    ]


def test_khard_export() -> None:
    # khard.vcf imitates khard's files, written by vobject: 3.0, CRLF, VERSION and UID first,
    # then properties in alphabetical order, lowercase TYPE values, REV.
    assert read_sample("khard.vcf") == [
        CardContact(
            name="María García",
            org="Pixelfabrik S.L.",
            emails=["maria.garcia@pixelfabrik.es", "maria@garcia.dev"],
            phones=["+34 612 345 678"],
            tags=["Clients", "Open Source"],
            notes="Maintains the invoicing library we use. Wants a retainer, 10h/month.",
            line=1,
            uid="f4c2a1b9e07d4c3e8b5a6d1f2e3c4b5a",
        ),
        CardContact(name="Oliver Nakamura", emails=["o.nakamura@kumo.co.jp"], line=14, uid="0b1e5d7c9a2f4e6b8d0c1a3e5f7b9d2c"),
    ]


def test_non_ascii_names_and_folded_multibyte_lines() -> None:
    # nonascii.vcf imitates a hand-kept 3.0 file with LF line ends: lines folded at 75 octets
    # between (never inside) multibyte characters, two names folded mid-word, two cards with N only.
    contacts = read_sample("nonascii.vcf")
    assert [(contact.name, contact.line) for contact in contacts] == [
        ("Bjørk Guðmundsdóttir", 1),
        ("Ingrid Ødegård", 12),  # FN folded inside the word
        ("Päivi Maria Järvinen", 21),  # no FN: given, additional, family
        ("Йоханнес Кузнецов", 27),
        ("Γιώργος Παπαδόπουλος", 38),  # FN folded inside the word
        ("王小明", 49),
        ("李华", 60),  # no FN: a Chinese name is said family name first, with no space
    ]
    bjork, ingrid, paivi, johannes, giorgos, wang, li = contacts
    assert bjork.org == "Hljóðver ehf."
    assert bjork.tags == ["Viðskiptavinir", "Ísland"]
    assert bjork.notes == (
        "Hljóðmaður í Reykjavík. Vill fá tilboð í hljóðvinnslu fyrir heimildarmyndina um Þingvelli, helst fyrir ágúst."
    )
    assert ingrid.notes == "Kjøpte logo og nettside i 2023. Ønsker årlig gjennomgang i mars."
    assert paivi.emails == ["paivi.jarvinen@kuusi.fi"]
    assert paivi.phones == ["+358 50 765 4321"]
    assert johannes.org == "ООО «Северный ветер»"
    assert johannes.tags == ["Клиенты"]
    # folded as "...Казани" / " . Обещал ... до" / "  конца": unfolding drops exactly one space
    assert johannes.notes == (
        "Познакомились на конференции в Казани. Обещал прислать техническое задание до конца месяца."
    )
    assert giorgos.org == "Ακρόπολις Ψηφιακή Α.Ε."
    assert giorgos.notes == "Θέλει προσφορά για την ιστοσελίδα του ξενοδοχείου στη Σαντορίνη μέχρι τον Σεπτέμβριο."
    assert wang.org == "北京星辰科技有限公司"
    assert wang.phones == ["+86 138 0013 8000"]
    assert wang.tags == ["客户", "北京"]
    assert wang.notes == "在上海的设计大会上认识的。需要在十月之前提供品牌设计方案和报价，预算大约二十万元人民币。"
    assert li.emails == ["li.hua@example.cn"]


def test_every_email_kept_once_in_file_order() -> None:
    # multi_email.vcf: a Google-style 3.0 card with six EMAIL lines (a grouped one, a case-variant
    # duplicate, an exact duplicate, one padded with spaces) and a repeated TEL; then a 4.0 card with PREF.
    sam, lea = read_sample("multi_email.vcf")
    assert sam.name == "Sam O'Connor"
    assert sam.emails == [
        "sam@oconnor-design.ie",
        "sam.oconnor@gmail.com",
        "billing@oconnor-design.ie",
        "s.oconnor@tcd.ie",
    ]
    assert sam.phones == ["+353 87 123 4567", "+353 1 234 5678"]
    assert lea.emails == ["lea@novak.si", "lea.novak@proton.me", "studio@novak.si"]
    assert lea.line == 16


# --- what is wrong, and where ------------------------------------------------------------


def test_card_without_a_name_is_named_from_its_email() -> None:
    # broken.vcf: a good card, then at line 7 a card with EMAIL and TEL but no FN and an empty N
    path = VCARDS / "broken.vcf"
    _, unnamed = parse_vcards(path.read_bytes().decode("utf-8"), source=str(path))
    assert unnamed.name == unnamed.emails[0] and unnamed.line == 7


def test_card_named_from_org_before_email() -> None:
    [company] = parse_vcards(card("FN:", "N:;;;;", "ORG:Nordlicht Studio;Vertrieb", "EMAIL:hallo@nordlicht.studio"))
    assert (company.name, company.org, company.department) == ("Nordlicht Studio", "Nordlicht Studio", "Vertrieb")


def test_card_with_nothing_to_name_it_by_names_its_file_and_line() -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_vcards(card("FN:Ana") + card("N:;;;;", "TEL:+351 912 345 678"), source="book.vcf")
    message = str(raised.value)
    assert message.startswith("book.vcf:5: ") and "no name" in message and "\n" not in message


CARD = card("FN:Ana Lima")  # four lines


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param("name,email\nAna Lima,ana@example.com\n", 1, "expected BEGIN:VCARD", id="csv"),
        pytest.param("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", 1, "found BEGIN:", id="icalendar"),
        pytest.param(CARD + "BEGIN:VCARD\r\nFN:Tom\r\n", 5, "never closed", id="unclosed"),
        pytest.param(CARD + card("FN:Tom", "this is not a property"), 8, "", id="bad-line"),  # the line itself
        pytest.param(CARD + "\r\nsome stray text\r\n" + CARD, 6, "expected BEGIN:VCARD", id="stray-text"),
        pytest.param(CARD + "END:VCARD\r\n", 5, "expected BEGIN:VCARD", id="stray-end"),
        pytest.param(" folded continuation first\n", 1, "expected BEGIN:VCARD", id="continuation"),
        pytest.param(CARD + card("FN:", "N:;;;;"), 5, "no name", id="empty-fn"),
        pytest.param("\x00\x01binary\xff", 1, "expected BEGIN:VCARD", id="binary"),
        pytest.param(CARD + card("FN:Tom", "NOTE;CHARSET=X-NONE;ENCODING=QUOTED-PRINTABLE:abc"), 5, "", id="charset"),
        pytest.param(CARD + card("FN:Tom", "NOTE;ENCODING=QUOTED-PRINTABLE:=FF=FE"), 5, "", id="not-utf8"),
        pytest.param(CARD + card("FN:Tom", "PHOTO;ENCODING=b:!!not base64"), 5, "", id="bad-base64"),
    ],
)
def test_text_that_is_not_vcard_is_a_one_line_usage_error(text: str, line: int, words: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_vcards(text, source="contacts.vcf")
    message = str(raised.value)
    assert message.startswith(f"contacts.vcf:{line}: ")
    assert words in message
    assert "\n" not in message and "\r" not in message


@pytest.mark.parametrize("text", ["", "   ", "\r\n\r\n", "\ufeff"])
def test_empty_input_has_no_contacts(text: str) -> None:
    assert parse_vcards(text) == []


def test_default_source_in_messages() -> None:
    with pytest.raises(InvalidInput, match=r"^<vcard>:1: "):
        parse_vcards("hello")


# --- details of reading --------------------------------------------------------------------


def test_byte_order_mark_from_windows_exporters_is_ignored() -> None:
    assert parse_vcards("\ufeff" + CARD)[0].name == "Ana Lima"


def test_lowercase_and_lf_only_files_read() -> None:
    assert parse_vcards("begin:vcard\nversion:3.0\nfn:Ana Lima\nend:vcard\n")[0].name == "Ana Lima"


def test_commas_left_unescaped_do_not_cut_text_short() -> None:
    # vobject alone would read NOTE:Met in Oslo, liked the demo as "Met in Oslo"
    text = card("FN:Lima, Ana", "ORG:Acme, Inc.;Sales", "NOTE:Met in Oslo, liked the demo")
    (contact,) = parse_vcards(text)
    assert contact.name == "Lima, Ana"
    assert contact.org == "Acme, Inc."
    assert contact.notes == "Met in Oslo, liked the demo"


def test_escaped_commas_semicolons_backslashes_and_newlines() -> None:
    text = card(
        "FN:Lima\\, Ana",
        "ORG:Acme\\; Partners\\, Ltd;Sales",
        "NOTE:one\\ntwo\\, three\\; four \\\\ five\\Nsix",
        "CATEGORIES:Clients\\, paying,VIP",
    )
    (contact,) = parse_vcards(text)
    assert contact.name == "Lima, Ana"
    assert contact.org == "Acme; Partners, Ltd"
    assert contact.notes == "one\ntwo, three; four \\ five\nsix"
    assert contact.tags == ["Clients, paying", "VIP"]


def test_categories_are_stripped_and_deduplicated_like_tags() -> None:
    text = card("FN:Ana", "CATEGORIES: Clients , clients,VIP,,", "CATEGORIES:vip,Design")
    assert parse_vcards(text)[0].tags == ["Clients", "VIP", "Design"]


@pytest.mark.parametrize(
    ("n_value", "name"),
    [
        ("Lima;Ana;;;", "Ana Lima"),
        ("Lima;Ana;Beatriz;Dr.;PhD", "Ana Beatriz Lima"),  # prefix and suffix are not part of the name
        ("Lima;Ana,Clara;;;", "Ana Clara Lima"),  # several given names
        (";Madonna;;;", "Madonna"),
        ("Okafor;;;;", "Okafor"),
        ("王;小明;;;", "王小明"),
        ("山田;太郎;;;", "山田太郎"),
        ("김;민준;;;", "김민준"),
    ],
)
def test_name_from_n_when_fn_is_missing_or_empty(n_value: str, name: str) -> None:
    for fn_lines in ([], ["FN:"], ["FN:  "]):
        text = card(*fn_lines, f"N:{n_value}")
        assert parse_vcards(text)[0].name == name


def test_names_are_stored_clean() -> None:
    # the store keys names by their NFC, single-spaced form; an import must not bring in variants
    text = card("FN:  Ame\u0301lie   Lefe\u0300vre ")
    assert parse_vcards(text)[0].name == "Amélie Lefèvre"


def test_card_with_only_empty_values_has_empty_fields() -> None:
    text = card("FN:Ana", "ORG:;Sales", "EMAIL:", "TEL: ", "NOTE:  ", "CATEGORIES:")
    assert parse_vcards(text) == [CardContact(name="Ana", line=1)]


# --- writing -----------------------------------------------------------------------------------


ANA = CardContact(
    name="Ana Lima",
    org="Estúdio Lima",
    emails=["ana@estudiolima.com.br", "ana.lima@gmail.com"],
    phones=["+55 11 91234-5678"],
    tags=["Clients", "São Paulo"],
    notes="Wants a quote, by Friday; budget ~15k.\nPrefers WhatsApp.",
)


def test_write_is_vcard_3_with_crlf_line_ends() -> None:
    text = write_vcards([ANA, CardContact(name="Tom Becker")])
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines.count("BEGIN:VCARD") == 2 and lines.count("VERSION:3.0") == 2
    assert "EMAIL;TYPE=INTERNET:ana@estudiolima.com.br" in lines
    assert "CATEGORIES:Clients,São Paulo" in lines
    assert "NOTE:Wants a quote\\, by Friday\\; budget ~15k.\\nPrefers WhatsApp." in lines
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)


def test_empty_and_bare_contacts_write() -> None:
    assert write_vcards([]) == ""
    text = write_vcards([CardContact(name="Tom Becker")])
    assert "ORG" not in text and "EMAIL" not in text and "CATEGORIES" not in text and "NOTE" not in text
    assert parse_vcards(text) == [CardContact(name="Tom Becker", line=1)]


def test_a_nameless_contact_is_not_written() -> None:
    with pytest.raises(ValueError):
        write_vcards([CardContact(name="  ")])


@pytest.mark.parametrize(
    ("name", "family", "given", "additional"),
    [
        ("Ana Lima", "Lima", "Ana", ""),
        ("Ana Beatriz Lima", "Lima", "Ana", "Beatriz"),  # three words: the middle one is a middle name
        ("Пётр Ильич Чайковский", "Чайковский", "Пётр", "Ильич"),  # ...or a patronymic
        ("María José García Márquez", "García Márquez", "María José", ""),  # four: two family names
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig", ""),  # a particle begins the family name
        ("María de la Cruz", "de la Cruz", "María", ""),
        ("Madonna", "", "Madonna", ""),
        ("Bjørk Guðmundsdóttir", "Guðmundsdóttir", "Bjørk", ""),
        ("王小明", "王小明", "", ""),  # CJK without a space: the whole name as family
        ("山田 太郎", "山田", "太郎", ""),  # CJK with a space: family name first
    ],
)
def test_write_splits_the_name_for_n(name: str, family: str, given: str, additional: str) -> None:
    card = vobject.readOne(write_vcards([CardContact(name=name)]))
    assert card.fn.value == name
    assert (card.n.value.family, card.n.value.given, card.n.value.additional) == (family, given, additional)


def test_a_cards_own_n_is_kept_while_the_name_stays() -> None:
    # the card splits it otherwise than the rule would: its N goes back out as it came
    [read] = parse_vcards(card("FN:Ana Beatriz Lima", "N:Beatriz Lima;Ana;;;"))
    assert vobject.readOne(write_vcards([read])).n.value.family == "Beatriz Lima"
    renamed = dataclasses.replace(read, name="Ana Lima Souza")  # renamed since: N follows the new name
    assert vobject.readOne(write_vcards([renamed])).n.value.family == "Souza"


def test_escaped_comma_in_categories_is_one_tag_and_goes_back_escaped() -> None:
    [read] = parse_vcards(card("FN:Ana", "CATEGORIES:media\\, press,Клиенты"))
    assert read.tags == ["media, press", "Клиенты"]
    assert "CATEGORIES:media\\, press,Клиенты\r\n" in write_vcards([read])


def test_address_book_fields_are_written_back() -> None:
    written = CardContact(
        name="Jukka Jääskeläinen", org="Revontuli Oy", department="Suunnittelu", title="Toimitusjohtaja",
        birthday="--04-02", url="https://revontuli.fi", address="Mannerheimintie 1\nHelsinki", uid="6c1f3e4a-0000-4000-8000-000000000001",
        extra="PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * 200,
    )  # fmt: skip
    text = write_vcards([written])
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    [read] = parse_vcards(text)
    assert dataclasses.replace(read, line=0) == written


def test_vobject_reads_what_reltrack_writes() -> None:
    # khard and other vobject-based tools read address books with vobject.readComponents
    contacts = [*read_sample("nonascii.vcf"), *read_sample("google.vcf"), ANA]
    cards = list(vobject.readComponents(write_vcards(contacts), validate=True))
    assert [card.fn.value for card in cards] == [contact.name for contact in contacts]
    assert [card.version.value for card in cards] == ["3.0"] * len(contacts)
    assert cards[-1].categories.value == ["Clients", "São Paulo"]
    assert [email.value for email in cards[-1].email_list] == ANA.emails
    assert all(email.params == {"TYPE": ["INTERNET"]} for email in cards[-1].email_list)


@pytest.mark.parametrize("sample", ["google.vcf", "apple.vcf", "thunderbird.vcf", "khard.vcf", "nonascii.vcf"])
def test_samples_survive_export_and_import(sample: str) -> None:
    contacts = read_sample(sample)
    assert without_lines(parse_vcards(write_vcards(contacts))) == without_lines(contacts)


# --- round trip, for any contacts ----------------------------------------------------------------

# vCard cannot carry control characters (other than the newlines NOTE escapes), nor lone surrogates
_letters = st.characters(exclude_categories=("Cc", "Cs"))
_text = st.text(st.one_of(_letters, st.sampled_from(",;:\\\"'Nn")), min_size=1, max_size=30)
_clean = _text.map(clean_name).filter(bool)  # names and tags are stored clean (see names.clean_name)
_notes = st.text(st.one_of(_letters, st.sampled_from(",;:\\\n\t Nn")), max_size=200).map(str.strip).filter(bool)

contacts_strategy = st.builds(
    CardContact,
    name=_clean,
    org=st.none() | _clean,
    emails=st.lists(st.emails(), max_size=3, unique_by=str.casefold),
    phones=st.lists(st.from_regex(r"\+?[0-9][0-9 ()-]{2,16}[0-9]", fullmatch=True), max_size=3, unique=True),
    tags=st.lists(_clean, max_size=4, unique_by=name_key),
    notes=st.none() | _notes,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(contacts_strategy, max_size=4))
def test_round_trip(contacts: list[CardContact]) -> None:
    text = write_vcards(contacts)
    assert without_lines(parse_vcards(text)) == contacts
    assert len(list(vobject.readComponents(text))) == len(contacts)


@pytest.mark.parametrize(
    "notes",
    [
        "x" * 70 + " ENCODING=QUOTED-PRINTABLE: a note that mentions it and ends with =",  # still plain text
        "a" + " " * 200 + "b",  # folded lines made only of spaces
        "é" * 100 + "😀" * 40,  # folds between, never inside, multibyte characters
        "line\n\n\nafter blank lines\n END:VCARD\nBEGIN:VCARD",
    ],
)
def test_awkward_notes_survive(notes: str) -> None:
    contact = CardContact(name="Ana Lima", notes=notes)
    assert without_lines(parse_vcards(write_vcards([contact]))) == [contact]


def test_line_numbers_of_written_cards_point_at_begin() -> None:
    text = write_vcards([ANA, CardContact(name="Tom Becker"), ANA])
    lines = text.split("\r\n")
    assert [lines[contact.line - 1] for contact in parse_vcards(text)] == ["BEGIN:VCARD"] * 3


def test_importing_the_module_does_not_load_vobject() -> None:
    # the CLI imports core modules on every start; vobject costs tens of milliseconds
    code = "import sys, reltrack.core.interchange.vcard; print('vobject' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

