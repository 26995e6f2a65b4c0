"""Realistic, deterministic benchmark data, written as the CSV files `reltrack import` reads.

    python bench/generate.py --scale S                # into bench/.cache/data-S/
    python bench/generate.py --scale L --out /tmp/l --seed 7 --now 2026-11-30T09:00:00+00:00

The same scale, seed and `now` always give byte-identical files. Everything is dated relative to
`now` (by default one hour before the generation time) and nothing lies after it: reltrack refuses
touchpoints and settled promises from the future.

Files (columns as in docs/interchange.md):
    contacts.csv       name, org, kind, email, phone, tags, every, max, notes
    touches.csv        name, at, via, direction, note, rating, minutes
    promises.csv       name, what, owner, due, status, resolved
    feedback.csv       name, at, score, note
    touches-fresh.csv  new touchpoints for the same contacts (the import benchmark's file)
    manifest.json      what was generated: rows per file, the tag cadences to set, `now`, ...

Rows are streamed to the files: at scale L (100k contacts, 2M touchpoints) only the contacts
are held in memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

# Bump whenever a change here changes the generated data: bench/run.py then rebuilds its databases.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20261201
HISTORY_DAYS = 730  # touchpoints cover the two years before `now`


@dataclass(frozen=True)
class Scale:
    contacts: int
    touches: int  # touchpoints wanted (the total lands within a few percent)
    fresh: int  # rows in touches-fresh.csv, the file the import benchmark reads


SCALES = {
    "XS": Scale(contacts=60, touches=800, fresh=300),  # for quick checks of the benchmark itself
    "S": Scale(contacts=500, touches=7_000, fresh=2_000),
    "M": Scale(contacts=10_000, touches=190_000, fresh=20_000),
    "L": Scale(contacts=100_000, touches=2_000_000, fresh=100_000),
}

CONTACT_COLUMNS = ("name", "org", "kind", "email", "phone", "tags", "every", "max", "notes")
TOUCH_COLUMNS = ("name", "at", "via", "direction", "note", "rating", "minutes")
PROMISE_COLUMNS = ("name", "what", "owner", "due", "status", "resolved")
FEEDBACK_COLUMNS = ("name", "at", "score", "note")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _items(text: str) -> tuple[str, ...]:
    """Items that may contain spaces, separated by '|'."""
    return tuple(item.strip() for item in text.split("|") if item.strip())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'王=wang 李=li' -> (('王', 'wang'), ('李', 'li')): a name part and its Latin spelling (for emails)."""
    return tuple(tuple(pair.split("=")) for pair in text.split())  # type: ignore[misc]


# -- names ----------------------------------------------------------------------------------
# Each culture makes (name as written, Latin spelling for the email address). The lists are
# large enough that 100k contacts stay unique ignoring case, which reltrack requires.

_LATIN_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
                             "þ": "th", "ı": "i", "ʿ": "", "'": "", "’": ""})  # fmt: skip
# "_" stands for a letter with no Latin spelling of its own (the hard and soft signs)
_CYRILLIC = {ch: latin.strip("_") for ch, latin in zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
             "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(), strict=True)}  # fmt: skip
_GREEK = dict(zip("αάβγδεέζηήθιίϊκλμνξοόπρσςτυύϋφχψωώ",
                  "a a v g d e e z i i th i i i k l m n x o o p r s s t y y y f ch ps o o".split(), strict=True))  # fmt: skip


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of a Latin, Cyrillic or Greek name, for an email address."""
    lowered = text.lower()
    lowered = "".join(_CYRILLIC.get(ch, _GREEK.get(ch, ch)) for ch in lowered).replace("-", " ")
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_LATIN_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return ["".join(ch for ch in word if ch.isascii() and ch.isalnum()) for word in plain.split()]


def _latin(full: str) -> str:
    return " ".join(word for word in ascii_words(full) if word)


@dataclass(frozen=True)
class Western:
    """Given name(s) and surname(s) in Latin script, with an optional female surname form."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    middle: float = 0.15  # share with a second given name
    double: float = 0.1  # share with two surnames
    female_form: Callable[[str], str] | None = None  # Polish -ski -> -ska
    joiner: str = " "  # between two surnames ("-" for Polish double-barrelled names)

    def __call__(self, rng: random.Random, female: bool) -> tuple[str, str]:
        given = self.female if female else self.male
        parts = [rng.choice(given)]
        if rng.random() < self.middle:
            parts.append(rng.choice(given))
        surnames = [rng.choice(self.surnames)]
        if rng.random() < self.double:
            surnames.append(rng.choice(self.surnames))
        if female and self.female_form:
            surnames = [self.female_form(s) for s in surnames]
        full = " ".join(parts) + " " + self.joiner.join(dict.fromkeys(surnames))
        return full, _latin(full)


def _polish_female(surname: str) -> str:
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname


def _russian_female(surname: str) -> str:
    if surname.endswith(("ий", "ой")):
        return surname[:-2] + "ая"
    return surname + "а"


def icelandic(rng: random.Random, female: bool) -> tuple[str, str]:
    male = _words("Guðmundur Jón Sigurður Ólafur Gunnar Einar Magnús Kristján Stefán Þór Björn Halldór "
                  "Ragnar Árni Þorsteinn Haraldur Egill Davíð Hrafn Úlfar Kári Snorri Ægir Bjarki")  # fmt: skip
    women = _words("Guðrún Sigríður Kristín Margrét Helga Björk Þórdís Ásta Hildur Ragnheiður Eyrún Þóra "
                   "Sólveig Jóhanna Ingibjörg Unnur Bryndís Auður Hrefna Edda Katrín Birna Dagný Védís")  # fmt: skip
    fathers = _words("Guðmunds Jóns Sigurðar Ólafs Gunnars Einars Magnús Kristjáns Stefáns Þórs Björns "
                     "Halldórs Ragnars Árna Þorsteins Haralds Egils Davíðs Hrafns Kára Snorra Bjarka")  # fmt: skip
    given = women if female else male
    parts = [rng.choice(given)] + ([rng.choice(given)] if rng.random() < 0.3 else [])
    full = " ".join(parts) + " " + rng.choice(fathers) + ("dóttir" if female else "son")
    return full, _latin(full)


_RU_MALE = _words("Иван Алексей Дмитрий Сергей Андрей Михаил Николай Павел Владимир Евгений Артём Фёдор "
                  "Юрий Олег Максим Григорий Виктор Кирилл Роман Степан")  # fmt: skip
_RU_FEMALE = _words("Анна Мария Елена Ольга Татьяна Наталья Ирина Светлана Екатерина Юлия Дарья Ксения "
                    "Людмила Алёна Вера Галина Полина Софья Надежда Василиса")  # fmt: skip
_RU_PATRONYMIC = _pairs("Иванович=Ивановна Алексеевич=Алексеевна Дмитриевич=Дмитриевна Сергеевич=Сергеевна "
                        "Андреевич=Андреевна Михайлович=Михайловна Николаевич=Николаевна Павлович=Павловна "
                        "Владимирович=Владимировна Петрович=Петровна Юрьевич=Юрьевна Олегович=Олеговна "
                        "Борисович=Борисовна Викторович=Викторовна")  # fmt: skip
_RU_SURNAMES = _words("Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
                      "Волков Лебедев Козлов Орлов Зайцев Белов Ковалёв Чайковский Толстой Жуков Соловьёв "
                      "Комаров Богданов Воробьёв Виноградов Крылов Гончаров Островский Баранов")  # fmt: skip


def russian(rng: random.Random, female: bool) -> tuple[str, str]:
    given = rng.choice(_RU_FEMALE if female else _RU_MALE)
    surname = rng.choice(_RU_SURNAMES)
    surname = _russian_female(surname) if female else surname
    patronymic = rng.choice(_RU_PATRONYMIC)[1 if female else 0]
    shape = rng.random()
    if shape < 0.5:
        full = f"{given} {surname}"
    elif shape < 0.9:
        full = f"{given} {patronymic} {surname}"
    else:  # the order of official documents
        full = f"{surname} {given} {patronymic}"
    return full, _latin(f"{given} {surname}")


_GR_MALE = _words("Γιώργος Νίκος Δημήτρης Κώστας Γιάννης Παναγιώτης Χρήστος Βασίλης Αθανάσιος Σπύρος "
                  "Ευάγγελος Μιχάλης Θανάσης Στέλιος Αλέξανδρος Λευτέρης")  # fmt: skip
_GR_FEMALE = _words("Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Δέσποινα Ιωάννα Κωνσταντίνα Χριστίνα "
                    "Ευαγγελία Φωτεινή Ειρήνη Αναστασία Δήμητρα Θεοδώρα")  # fmt: skip
# (male form, female form): Greek surnames agree with the bearer
_GR_SURNAMES = _pairs("Παπαδόπουλος=Παπαδοπούλου Παπαγεωργίου=Παπαγεωργίου Οικονόμου=Οικονόμου "
                      "Γεωργίου=Γεωργίου Νικολάου=Νικολάου Βλάχος=Βλάχου Αντωνίου=Αντωνίου Μακρής=Μακρή "
                      "Ιωάννου=Ιωάννου Κωνσταντίνου=Κωνσταντίνου Δημητρίου=Δημητρίου Καραγιάννης=Καραγιάννη "
                      "Παπαδάκης=Παπαδάκη Σταυρόπουλος=Σταυροπούλου Αθανασίου=Αθανασίου Λαμπράκης=Λαμπράκη "
                      "Χατζηδάκης=Χατζηδάκη Αλεξίου=Αλεξίου Πετρόπουλος=Πετροπούλου Μαυρίδης=Μαυρίδου")  # fmt: skip


def greek(rng: random.Random, female: bool) -> tuple[str, str]:
    given = rng.choice(_GR_FEMALE if female else _GR_MALE)
    surname = rng.choice(_GR_SURNAMES)[1 if female else 0]
    full = f"{given} {surname}"
    return full, _latin(full)


_ZH_FAMILY = _pairs("王=wang 李=li 张=zhang 刘=liu 陈=chen 杨=yang 黄=huang 赵=zhao 吴=wu 周=zhou 徐=xu "
                    "孙=sun 马=ma 朱=zhu 胡=hu 郭=guo 何=he 高=gao 林=lin 罗=luo 郑=zheng 梁=liang 谢=xie "
                    "宋=song 唐=tang 许=xu 韩=han 冯=feng 邓=deng 曹=cao 欧阳=ouyang 司马=sima")  # fmt: skip
_ZH_GIVEN = _pairs("伟=wei 芳=fang 娜=na 秀=xiu 英=ying 敏=min 静=jing 丽=li 强=qiang 磊=lei 军=jun 洋=yang "
                   "勇=yong 艳=yan 杰=jie 娟=juan 涛=tao 明=ming 超=chao 霞=xia 平=ping 刚=gang 文=wen 华=hua "
                   "建=jian 国=guo 红=hong 玲=ling 鹏=peng 辉=hui 晨=chen 宇=yu 欣=xin 怡=yi 浩=hao 然=ran "
                   "子=zi 涵=han 梓=zi 轩=xuan 小=xiao 晓=xiao 嘉=jia 俊=jun 思=si 雨=yu 婷=ting 琳=lin")  # fmt: skip


def chinese(rng: random.Random, female: bool) -> tuple[str, str]:
    family = rng.choice(_ZH_FAMILY)
    given = [rng.choice(_ZH_GIVEN) for _ in range(2 if rng.random() < 0.7 else 1)]
    written = family[0] + "".join(g[0] for g in given)  # Chinese names are written without spaces
    return written, "".join(g[1] for g in given) + " " + family[1]


_JA_FAMILY = _pairs("佐藤=satō 鈴木=suzuki 高橋=takahashi 田中=tanaka 伊藤=itō 渡辺=watanabe 山本=yamamoto "
                    "中村=nakamura 小林=kobayashi 加藤=katō 吉田=yoshida 山田=yamada 佐々木=sasaki 山口=yamaguchi "
                    "松本=matsumoto 井上=inoue 木村=kimura 林=hayashi 斎藤=saitō 清水=shimizu 山崎=yamazaki "
                    "森=mori 池田=ikeda 橋本=hashimoto 阿部=abe 石川=ishikawa 前田=maeda 藤田=fujita 小川=ogawa "
                    "岡田=okada 後藤=gotō 長谷川=hasegawa 村上=murakami 近藤=kondō 坂本=sakamoto 遠藤=endō")  # fmt: skip
_JA_GIVEN = _pairs("翔太=shōta 陽菜=hina 結衣=yui 大翔=hiroto 蓮=ren 美咲=misaki 健太=kenta さくら=sakura "
                   "花子=hanako 太郎=tarō 由美=yumi 直樹=naoki 恵子=keiko 誠=makoto 裕子=yūko 拓也=takuya "
                   "愛=ai 真由美=mayumi 浩=hiroshi 明美=akemi 悠斗=yūto 葵=aoi 陽翔=haruto 凛=rin 湊=minato "
                   "結菜=yuna 樹=itsuki 美月=mizuki 颯太=sōta ひなた=hinata 大輔=daisuke 和也=kazuya "
                   "千尋=chihiro 香織=kaori 隆=takashi 智子=tomoko 亮=ryō 麻衣=mai 修=osamu 奈々=nana")  # fmt: skip


def japanese(rng: random.Random, female: bool) -> tuple[str, str]:
    family, given = rng.choice(_JA_FAMILY), rng.choice(_JA_GIVEN)
    latin = f"{given[1]} {family[1]}"
    if rng.random() < 0.65:
        return f"{family[0]} {given[0]}", _latin(latin)
    # many address books hold Japanese contacts in romaji, given name first
    return " ".join(word.capitalize() for word in latin.split()), _latin(latin)


_KO_FAMILY = _pairs("김=kim 이=lee 박=park 최=choi 정=jung 강=kang 조=cho 윤=yoon 장=jang 임=lim 한=han "
                    "오=oh 서=seo 신=shin 권=kwon 황=hwang 안=ahn 송=song 류=ryu 전=jeon")  # fmt: skip
_KO_GIVEN = _pairs("민준=minjun 서연=seoyeon 지훈=jihun 수빈=subin 지우=jiwoo 서준=seojun 하은=haeun "
                   "도윤=doyun 예은=yeeun 시우=siwoo 지민=jimin 현우=hyunwoo 유진=yujin 준호=junho "
                   "소연=soyeon 은지=eunji 성민=seongmin 혜진=hyejin 태현=taehyun 다은=daeun 민서=minseo "
                   "지호=jiho 윤서=yunseo 주원=juwon 채원=chaewon 건우=geonwoo 수아=sua 영호=youngho")  # fmt: skip


def korean(rng: random.Random, female: bool) -> tuple[str, str]:
    family, given = rng.choice(_KO_FAMILY), rng.choice(_KO_GIVEN)
    return family[0] + given[0], f"{given[1]} {family[1]}"


_VI_FAMILY = _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh")
_VI_MIDDLE_M = _words("Văn Đức Minh Quang Hữu Công Thành Xuân Gia Quốc")
_VI_MIDDLE_F = _words("Thị Ngọc Thu Thanh Minh Kim Phương Bảo Diệu Hồng")
_VI_GIVEN_M = _words("An Bình Dũng Hải Hiếu Hùng Khánh Long Nam Phúc Quân Sơn Tuấn Việt Huy Khoa Trung Cường Đạt Thắng")
_VI_GIVEN_F = _words("Châu Hà Hạnh Hòa Hương Lan Linh Mai Nga Phương Tâm Thảo Trang Vy Yến Ngân Nhung Uyên Loan Quỳnh")


def vietnamese(rng: random.Random, female: bool) -> tuple[str, str]:
    middle = [rng.choice(_VI_MIDDLE_F if female else _VI_MIDDLE_M)]
    if rng.random() < 0.25:
        middle.append(rng.choice(_VI_MIDDLE_F if female else _VI_MIDDLE_M))
    given = rng.choice(_VI_GIVEN_F if female else _VI_GIVEN_M)
    family = rng.choice(_VI_FAMILY)
    full = " ".join([family, *dict.fromkeys(middle), given])  # family name first
    return full, _latin(f"{given} {family}")


_HE_GIVEN = _pairs("נועה=noa יונתן=yonatan מאיה=maya דניאל=daniel תמר=tamar איתי=itai שירה=shira עומר=omer "
                   "אורי=uri יעל=yael רוני=roni אביגיל=avigail")  # fmt: skip
_HE_FAMILY = _pairs("כהן=cohen לוי=levi מזרחי=mizrahi פרץ=peretz ביטון=biton אברהם=avraham פרידמן=friedman "
                    "שפירא=shapira דהן=dahan אזולאי=azoulay")  # fmt: skip


def hebrew(rng: random.Random, female: bool) -> tuple[str, str]:
    given, family = rng.choice(_HE_GIVEN), rng.choice(_HE_FAMILY)
    return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"


# -- cultures: names, places, organisations, phone numbers, time zones -------------------------


@dataclass(frozen=True)
class Culture:
    key: str
    weight: float  # share of contacts
    name: Callable[[random.Random, bool], tuple[str, str]]
    utc_offset: float  # standard time, hours
    summer_time: bool  # one hour more from April to October (near enough for sample data)
    phone_code: str
    tld: str
    cities: tuple[str, ...]  # also used as tags
    org_words: tuple[str, ...]
    company: tuple[str, ...]  # templates: {w} a word above, {c} a city
    institutions: dict[str, tuple[str, ...]]  # bank / government / media templates
    free_mail: tuple[str, ...] = ("gmail.com", "outlook.com")
    notes: tuple[str, ...] = ()  # touchpoint notes in the language


CULTURES = (
    Culture(
        "pt", 16, Western(
            male=_words("João Pedro Tiago Rui Miguel Bruno André Nuno Paulo Ricardo Gonçalo Duarte Luís Vasco "
                        "Rodrigo Afonso Diogo Hélio Sérgio Fábio Tomás Simão Joaquim António"),
            female=_words("Ana Maria Inês Beatriz Catarina Joana Marta Sofia Mariana Rita Leonor Conceição Graça "
                          "Lúcia Fátima Helena Patrícia Cláudia Teresa Raquel Madalena Francisca Filipa Matilde"),
            surnames=_words("Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes "
                            "Gonçalves Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira "
                            "Correia Mendes Nunes Soares Vieira Monteiro Cardoso Rocha Lima Magalhães Araújo "
                            "Brandão Simões Quintas Assunção Cunha Barros Leitão"),
            middle=0.3, double=0.65),
        utc_offset=0, summer_time=True, phone_code="351", tld="pt",
        cities=_words("Lisboa Porto Braga Coimbra Faro Setúbal"),
        org_words=_words("Atlântico Tejo Douro Lusitana Alfama Estrela Oceano Ribeira Mondego Aurora Bairro Sardinha"),
        company=_items("{w} Design, Lda.|{w} Consultores|Grupo {w}|{w} & Filhos, Lda.|Casa {w} Arquitetura|Estúdio {w}"),
        institutions={"bank": _items("Banco {w}|Caixa {w}|Crédito {c}"),
         "government": _items("Finanças {c} 3|Câmara Municipal de {c}|IAPMEI {c}"),
         "media": _items("Jornal de {c}|Rádio {w}|Revista {w}")},
        free_mail=("sapo.pt", "gmail.com", "outlook.pt"),
        notes=_items("Almoço no Bairro Alto, correu bem|Enviei a proposta revista|Ligação sobre a fatura em atraso|"
                     "Reunião de arranque: orçamento aprovado|Pediu \"mais tempo\" para decidir"),
    ),
    Culture(
        "nordic", 7, Western(
            male=_words("Bjørn Søren Øystein Ståle Åge Jørgen Henrik Lars Magnus Anders Mikkel Espen Håkon Torbjørn "
                        "Rasmus Sindre Jens Frode Knut Øyvind"),
            female=_words("Åse Kjærsti Ingrid Sigrid Solveig Tove Mette Liv Hege Marit Bodil Gøril Ragnhild Astrid "
                          "Karin Siv Tuva Maren Ylva Dorthe"),
            surnames=_words("Østergaard Sørensen Jørgensen Ødegård Åsheim Bråten Lærum Kristensen Hansen Johansen "
                            "Haugen Bakke Strøm Dahl Løvås Næss Holm Berg Lindqvist Ångström Sæther Møller Frøland "
                            "Kjær Grønvold Søndergaard Åkerlund Bøe Fjeld Nygård")),
        utc_offset=1, summer_time=True, phone_code="47", tld="no",
        cities=_words("Oslo Bergen København Aarhus Stockholm Göteborg Trondheim"),
        org_words=_words("Nordlys Fjord Havbris Skog Bølge Ørn Vinter Lysne Trollstig Åsgard Fyr Måne"),
        company=_items("{w} AS|{w} ApS|{w} AB|{w} Design|{w} Arkitekter"),
        institutions={"bank": _items("{c} Sparebank|{w}banken|Nordisk Kreditt {c}"),
         "government": _items("Skatteetaten {c}|{c} kommune|Brønnøysundregistrene"),
         "media": _items("{c}s Tidende|Radio {w}|{w} Magasin")},
        free_mail=("gmail.com", "online.no", "hotmail.com"),
        notes=_items("Kaffe på Grünerløkka, gode idéer|Sendte tilbudet på nytt|Møte om kontrakten, alt i orden"),
    ),
    Culture(
        "is", 2, icelandic,
        utc_offset=0, summer_time=False, phone_code="354", tld="is",
        cities=_words("Reykjavík Akureyri Hafnarfjörður"),
        org_words=_words("Norðurljós Hekla Jökull Geysir Eldfjall Hrafn Vörður Lundi"),
        company=_items("{w} ehf.|{w} hf.|{w} Studio"),
        institutions={"bank": _items("{w}banki|Sparisjóður {c}"),
         "government": _items("Skatturinn|{c}borg"),
         "media": _items("{w}blaðið|Útvarp {w}")},
        free_mail=("gmail.com", "simnet.is"),
        notes=_items("Fundur í Reykjavík, mjög gott|Sendi tilboðið"),
    ),
    Culture(
        "fi", 5, Western(
            male=_words("Mikko Jukka Pekka Matti Juha Timo Kari Antti Jyrki Ville Olli Lauri Eero Sami Tuomas "
                        "Väinö Jouni Heikki Kalle Aleksi"),
            female=_words("Päivi Satu Tiina Anu Riikka Sanna Minna Hanna Kaisa Aino Elina Jaana Sari Eeva Liisa "
                          "Sirpa Tuula Marjatta Johanna Henna"),
            surnames=_words("Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
                            "Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen "
                            "Jääskeläinen Väisänen Kärkkäinen Pöllänen Räsänen Ylönen Hyvärinen Äijälä"),
            double=0.0),
        utc_offset=2, summer_time=True, phone_code="358", tld="fi",
        cities=_words("Helsinki Tampere Turku Oulu Jyväskylä"),
        org_words=_words("Metsä Järvi Revontuli Kuusi Koivu Saimaa Lumi Tähti Pohjola Kallio"),
        company=_items("{w} Oy|Oy {w} Ab|Painotalo {w} Oy|{w}kone Oy"),
        institutions={"bank": _items("{w}pankki|{c}n Osuuspankki"),
         "government": _items("Verohallinto {c}|{c}n kaupunki"),
         "media": _items("{c}n Sanomat|Radio {w}")},
        free_mail=("gmail.com", "elisanet.fi", "kolumbus.fi"),
        notes=_items("Vedokset tulivat postissa|Palaveri Tampereella, hyvä fiilis|Lähetin tarjouksen"),
    ),
    Culture(
        "ru", 6, russian,
        utc_offset=3, summer_time=False, phone_code="7", tld="ru",
        cities=_words("Москва Санкт-Петербург Казань Новосибирск"),
        org_words=_items("Северный ветер|Восток|Радуга|Берёзка|Сибирь|Волга|Звезда|Байкал"),
        company=_items("ООО «{w}»|АО «{w}»|Студия «{w}»"),
        institutions={"bank": _items("Банк «{w}»|{w}банк"),
         "government": _items("ИФНС России № 5 по г. {c}|Администрация г. {c}"),
         "media": _items("Газета «{w}»|Радио «{w}»")},
        free_mail=("yandex.ru", "mail.ru", "gmail.com"),
        notes=_items("Обсудили договор, всё в порядке|Отправил счёт|Созвон по макетам"),
    ),
    Culture(
        "gr", 3, greek,
        utc_offset=2, summer_time=True, phone_code="30", tld="gr",
        cities=_words("Αθήνα Θεσσαλονίκη Ηράκλειο Πάτρα"),
        org_words=_words("Αιγαίο Όλυμπος Ακρόπολη Ερμής Ποσειδών Κρήτη Δελφοί Ιθάκη"),
        company=_items("{w} Α.Ε.|{w} Ε.Π.Ε.|Ξενοδοχεία {w}"),
        institutions={"bank": _items("Τράπεζα {w}|Συνεταιριστική Τράπεζα {c}"),
         "government": _items("ΔΟΥ {c}|Δήμος {c}"),
         "media": _items("Εφημερίδα {w}|Ράδιο {w}")},
        free_mail=("gmail.com", "otenet.gr"),
        notes=_items("Καφές στο Κολωνάκι, πολύ καλή συζήτηση|Έστειλα την προσφορά"),
    ),
    Culture(
        "zh", 6, chinese,
        utc_offset=8, summer_time=False, phone_code="86", tld="cn",
        cities=_words("上海 北京 深圳 广州 杭州"),
        org_words=_words("华星 东方 长城 金龙 新世纪 明月 海天 小明 云帆 百川"),
        company=_items("深圳{w}科技有限公司|北京{w}文化传媒有限公司|上海{w}贸易有限公司|{c}{w}设计工作室"),
        institutions={"bank": _items("{w}银行|{c}{w}商业银行"),
         "government": _items("{c}市税务局|{c}市商务局"),
         "media": _items("{w}日报|{c}{w}电视台")},
        free_mail=("qq.com", "163.com", "gmail.com"),
        notes=_items("讨论了合同，进展顺利|发了报价|包装设计的反馈"),
    ),
    Culture(
        "ja", 4, japanese,
        utc_offset=9, summer_time=False, phone_code="81", tld="jp",
        cities=_words("東京 大阪 京都 福岡 札幌"),
        org_words=_words("山田 富士 桜 東和 日之出 大和 青空 三つ星 白鳥"),
        company=_items("株式会社{w}|{w}商店|{w}製作所株式会社|{w}デザイン事務所"),
        institutions={"bank": _items("{w}銀行|{c}信用金庫"),
         "government": _items("{c}税務署|{c}市役所"),
         "media": _items("{w}新聞|{c}{w}放送")},
        free_mail=("gmail.com", "yahoo.co.jp", "docomo.ne.jp"),
        notes=_items("見積もりの件で電話|打ち合わせ、順調です|パッケージ案を送付"),
    ),
    Culture(
        "ko", 1, korean,
        utc_offset=9, summer_time=False, phone_code="82", tld="kr",
        cities=_words("서울 부산 인천"),
        org_words=_words("한빛 미래 새벽 한강 누리 하늘 바다"),
        company=_items("{w} 주식회사|(주){w}|{w} 디자인"),
        institutions={"bank": _items("{w}은행"), "government": _items("{c} 세무서"), "media": _items("{w}일보")},
        free_mail=("naver.com", "gmail.com"),
        notes=_items("번역 일정 확인|견적서 보냄"),
    ),
    Culture(
        "pl", 5, Western(
            male=_words("Łukasz Paweł Michał Krzysztof Piotr Tomasz Grzegorz Wojciech Jakub Maciej Bartłomiej "
                        "Marcin Mateusz Przemysław Zbigniew Jędrzej Szymon Ryszard"),
            female=_words("Małgorzata Agnieszka Katarzyna Joanna Magdalena Anna Ewa Dorota Barbara Zofia Jadwiga "
                          "Grażyna Beata Urszula Żaneta Bożena Halina Łucja"),
            surnames=_words("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
                            "Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski "
                            "Nowakowski Pawłowski Michalski Żółć Błaszczykowski Sęk Jabłoński Wróbel Jeziorański "
                            "Ścibor Gęsicki Łęcki Chrząszcz Przybyłowicz"),
            female_form=_polish_female, joiner="-"),
        utc_offset=1, summer_time=True, phone_code="48", tld="pl",
        cities=_words("Warszawa Kraków Gdańsk Wrocław Łódź Poznań"),
        org_words=_words("Wisła Orzeł Bursztyn Tatry Mazowsze Żuraw Świt Jantar"),
        company=_items("{w} Sp. z o.o.|{w} S.A.|Pracownia {w}"),
        institutions={"bank": _items("Bank {w}|Bank Spółdzielczy w {c}"),
         "government": _items("Urząd Skarbowy {c}|Urząd Miasta {c}"),
         "media": _items("Gazeta {w}|Radio {w}")},
        free_mail=("wp.pl", "onet.pl", "gmail.com"),
        notes=_items("Rozmowa o fakturze, wszystko jasne|Wysłałem poprawioną ofertę"),
    ),
    Culture(
        "vi", 4, vietnamese,
        utc_offset=7, summer_time=False, phone_code="84", tld="vn",
        cities=_words("Hà-Nội Sài-Gòn Đà-Nẵng Huế"),
        org_words=_items("Sông Hồng|Hạ Long|Mê Kông|Sao Mai|Phương Đông|Bình Minh"),
        company=_items("Công ty TNHH {w}|{w} JSC|Thiết kế {w}"),
        institutions={"bank": _items("Ngân hàng {w}"),
         "government": _items("Cục Thuế {c}"),
         "media": _items("Báo {w}")},
        free_mail=("gmail.com", "yahoo.com.vn"),
        notes=_items("Trao đổi về hợp đồng, ổn|Đã gửi báo giá|Buổi nghiên cứu người dùng"),
    ),
    Culture(
        "ar", 5, Western(
            male=_items("Mohammed|Ahmed|Omar|Youssef|Khalid|Hassan|Ali|Karim|Tariq|Samir|Nabil|Rashid|Walid|Bilal|"
                        "Hamza|Mustafa|Ibrahim|Faisal|ʿAbd al-Raḥmān|Ḥasan|Zayd"),
            female=_items("Fatima|Layla|Aisha|Noor|Mariam|Yasmin|Salma|Huda|Rania|Zainab|Amira|Leila|Dalia|Samira|"
                          "Hana|Ruqayya|Ṣafiyya|Nadia"),
            surnames=_items("Al-Farsi|Al-Zahra|Haddad|Nasser|El-Amin|Al-Rashid|Khoury|Mansour|Saleh|Hakimi|Bakr|"
                            "Qasim|Al-Hashimi|Abdel-Rahman|Ben Ali|El Idrissi|Benjelloun|Tazi|Aziz|Darwish|Al-Masri|"
                            "bin Salman|Al-Qurashi|Bouzid|Chahine|Al-Ḥaddād"),
            middle=0.05, double=0.05),
        utc_offset=4, summer_time=False, phone_code="971", tld="ae",
        cities=_words("Dubai Abu-Dhabi Casablanca Amman Doha"),
        org_words=_words("Al-Noor Al-Khaleej Sahara Atlas Oasis Al-Andalus Falcon Dunes"),
        company=_items("{w} Trading LLC|{w} Holding|{w} Design Review|{w} Logistics FZE"),
        institutions={"bank": _items("Bank {w}|{w} Islamic Bank"),
         "government": _items("{c} Chamber of Commerce|{c} Free Zone Authority"),
         "media": _items("{w} Gazette|{c} Business Review")},
        free_mail=("gmail.com", "hotmail.com", "outlook.com"),
    ),
    Culture(
        "de", 8, Western(
            male=_items("Jürgen|Klaus|Stefan|Thomas|Andreas|Matthias|Jörg|Uwe|Lukas|Maximilian|Felix|Tobias|Florian|"
                        "Björn|Dieter|Hans-Peter|Karl-Heinz|Günther|Ulrich|Fabian"),
            female=_items("Käthe|Ursula|Sabine|Anja|Jana|Katrin|Sophie|Lea|Hannah|Lena|Jutta|Birgit|Gisela|Annegret|"
                          "Anna-Lena|Marie-Luise|Hildegard|Jördis|Franziska|Gudrun"),
            surnames=_items("Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|"
                            "Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|"
                            "Hartmann|Lange|Groß|Gross|Weiß|Strauß|Köhler|Jäger|von Bülow|von der Heyde|Meißner|"
                            "Öztürk|Kowalczyk|Brückner|Süß"),
            middle=0.1, double=0.05, joiner="-"),
        utc_offset=1, summer_time=True, phone_code="49", tld="de",
        cities=_words("Berlin München Hamburg Köln Zürich Wien"),
        org_words=_words("Rhein Alpen Nordstern Hanse Schwarzwald Edelweiß Bergblick Lindenhof Isar"),
        company=_items("{w} GmbH|{w} & Söhne GmbH|{w} AG|{w} KG|Druckerei {w}"),
        institutions={"bank": _items("Sparkasse {c}|{w} Bank AG|Volksbank {c}"),
         "government": _items("Finanzamt {c}|Stadt {c}|IHK {c}"),
         "media": _items("{c}er Zeitung|{w} Magazin")},
        free_mail=("web.de", "gmx.de", "t-online.de", "gmail.com"),
        notes=_items("Telefonat wegen der Rechnung, Zahlungsziel 14 Tage|Angebot überarbeitet und geschickt|Treffen in der Kantine"),
    ),
    Culture(
        "en", 9, Western(
            male=_items("James|Oliver|Liam|Seán|Ciarán|Daniel|Thomas|Ryan|Jack|Harry|George|Noah|William|Oisín|Rhys"),
            female=_items("Sarah|Emily|Charlotte|Siobhán|Aoife|Niamh|Grace|Hannah|Megan|Chloe|Ella|Olivia|Amelia|"
                          "Saoirse|Mary-Jane"),
            surnames=_items("O'Brien|O'Connor|Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Murphy|Kelly|Walsh|"
                            "McCarthy|MacDonald|Fitzgerald|Thompson|Wright|Clarke|Hughes|Campbell|Stewart|Robinson|"
                            "Smith-Jones|Ní Bhriain|Ó Súilleabháin|D'Arcy|St. John|Featherstonehaugh"),
            middle=0.2, double=0.03, joiner="-"),
        utc_offset=0, summer_time=True, phone_code="44", tld="co.uk",
        cities=_words("London Dublin Manchester Edinburgh Cork"),
        org_words=_words("Thames Greenleaf Northwind Oakwood Riverside Brightwater Kestrel Harbour"),
        company=_items("{w} Ltd|{w} Consulting|{w} Partners LLP|{w} & Co."),
        institutions={"bank": _items("{w} Bank plc|{c} Building Society"),
         "government": _items("HMRC|{c} City Council|Revenue ({c})"),
         "media": _items("The {c} Herald|{w} Weekly|Radio {c}")},
        free_mail=("gmail.com", "outlook.com", "icloud.com", "eircom.ie"),
    ),
    Culture(
        "es", 5, Western(
            male=_items("José|Javier|Alejandro|Carlos|Manuel|Pablo|Sergio|Íñigo|Álvaro|Raúl|Jesús|Jordi|Xavier|Unai"),
            female=_items("María José|Lucía|Carmen|Begoña|Pilar|Nuria|Ainhoa|Montserrat|Rocío|Mónica|Inmaculada|"
                          "Ángela|Itziar|Maite"),
            surnames=_items("García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|"
                            "Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Ibáñez|Peña|"
                            "Núñez|Castaño|Ramírez|de la Cruz|Zubizarreta"),
            middle=0.05, double=0.85),
        utc_offset=1, summer_time=True, phone_code="34", tld="es",
        cities=_words("Madrid Barcelona Sevilla Bilbao Valencia Ciudad-de-México"),
        org_words=_words("Sol Mediterráneo Ibérica Andalucía Cierzo Brisa Olivo Faro"),
        company=_items("Estudio {w}|{w} S.L.|Grupo {w} S.A.|{w} Ilustración"),
        institutions={"bank": _items("Banco {w}|Caja {c}"),
         "government": _items("Agencia Tributaria {c}|Ayuntamiento de {c}"),
         "media": _items("Diario de {c}|Radio {w}")},
        free_mail=("gmail.com", "hotmail.es", "yahoo.es"),
        notes=_items("Llamada sobre el presupuesto, todo bien|Envié las ilustraciones"),
    ),
    Culture(
        "fr", 4, Western(
            male=_items("Jean-Luc|François|Benoît|Rémi|Théo|Loïc|Gaël|Étienne|Hervé|Cédric|Jérôme|Aurélien"),
            female=_items("Amélie|Chloé|Élodie|Hélène|Maëlle|Noémie|Zoé|Anaïs|Cécile|Françoise|Léa|Margaux"),
            surnames=_items("Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Lefèvre|Girard|"
                            "Bonnet|Dupont|Lambert|Fontaine|Rousseau|Vincent|Mercier|Gauthier|de la Fontaine|Le Goff|"
                            "Béranger|Chevalier|N'Diaye"),
            middle=0.1, double=0.03, joiner="-"),
        utc_offset=1, summer_time=True, phone_code="33", tld="fr",
        cities=_words("Paris Lyon Marseille Bordeaux Montréal Bruxelles"),
        org_words=_words("Lumière Étoile Rivage Horizon Mistral Cerise Azur"),
        company=_items("{w} SARL|{w} SAS|Atelier {w}|Éditions {w}"),
        institutions={"bank": _items("Banque {w}|Crédit {c}"),
         "government": _items("Impôts {c}|Mairie de {c}"),
         "media": _items("Le {w} de {c}|Radio {w}")},
        free_mail=("gmail.com", "orange.fr", "free.fr"),
        notes=_items("Déjeuner à {c}, très bien passé|Devis envoyé"),
    ),
    Culture(
        "tr", 3, Western(
            male=_words("Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Emre Burak Çağlar Oğuz Kaan"),
            female=_words("Ayşe Fatma Emine Hatice Zeynep Elif Merve Özlem Gül Şule Büşra Çiğdem Ebru İpek Defne"),
            surnames=_words("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç "
                            "Aslan Çetin Kara Koç Kurt Özkan Şimşek Işık Güneş Aktaş Ilgaz"),
            middle=0.1, double=0.02),
        utc_offset=3, summer_time=False, phone_code="90", tld="com.tr",
        cities=_words("İstanbul Ankara İzmir"),
        org_words=_words("Anadolu Boğaziçi Ege Kapadokya Marmara Yıldız Lale"),
        company=_items("{w} A.Ş.|{w} Ltd. Şti.|Cowork {w}"),
        institutions={"bank": _items("{w} Bankası"),
         "government": _items("{c} Vergi Dairesi"),
         "media": _items("{w} Gazetesi")},
        free_mail=("gmail.com", "hotmail.com"),
        notes=_items("Kira sözleşmesini konuştuk|Teklif gönderildi"),
    ),
    Culture(
        "in", 3, Western(
            male=_words("Arjun Rahul Vikram Rohan Sanjay Aditya Karthik Suresh Anil Rajesh Vivek Siddharth"),
            female=_words("Priya Ananya Deepa Kavya Lakshmi Sneha Meera Divya Pooja Shreya Aishwarya Nandini"),
            surnames=_words("Sharma Patel Reddy Iyer Nair Gupta Raghunathan Krishnan Banerjee Chatterjee Desai Mehta "
                            "Rao Subramanian Venkatesh Pillai Menon Kulkarni Joshi Bhattacharya"),
            middle=0.05, double=0.0),
        utc_offset=5.5, summer_time=False, phone_code="91", tld="in",
        cities=_words("Bengaluru Mumbai Chennai Pune Delhi"),
        org_words=_words("Kanakku Ganga Lotus Indus Saffron Monsoon Banyan"),
        company=_items("{w} Pvt Ltd|{w} Technologies|{w} Cloud Pvt Ltd"),
        institutions={"bank": _items("{w} Bank|{c} Co-operative Bank"),
         "government": _items("Income Tax Office {c}"),
         "media": _items("The {c} Chronicle")},
        free_mail=("gmail.com", "rediffmail.com"),
    ),
    Culture(
        "he", 1, hebrew,
        utc_offset=2, summer_time=True, phone_code="972", tld="co.il",
        cities=_words("תל-אביב ירושלים חיפה"),
        org_words=_words("כרמל גליל נגב ירדן"),
        company=_items("{w} בע\"מ|סטודיו {w}|שבוע העיצוב {c}"),
        institutions={"bank": _items("בנק {w}"), "government": _items("עיריית {c}"), "media": _items("{w} היום")},
        free_mail=("gmail.com", "walla.co.il"),
    ),
)
CULTURE_WEIGHTS = tuple(c.weight for c in CULTURES)

# -- what reltrack knows about ----------------------------------------------------------------

KINDS = ("client", "prospect", "supplier", "partner", "colleague", "employee", "investor",
         "bank", "media", "government", "service", "friend", "family", "other")  # fmt: skip
KIND_WEIGHTS = (16, 10, 8, 7, 9, 3, 2, 2, 3, 2, 6, 14, 5, 13)
PERSONAL = ("friend", "family")
CHANNELS = ("meeting", "video", "call", "message", "email", "social", "letter", "note")
SCHEDULED = ("meeting", "video")  # come from a calendar: on the quarter hour, several people at once
WORK_CHANNEL_WEIGHTS = (12, 15, 18, 12, 30, 3, 2, 8)
PERSONAL_CHANNEL_WEIGHTS = (18, 6, 25, 40, 2, 8, 1, 0.5)

GENERAL_TAGS = _words("vip key-account retainer referral newsletter conference invoice slow-payer design dev print "
                      "legal tax hiring alumni board press events translation research fintech hospitality "
                      "packaging café-club")  # fmt: skip
# Tags that get a cadence after the import (`reltrack tag-cadence TAG DURATION`).
TAG_CADENCES = {"vip": "2w", "key-account": "1w", "retainer": "1w", "board": "1mo", "press": "3mo", "alumni": "6mo",
                "reykjavík": "1mo", "café-club": "2w"}  # fmt: skip
OWN_CADENCES = (("1w", "10d"), ("2w", "3w"), ("3w", ""), ("1mo", "6w"), ("6w", ""), ("2mo", "3mo"), ("3mo", "4mo"),
                ("6mo", "9mo"), ("1y", ""))  # fmt: skip

# How often people are in touch: a mean gap in days, or a handful of touches ("sporadic"), or none.
RHYTHMS = {"weekly": 7, "biweekly": 14, "monthly": 30, "quarterly": 91, "twice-yearly": 182, "sporadic": 0, "never": 0}
KIND_RHYTHMS = {
    "client":     {"weekly": 15, "biweekly": 28, "monthly": 35, "quarterly": 15, "twice-yearly": 3, "sporadic": 4},
    "prospect":   {"weekly": 20, "biweekly": 20, "monthly": 20, "sporadic": 28, "never": 12},
    "supplier":   {"biweekly": 15, "monthly": 45, "quarterly": 30, "sporadic": 10},
    "partner":    {"biweekly": 20, "monthly": 45, "quarterly": 30, "twice-yearly": 5},
    "colleague":  {"weekly": 25, "biweekly": 30, "monthly": 30, "quarterly": 15},
    "employee":   {"weekly": 70, "biweekly": 30},
    "investor":   {"monthly": 20, "quarterly": 60, "twice-yearly": 20},
    "bank":       {"quarterly": 50, "twice-yearly": 40, "sporadic": 10},
    "media":      {"monthly": 15, "quarterly": 40, "twice-yearly": 30, "sporadic": 15},
    "government": {"quarterly": 40, "twice-yearly": 40, "sporadic": 20},
    "service":    {"monthly": 40, "quarterly": 40, "sporadic": 20},
    "friend":     {"weekly": 15, "biweekly": 30, "monthly": 35, "quarterly": 20},
    "family":     {"weekly": 50, "biweekly": 35, "monthly": 15},
    "other":      {"monthly": 10, "quarterly": 20, "twice-yearly": 20, "sporadic": 35, "never": 15},
}  # fmt: skip

TOUCH_NOTES = _items(
    "kick-off, budget agreed|sent the revised quote|follow-up on the invoice|they asked for a discount, said no|"
    "went through the brand guidelines|contract signed|\"quick\" call that took an hour|coffee, talked about next year|"
    "reviewed the proofs; two typos, fixed|intro to their CFO|demo of the prototype, very positive|"
    "late payment again, reminded them politely|- call back re: renewal|=SUM(A1:A3) is what they pasted in chat|"
    "agreed on scope:\n1. logo\n2. packaging\n3. web|congratulated them on the launch|asked for a reference")
PROMISE_MINE = _items("Send the revised quote|Share the brand guidelines|Deliver the first draft|Send the invoice|"
                      "Review their contract draft|Introduce them to a printer|Book the workshop room|"
                      "Send photos from the event|Prepare the quarterly report|Call back about the renewal")
PROMISE_THEIRS = _items("Pay the invoice|Send the signed contract|Introduce me to their bank|Send feedback on the draft|"
                        "Share the sales figures|Confirm the budget|Send the product samples|Reply about the partnership")
FEEDBACK_NOTES = _items("would recommend us|delivery was late, quality great|very happy with the rebrand|"
                        "too expensive for what it is|fast and friendly|communication could be better")
CONTACT_NOTES = _items("Met at Web Summit|Prefers calls before 10:00|Invoice by the 5th of the month|"
                       "Birthday 14 March\nTwo kids, likes football|Says \"email me, never call\"|"
                       "Referred by a former client; slow to decide|Assistant handles the calendar|"
                       "Time zone: check before calling|Speaks Portuguese, English, some French")


# -- people ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    """One contact and how the relationship goes: enough to write all their rows."""

    name: str
    culture: Culture
    kind: str
    org: str
    rhythm: str
    start: float  # first possible touch, days before now
    end: float  # last possible touch, days before now (> 0 when the relationship went quiet)
    inbound: float  # share of touches they started
    channel_weights: tuple[float, ...]  # cumulative, for rng.choices
    rated: float  # share of touches with a rating
    mood: float  # their usual rating, 1-5
    satisfaction: float  # their usual feedback score, 0-10
    colleagues: list[int] = field(default_factory=list)  # everyone at the same org (one list shared by them all)


def _choose(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(tuple(weights), tuple(weights.values()))[0]


def _unique_name(rng: random.Random, taken: set[str], female: bool, culture: Culture) -> tuple[str, str, Culture]:
    """A name nobody has yet, ignoring case (reltrack's rule); a crowded culture gives way to a bigger one."""
    for attempt in range(60):
        chosen = culture if attempt < 30 else CULTURES[0]  # Portuguese names have the most combinations
        name, latin = chosen.name(rng, female)
        key = " ".join(unicodedata.normalize("NFC", name).casefold().split())
        if key not in taken:
            taken.add(key)
            return name, latin, chosen
    raise RuntimeError("ran out of unique names; add names to the lists in bench/generate.py")


def _org(rng: random.Random, culture: Culture, kind: str, orgs: dict[str, list[str]]) -> str:
    """Most people work somewhere; colleagues share an org, and a few big orgs have many people."""
    if kind in PERSONAL or (kind == "other" and rng.random() < 0.7):
        return ""
    fill = {"w": rng.choice(culture.org_words), "c": rng.choice(culture.cities)}
    if kind in culture.institutions:
        return rng.choice(culture.institutions[kind]).format(**fill)
    pool = orgs.setdefault(culture.key, [])
    if pool and rng.random() < 0.6:
        return pool[int(len(pool) * rng.random() ** 2)]  # squared: the first orgs grow biggest
    name = rng.choice(culture.company).format(**fill)
    pool.append(name)
    return name


def _email(rng: random.Random, latin: str, org: str, culture: Culture, taken: set[str]) -> str:
    words = [w for w in latin.split() if w] or ["contact"]
    first, last = words[0], words[-1]
    local = rng.choice((f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}", first, f"{last}.{first}"))
    slug = "".join(ascii_words(org)[:2]) if org else ""  # empty for orgs in Chinese, Japanese, Hebrew...
    domain = f"{slug}.{culture.tld}" if slug and rng.random() < 0.75 else rng.choice(culture.free_mail)
    email, number = f"{local}@{domain}", 1
    # reltrack matches contacts by email first: two people sharing one would merge on import
    while email.lower() in taken:
        number += 1
        email = f"{local}{number}@{domain}"
    taken.add(email.lower())
    return email


def _phone(rng: random.Random, culture: Culture) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(9))
    return f"+{culture.phone_code} {digits[:3]} {digits[3:6]} {digits[6:]}"


def _tags(rng: random.Random, culture: Culture, kind: str) -> list[str]:
    tags = []
    if rng.random() < 0.35:
        tags.append(rng.choice(culture.cities).replace("İ", "i").lower())  # "İ".lower() keeps a combining dot
    for _ in range(rng.choices((0, 1, 2, 3), (35, 40, 18, 7))[0]):
        tags.append("family" if kind == "family" and rng.random() < 0.5 else rng.choice(GENERAL_TAGS))
    return list(dict.fromkeys(tags))


def _relationship(rng: random.Random, kind: str) -> tuple[str, float, float]:
    """Rhythm, start and end (days before now). Some relationships predate the history, some are new,
    and some went quiet: a steady rhythm that stopped months ago (what `reltrack quiet` finds)."""
    rhythm = _choose(rng, KIND_RHYTHMS[kind])
    start = HISTORY_DAYS if rng.random() < 0.45 else rng.uniform(1, HISTORY_DAYS)
    end = 0.0
    gap = RHYTHMS[rhythm]
    if gap and rng.random() < 0.12:
        end = min(start * 0.8, max(30.0, gap * rng.uniform(3, 10)))
    return rhythm, start, end


def _channel_weights(rng: random.Random, kind: str) -> tuple[float, ...]:
    base = PERSONAL_CHANNEL_WEIGHTS if kind in PERSONAL else WORK_CHANNEL_WEIGHTS
    # every relationship has its own habits: some are all email, some meet face to face
    weights = [w * rng.lognormvariate(0, 0.6) for w in base]
    total, cumulative = 0.0, []
    for w in weights:
        total += w
        cumulative.append(total)
    return tuple(cumulative)


def make_people(rng: random.Random, count: int) -> tuple[list[Person], list[dict[str, str]]]:
    """The contacts, and their contacts.csv rows (in the same order)."""
    people, rows = [], []
    taken_names: set[str] = set()
    taken_emails: set[str] = set()
    orgs: dict[str, list[str]] = {}
    for _ in range(count):
        culture = rng.choices(CULTURES, CULTURE_WEIGHTS)[0]
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        name, latin, culture = _unique_name(rng, taken_names, rng.random() < 0.5, culture)
        org = _org(rng, culture, kind, orgs)
        rhythm, start, end = _relationship(rng, kind)
        inbound = rng.uniform(0.1, 0.4) if kind == "prospect" else rng.uniform(0.25, 0.65)
        people.append(Person(
            name=name, culture=culture, kind=kind, org=org, rhythm=rhythm, start=start, end=end, inbound=inbound,
            channel_weights=_channel_weights(rng, kind), rated=0.0 if rng.random() < 0.5 else rng.uniform(0.2, 0.8),
            mood=rng.uniform(2.5, 4.8), satisfaction=rng.uniform(1.5, 9.8),
        ))  # fmt: skip
        every, max_gap = rng.choice(OWN_CADENCES) if rng.random() < 0.12 else ("", "")
        rows.append({
            "name": name, "org": org, "kind": kind if rng.random() > 0.03 else "",  # a few with no kind: other
            "email": _email(rng, latin, org, culture, taken_emails) if rng.random() < 0.7 else "",
            "phone": _phone(rng, culture) if rng.random() < 0.6 else "",
            "tags": ";".join(_tags(rng, culture, kind)), "every": every,
            "max": max_gap if rng.random() < 0.6 else "",
            "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.2 else "",
        })  # fmt: skip
    by_org: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        if person.org:
            by_org.setdefault(person.org, []).append(index)
    for members in by_org.values():
        if len(members) > 1:
            for index in members:
                people[index].colleagues = members  # shared, not copied: an org at L can have thousands
    return people, rows


# -- time -----------------------------------------------------------------------------------


def _zone(culture: Culture, moment: datetime) -> timezone:
    summer = culture.summer_time and 4 <= moment.month <= 10
    return timezone(timedelta(hours=culture.utc_offset + summer))


def _iso(moment: datetime, culture: Culture) -> str:
    """ISO 8601 with the contact's own UTC offset, as a calendar export writes it."""
    return moment.astimezone(_zone(culture, moment)).isoformat(timespec="seconds")


def _working_moment(rng: random.Random, now: datetime, days_ago: float, person: Person, channel: str, odd: bool) -> datetime:
    """A plausible local time on the day `days_ago` before now: office hours on weekdays for work,
    evenings and weekends for friends and family. Scheduled channels land on the quarter hour.

    Seconds keep the fresh import file apart from the main one: main rows have even seconds, fresh
    ones odd, so no fresh row can match a stored touchpoint (same contact, second and channel)."""
    zone = _zone(person.culture, now - timedelta(days=days_ago))
    local = (now - timedelta(days=days_ago)).astimezone(zone)
    personal = person.kind in PERSONAL
    if not personal and local.weekday() >= 5 and rng.random() < 0.9:
        local -= timedelta(days=local.weekday() - 4)  # to Friday: never later, so never in the future
    hour = rng.choice((18, 19, 20, 21, 12, 13)) if personal else rng.choice((8, 9, 9, 10, 10, 11, 11, 12, 14, 14, 15, 15, 16, 17, 18))
    if channel in SCHEDULED:
        minute, second = rng.choice((0, 0, 15, 30, 30, 45)), 0
    else:
        minute, second = rng.randrange(60), rng.randrange(0, 60, 2)
    if odd:
        second = rng.randrange(1, 60, 2)
    return local.replace(hour=hour, minute=minute, second=second, microsecond=0)


# -- touchpoints ----------------------------------------------------------------------------


def calibrate(people: list[Person], target: int) -> float:
    """The factor on every rhythm that makes the expected total of touchpoints `target`.

    Rhythms are the story (weekly, monthly...); the factor only tightens or loosens all of them a
    little, so that each scale has the number of touchpoints it promises."""
    steady = sum((p.start - p.end) / RHYTHMS[p.rhythm] for p in people if RHYTHMS[p.rhythm])
    sporadic = 2.0 * sum(1 for p in people if p.rhythm == "sporadic")
    return max(0.2, (target - sporadic) / steady) if steady else 1.0


def _touch_days(rng: random.Random, person: Person, factor: float) -> Iterator[float]:
    """Days before now of each touchpoint, oldest first."""
    if person.rhythm == "never":
        return
    if person.rhythm == "sporadic":
        yield from sorted((rng.uniform(person.end, person.start) for _ in range(rng.randint(1, 3))), reverse=True)
        return
    gap = RHYTHMS[person.rhythm] / factor
    day = person.start - rng.uniform(0, gap)
    while day > person.end:
        yield day
        day -= gap * rng.lognormvariate(-0.45**2 / 2, 0.45)  # people are not clockwork; the mean stays `gap`


def _touch_row(rng: random.Random, now: datetime, person: Person, at: datetime, channel: str,
               names: list[str]) -> dict[str, str]:  # fmt: skip
    direction = "in" if rng.random() < person.inbound else "out"
    if direction == "out" and rng.random() < 0.05:
        direction = ""  # left empty: out is the default
    note = ""
    if rng.random() < 0.3:
        note = rng.choice(person.culture.notes) if person.culture.notes and rng.random() < 0.4 else rng.choice(TOUCH_NOTES)
        note = note.replace("{c}", rng.choice(person.culture.cities))
    rating = ""
    if channel in ("meeting", "video", "call") and rng.random() < person.rated:
        rating = str(min(5, max(1, round(rng.gauss(person.mood, 0.8)))))
    minutes = ""
    if channel in ("meeting", "video", "call") and rng.random() < 0.6:
        typical = {"meeting": 60, "video": 40, "call": 12}[channel]
        minutes = str(max(1, min(480, round(typical * rng.lognormvariate(0, 0.5)))))
    return {"name": ";".join(names), "at": _iso(at, person.culture), "via": channel, "direction": direction,
            "note": note, "rating": rating, "minutes": minutes}  # fmt: skip


def _attendees(rng: random.Random, people: list[Person], index: int) -> list[int]:
    """Who else was in a meeting: colleagues from the same org when there are any (1-3 of them)."""
    others = rng.randint(1, 3)
    pool = people[index].colleagues if len(people[index].colleagues) > others else range(len(people))
    return [i for i in rng.sample(pool, min(others + 1, len(pool))) if i != index][:others]


def touch_rows(rng: random.Random, now: datetime, people: list[Person], factor: float) -> Iterator[dict[str, str]]:
    """touches.csv, one contact at a time (each contact's history oldest first).

    The first name of a row is the contact whose history it belongs to. reltrack takes a row for
    one it already has when a contact on a stored touchpoint has the row's first name, time (to
    the second) and channel; so a contact's touchpoints avoid the moments of their own others and
    of the meetings someone else's history listed them in, and every row is a new touchpoint."""
    in_meetings: set[tuple[int, datetime, str]] = set()  # (attendee, time, channel) of meetings so far
    for index, person in enumerate(people):
        used: set[tuple[datetime, str]] = set()
        for days_ago in _touch_days(rng, person, factor):
            channel = rng.choices(CHANNELS, cum_weights=person.channel_weights)[0]
            at = _working_moment(rng, now, days_ago, person, channel, odd=False)
            while (at, channel) in used or (index, at, channel) in in_meetings:
                at -= timedelta(minutes=1)
            if at > now:
                continue
            used.add((at, channel))
            group = channel in SCHEDULED and person.kind not in PERSONAL and rng.random() < 0.2
            others = _attendees(rng, people, index) if group else []
            in_meetings.update((other, at, channel) for other in others)
            yield _touch_row(rng, now, person, at, channel, [person.name] + [people[i].name for i in others])


def fresh_touch_rows(rng: random.Random, now: datetime, people: list[Person], count: int) -> Iterator[dict[str, str]]:
    """touches-fresh.csv: `count` new touchpoints (a phone and mail log nobody imported yet) for
    existing contacts, spread over the two years in time order, with odd seconds (see _working_moment)."""
    start = now - timedelta(days=HISTORY_DAYS)
    step = (now - start).total_seconds() / count
    for number in range(count):
        person = rng.choice(people)
        moment = start + timedelta(seconds=step * (number + rng.random()))
        local = moment.astimezone(_zone(person.culture, moment))
        second = local.second | 1  # odd seconds only
        at = min(local.replace(second=second, microsecond=0), now - timedelta(seconds=1))
        if at.second % 2 == 0:
            at -= timedelta(seconds=1)
        channel = rng.choice(("call", "call", "message", "message", "email", "email", "email", "video"))
        minutes = str(max(1, round(10 * rng.lognormvariate(0, 0.6)))) if channel in ("call", "video") else ""
        yield {"name": person.name, "at": _iso(at, person.culture), "via": channel,
               "direction": rng.choice(("in", "out")), "note": "", "rating": "", "minutes": minutes}  # fmt: skip


# -- promises and feedback --------------------------------------------------------------------


def _promise_outcome(rng: random.Random, now: datetime, due: datetime) -> tuple[str, datetime | None]:
    """A status and, when settled, when: never after now."""
    if due < now - timedelta(days=1):
        status = rng.choices(("kept", "kept late", "broken", "cancelled", "open"), (50, 18, 10, 7, 15))[0]
    else:
        status = rng.choices(("open", "kept", "cancelled"), (80, 12, 8))[0]
    if status == "open":
        return "open", None
    if status == "kept late":
        resolved = due + timedelta(days=rng.uniform(1.5, 20))
        status = "kept"
    elif status == "broken":
        resolved = due + timedelta(days=rng.uniform(1, 30))
    else:  # kept on time, cancelled: before the deadline
        resolved = due - timedelta(days=rng.uniform(0, 6), hours=rng.uniform(1, 12))
    return status, min(resolved, now - timedelta(minutes=rng.randint(5, 600)))


def promise_rows(rng: random.Random, now: datetime, people: list[Person]) -> Iterator[dict[str, str]]:
    for person in people:
        mean = {"client": 1.2, "prospect": 0.6, "partner": 0.8, "supplier": 0.6}.get(person.kind, 0.1 if person.kind in PERSONAL else 0.3)
        count = _poisson(rng, mean)
        seen: set[tuple[str, str, str]] = set()
        for _ in range(count):
            owner = "mine" if rng.random() < 0.65 else "theirs"
            what = rng.choice(PROMISE_MINE if owner == "mine" else PROMISE_THEIRS)
            if rng.random() < 0.4:
                what += f" #{rng.randint(1, 400)}"  # invoices and drafts have numbers
            due = now - timedelta(days=rng.uniform(-45, min(person.start, HISTORY_DAYS - 1)))
            due_day = due.astimezone(_zone(person.culture, due)).date().isoformat()
            if (what, due_day, owner) in seen:  # the same promise twice would merge on import
                continue
            seen.add((what, due_day, owner))
            status, resolved = _promise_outcome(rng, now, due)
            yield {"name": person.name, "what": what, "owner": owner, "due": due_day, "status": status,
                   "resolved": _iso(resolved, person.culture) if resolved else ""}  # fmt: skip


def feedback_rows(rng: random.Random, now: datetime, people: list[Person]) -> Iterator[dict[str, str]]:
    askable = ("client", "partner", "supplier", "service", "colleague", "investor")
    for person in people:
        if person.kind not in askable or rng.random() > 0.3:
            continue
        seen: set[str] = set()
        for _ in range(rng.randint(1, 4)):
            at = now - timedelta(days=rng.uniform(max(person.end, 0.05), person.start), seconds=rng.randint(0, 3600))
            text = _iso(at.replace(microsecond=0), person.culture)
            if text in seen:
                continue
            seen.add(text)
            score = min(10, max(0, round(rng.gauss(person.satisfaction, 1.5))))
            yield {"name": person.name, "at": text, "score": str(score),
                   "note": rng.choice(FEEDBACK_NOTES) if rng.random() < 0.3 else ""}  # fmt: skip


def _poisson(rng: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


# -- writing --------------------------------------------------------------------------------


def _write(path: Path, columns: tuple[str, ...], rows: Iterator[dict[str, str]] | list[dict[str, str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def default_now() -> datetime:
    """One hour before now, to the minute: the import that follows must find nothing in the future."""
    return (datetime.now(UTC) - timedelta(hours=1)).replace(second=0, microsecond=0)


def generate(scale_name: str, out: Path, seed: int = DEFAULT_SEED, now: datetime | None = None) -> dict:
    """Write every file for `scale_name` into `out`; returns the manifest (also written as manifest.json)."""
    scale = SCALES[scale_name]
    now = now or default_now()
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    # one generator per file, so changing how one file is made leaves the others as they were
    people, contacts = make_people(random.Random(f"{seed}:contacts"), scale.contacts)
    used_tags = {tag for row in contacts for tag in row["tags"].split(";") if tag}
    rows = {"contacts": _write(out / "contacts.csv", CONTACT_COLUMNS, contacts)}
    del contacts
    factor = calibrate(people, scale.touches)
    rows["touches"] = _write(out / "touches.csv", TOUCH_COLUMNS, touch_rows(random.Random(f"{seed}:touches"), now, people, factor))
    rows["promises"] = _write(out / "promises.csv", PROMISE_COLUMNS, promise_rows(random.Random(f"{seed}:promises"), now, people))
    rows["feedback"] = _write(out / "feedback.csv", FEEDBACK_COLUMNS, feedback_rows(random.Random(f"{seed}:feedback"), now, people))
    fresh = fresh_touch_rows(random.Random(f"{seed}:fresh"), now, people, scale.fresh)
    rows["touches-fresh"] = _write(out / "touches-fresh.csv", TOUCH_COLUMNS, fresh)
    manifest = {
        "scale": scale_name,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "now": now.isoformat(timespec="seconds"),
        "rows": rows,
        "rhythm_factor": round(factor, 3),
        "tag_cadences": {tag: every for tag, every in TAG_CADENCES.items() if tag in used_tags},
        "files": {"contacts": "contacts.csv", "touches": "touches.csv", "promises": "promises.csv",
                  "feedback": "feedback.csv", "fresh": "touches-fresh.csv"},  # fmt: skip
        "seconds": round(time.perf_counter() - began, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="S")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--now", help="ISO time with offset (default: one hour ago)")
    parser.add_argument("--out", type=Path, help="folder for the files (default: bench/.cache/data-SCALE)")
    args = parser.parse_args()
    now = datetime.fromisoformat(args.now) if args.now else None
    if now is not None and now.tzinfo is None:
        parser.error("--now needs a UTC offset, e.g. 2026-11-30T09:00:00+00:00")
    out = args.out or Path(__file__).parent / ".cache" / f"data-{args.scale}"
    manifest = generate(args.scale, out, args.seed, now)
    print(f"{out}: " + ", ".join(f"{rows} {name}" for name, rows in manifest["rows"].items())
          + f" ({manifest['seconds']} s)")  # fmt: skip


if __name__ == "__main__":
    main()
