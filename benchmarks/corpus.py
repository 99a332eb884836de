"""A deterministic synthetic content directory for benchmarks: `python -m benchmarks.corpus N DIR`.

Writes N valid path files plus site.yaml and providers.yaml into DIR. Every path has
three phases of six steps with documents, providers, conditions, costs, dates and links,
in Finnish and English, about 15 KB of YAML. The same N and seed always give the same
bytes, and path number i does not depend on N, so a corpus of 100 is the first 100 paths
of a corpus of 1,000.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

SEED = 9
LANGUAGES = ("fi", "en")
PHASES, STEPS_PER_PHASE = 3, 6

LIFE_EVENTS = [
    ("business", "Yrittäminen", "Running a business"),
    ("education", "Koulutus", "Education"),
    ("housing", "Asuminen", "Housing"),
    ("family", "Perhe", "Family life"),
    ("health", "Terveys", "Health"),
    ("moving", "Muuttaminen", "Moving"),
    ("work", "Työ", "Work"),
    ("leisure", "Vapaa-aika", "Leisure"),
]
AUDIENCES = [
    ("residents", "Kaupunkilaiset", "Residents"),
    ("families", "Lapsiperheet", "Families with children"),
    ("businesses", "Yrittäjät", "Entrepreneurs"),
    ("seniors", "Ikääntyneet", "Older people"),
    ("newcomers", "Suomeen muuttaneet", "People new to Finland"),
]
SUBJECTS = [
    ("sauna", "Saunan", "a sauna"), ("boat", "Veneen", "a boat"), ("kiosk", "Kioskin", "a kiosk"),
    ("garden", "Siirtolapuutarhan", "an allotment garden"), ("daycare", "Päiväkodin", "a day-care place"),
    ("parking", "Pysäköinnin", "parking"), ("market", "Torimyynnin", "market trading"),
    ("event", "Yleisötapahtuman", "a public event"), ("terrace", "Terassin", "a terrace"),
    ("workshop", "Työpajan", "a workshop"), ("library", "Kirjastotilan", "a library room"),
    ("sports", "Liikuntavuoron", "a sports slot"),
]
ACTIONS = [
    ("hakeminen", "Applying for"), ("aloittaminen", "Starting"), ("varaaminen", "Booking"),
    ("rekisteröinti", "Registering"), ("siirtäminen", "Transferring"), ("lopettaminen", "Closing"),
]

# Sentence parts; combined at random they read like the guidance a city writes.
FI_SUBJECTS = ["Hakemus", "Ilmoitus", "Lupapäätös", "Kaupungin neuvonta", "Käsittelijä", "Liitteiden kopio",
               "Sähköinen asiointi", "Maksu", "Tarkastus", "Vahvistus"]
FI_VERBS = ["käsitellään", "lähetetään", "tarkistetaan", "toimitetaan", "hyväksytään", "kirjataan",
            "arvioidaan", "päivitetään"]
FI_ENDINGS = ["kahden viikon kuluessa", "sähköisessä asiointipalvelussa", "ennen töiden aloittamista",
              "yhdessä liitteiden kanssa", "asiakaspalvelupisteessä", "ilman erillistä maksua",
              "kun kaikki tiedot ovat mukana", "arkipäivisin kello 8–16", "viimeistään kuukautta ennen",
              "kaupungin verkkosivujen kautta"]
EN_SUBJECTS = ["The application", "The notification", "The permit decision", "The city's advice service",
               "The case handler", "A copy of the attachments", "The online service", "The fee",
               "The inspection", "The confirmation"]
EN_VERBS = ["is handled", "is sent", "is checked", "is delivered", "is approved", "is recorded",
            "is assessed", "is updated"]
EN_ENDINGS = ["within two weeks", "in the online service", "before the work starts",
              "together with the attachments", "at the customer service point", "without a separate fee",
              "once every detail is included", "on weekdays from 8 to 16", "at the latest a month before",
              "through the city's website"]
FI_DOCS = ["Henkilöllisyystodistus", "Pohjapiirros", "Vuokrasopimus", "Kaupparekisteriote", "Valtakirja",
           "Asemapiirros", "Vakuutustodistus", "Selvitys jätehuollosta"]
EN_DOCS = ["Proof of identity", "Floor plan", "Lease agreement", "Trade register extract", "Power of attorney",
           "Site plan", "Insurance certificate", "Waste management plan"]
FI_STEP_WORDS = ["Tarkista", "Hae", "Ilmoita", "Varaa", "Täytä", "Maksa", "Lähetä", "Sovi"]
EN_STEP_WORDS = ["Check", "Apply for", "Notify", "Book", "Fill in", "Pay", "Send", "Agree on"]
FI_OBJECTS = ["lupa", "ilmoitus", "tarkastus", "aika", "lomake", "maksu", "liitteet", "sopimus", "vakuutus"]
EN_OBJECTS = ["the permit", "the notification", "the inspection", "an appointment", "the form", "the fee",
              "the attachments", "the agreement", "the insurance"]


def sentence(rng: random.Random, lang: str) -> str:
    if lang == "fi":
        return f"{rng.choice(FI_SUBJECTS)} {rng.choice(FI_VERBS)} {rng.choice(FI_ENDINGS)}."
    return f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_VERBS)} {rng.choice(EN_ENDINGS)}."


def paragraph(rng: random.Random, lang: str, sentences: int) -> str:
    return " ".join(sentence(rng, lang) for _ in range(sentences))


def markdown_body(rng: random.Random, lang: str) -> str:
    """A step body: a paragraph with emphasis, sometimes a list, a heading and a link."""
    first, second, rest = paragraph(rng, lang, 2).split(" ", 2)
    parts = [f"**{first} {second}** {rest}"]
    if rng.random() < 0.2:
        parts.append("\n".join(f"- {sentence(rng, lang)}" for _ in range(2)))
    if rng.random() < 0.1:
        label = "Lisätietoja" if lang == "fi" else "More information"
        parts.append(f"# {label}\n\n[{label}](https://www.example.fi/{lang}/ohje-{rng.randrange(1000)})")
    return "\n\n".join(parts) + "\n"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def text(fi: str, en: str) -> str:
    return f"{{fi: {q(fi)}, en: {q(en)}}}"


def block(indent: int, key: str, values: dict[str, str]) -> list[str]:
    """A per-language Markdown text as literal blocks under `key`."""
    pad = " " * indent
    lines = [f"{pad}{key}:"]
    for lang in LANGUAGES:
        lines.append(f"{pad}  {lang}: |")
        lines.extend(f"{pad}    {line}" if line else "" for line in values[lang].rstrip("\n").split("\n"))
    return lines


def condition(rng: random.Random, single: list[str], multiple: list[str]) -> str:
    """A satisfiable condition over the path's two questions."""
    kind = rng.randrange(4)
    if kind == 0:
        return f"{{question: situation, chosen: {rng.choice(single)}}}"
    if kind == 1:
        return f"{{question: extras, chosen: [{', '.join(rng.sample(multiple, 2))}]}}"
    if kind == 2:
        return (f"{{all: [{{question: situation, chosen: {rng.choice(single)}}}, "
                f"{{not: {{question: extras, chosen: {rng.choice(multiple)}}}}}]}}")
    return (f"{{any: [{{question: situation, chosen: {rng.choice(single)}}}, "
            f"{{question: extras, chosen: {rng.choice(multiple)}}}]}}")


def step_lines(rng: random.Random, phase: int, index: int, providers: list[int]) -> list[str]:
    single, multiple = ["first", "second", "third"], ["alpha", "beta", "gamma"]
    word = rng.randrange(len(FI_STEP_WORDS))
    obj = rng.randrange(len(FI_OBJECTS))
    lines = [
        f"      - id: step-{phase}-{index}",
        f"        title: {text(f'{FI_STEP_WORDS[word]} {FI_OBJECTS[obj]} ({phase}.{index})', f'{EN_STEP_WORDS[word]} {EN_OBJECTS[obj]} ({phase}.{index})')}",
    ]
    lines += block(8, "body", {lang: markdown_body(rng, lang) for lang in LANGUAGES})
    if index > 0 and rng.random() < 0.2:
        lines.append(f"        relation: {rng.choice(['and', 'or'])}")
    if rng.random() < 0.25:
        lines.append("        required: false")
    if rng.random() < 0.4:
        lines.append(f"        when: {condition(rng, single, multiple)}")
    lines.append(f"        topic: topic-{rng.randrange(3)}")
    lines.append(f"        provider: provider-{rng.choice(providers):03d}")
    lines.append("        documents:")
    for doc in rng.sample(range(len(FI_DOCS)), rng.randint(1, 2)):
        lines.append(f"          - title: {text(FI_DOCS[doc], EN_DOCS[doc])}")
        if rng.random() < 0.1:
            lines.append(f"            note: {text(sentence(rng, 'fi'), sentence(rng, 'en'))}")
    if rng.random() < 0.5:
        amount = rng.randrange(0, 400, 10)
        up_to = f", up_to: {amount + rng.randrange(10, 500, 10)}" if rng.random() < 0.4 else ""
        lines.append(f"        cost: {{amount: {amount}{up_to}}}")
    dates = rng.random()
    if dates < 0.3:
        lines.append("        dates:")
        lines.append(f"          - {{kind: deadline, yearly: \"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\"}}")
        lines.append(f"          - {{kind: decision, month: {rng.randint(1, 12)}}}")
    elif dates < 0.4:
        lines.append(f"        dates: [{{kind: starts, date: 2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}}}]")
    if rng.random() < 0.5:
        lines.append(f"        duration: {{value: {rng.randint(1, 12)}, unit: {rng.choice(['days', 'weeks', 'months'])}}}")
    lines.append("        links:")
    number = rng.randrange(10_000)
    lines.append(f"          - {{title: {text(f'Ohje {number}', f'Guide {number}')}, "
                 f"url: https://www.example.fi/ohjeet/{number}, kind: {rng.choice(['reading', 'form', 'e-service'])}}}")
    return lines


def path_id(index: int) -> str:
    subject = SUBJECTS[index % len(SUBJECTS)][0]
    action = ACTIONS[(index // len(SUBJECTS)) % len(ACTIONS)][1].split()[0].lower()
    return f"{subject}-{action}-{index:05d}"


def path_yaml(index: int, providers: int, seed: int = SEED) -> str:
    rng = random.Random(f"polku-corpus-{seed}-{index}")
    subject = SUBJECTS[index % len(SUBJECTS)]
    action = ACTIONS[(index // len(SUBJECTS)) % len(ACTIONS)]
    fi_title = f"{subject[1]} {action[0]} ({index})"
    en_title = f"{action[1]} {subject[2]} ({index})"
    month = rng.randint(1, 12)
    lines = [
        f"# Synthetic benchmark path {index}; generated by benchmarks/corpus.py.",
        f"id: {path_id(index)}",
        "languages: [fi, en]",
        f"title: {text(fi_title, en_title)}",
        f"summary: {text(paragraph(rng, 'fi', 2), paragraph(rng, 'en', 2))}",
        f"life_event: {rng.choice(LIFE_EVENTS)[0]}",
        f"audience: [{', '.join(a[0] for a in rng.sample(AUDIENCES, 2))}]",
        "owner:",
        f"  team: {text('Palvelupolkujen tiimi', 'Service path team')}",
        f"  email: polku-{index % 40}@example.fi",
        f"  phone: \"+358 9 310 {index % 100000:05d}\"",
        f"last_reviewed: 2026-{month:02d}-{rng.randint(1, 28):02d}",
        f"review_by: 2027-{month:02d}-{rng.randint(1, 28):02d}",
        "service_promise:",
        f"  handled_by: {text('Kaupungin neuvonta', 'The city advice service')}",
        f"  reply_within_working_days: {rng.randint(2, 10)}",
        f"  details: {text(paragraph(rng, 'fi', 2), paragraph(rng, 'en', 2))}",
    ]
    lines += block(0, "intro", {lang: paragraph(rng, lang, 2) + "\n\n" + paragraph(rng, lang, 1) for lang in LANGUAGES})
    lines += [
        "questions:",
        "  - id: situation",
        "    type: single",
        f"    label: {text('Mikä tilanteesi on?', 'What is your situation?')}",
        "    options:",
    ]
    for option, fi, en, fi_phrase, en_phrase in (
        ("first", "Aloitan alusta", "I am starting from scratch", "aloitat alusta", "you are starting from scratch"),
        ("second", "Jatkan aiempaa", "I am continuing a matter", "jatkat aiempaa", "you are continuing a matter"),
        ("third", "Siirrän asian toiselle", "I am handing it over", "siirrät asian toiselle", "you are handing it over"),
    ):
        lines.append(f"      - {{id: {option}, label: {text(fi, en)}, phrase: {text(fi_phrase, en_phrase)}}}")
    lines += [
        "  - id: extras",
        "    type: multiple",
        f"    label: {text('Mitä muuta tarvitset?', 'What else do you need?')}",
        f"    hint: {text('Valitse kaikki sopivat.', 'Choose all that apply.')}",
        "    options:",
    ]
    for option, fi, en in (("alpha", "Pysäköinti", "Parking"), ("beta", "Esteettömyys", "Accessibility"),
                           ("gamma", "Tulkkaus", "Interpreting")):
        lines.append(f"      - {{id: {option}, label: {text(fi, en)}}}")
    lines.append("topics:")
    for topic, fi, en in (("topic-0", "Luvat", "Permits"), ("topic-1", "Tilat", "Premises"), ("topic-2", "Talous", "Money")):
        lines.append(f"  - {{id: {topic}, title: {text(fi, en)}}}")
    lines.append("phases:")
    # Like the bundled paths, each path works with a handful of organisations.
    used = rng.sample(range(providers), min(providers, rng.randint(3, 8)))
    for phase in range(PHASES):
        lines += [
            f"  - id: phase-{phase}",
            f"    title: {text(f'Vaihe {phase + 1}', f'Phase {phase + 1}')}",
            f"    summary: {text(sentence(rng, 'fi'), sentence(rng, 'en'))}",
            "    steps:",
        ]
        for index_in_phase in range(STEPS_PER_PHASE):
            lines += step_lines(rng, phase, index_in_phase, used)
    lines.append("good_to_know:")
    for number in (1, 2):
        lines.append(f"  - {{title: {text(f'Hyvä tietää {number}', f'Good to know {number}')}, "
                     f"url: {{fi: https://www.example.fi/fi/{index}/{number}, en: https://www.example.fi/en/{index}/{number}}}}}")
    return "\n".join(lines) + "\n"


def provider_count(paths: int) -> int:
    """Providers grow with the corpus, as a larger portal has more organisations, but slowly."""
    return min(200, 10 + paths // 20)


def providers_yaml(count: int) -> str:
    lines = ["# Synthetic benchmark providers; generated by benchmarks/corpus.py.", "providers:"]
    for number in range(count):
        lines += [
            f"  - id: provider-{number:03d}",
            f"    name: {text(f'Palveluyksikkö {number}', f'Service unit {number}')}",
            f"    description: {text('Neuvomme ja käsittelemme hakemukset.', 'We advise and handle applications.')}",
            "    channels:",
            "      - type: visit",
            f"        address: {{street: Esimerkkikatu {number + 1}, postal_code: \"00{100 + number % 900:03d}\", city: {text('Helsinki', 'Helsinki')}}}",
            "        opening_hours:",
            "          - {days: mon-fri, opens: \"08:15\", closes: \"16:00\"}",
            "          - {days: sat, opens: \"10:00\", closes: \"14:00\"}",
            "        exceptions:",
            f"          - {{date: 2026-12-24, note: {text('Jouluaatto', 'Christmas Eve')}}}",
            "          - {date: 2026-12-31, opens: \"08:15\", closes: \"13:00\"}",
            f"        accessibility: {text('Esteetön sisäänkäynti.', 'Step-free entrance.')}",
            "        languages: [fi, sv, en]",
            "      - type: phone",
            f"        number: \"+358 9 310 {20000 + number:05d}\"",
            "        hours:",
            "          - {days: mon-thu, opens: \"09:00\", closes: \"15:00\"}",
            "      - type: email",
            f"        address: yksikko-{number}@example.fi",
            "      - type: e-service",
            f"        url: {{fi: https://asiointi.example.fi/fi/{number}, en: https://asiointi.example.fi/en/{number}}}",
            "        sign_in: true",
        ]
    return "\n".join(lines) + "\n"


def site_yaml() -> str:
    lines = [
        "# Synthetic benchmark site; generated by benchmarks/corpus.py.",
        f"name: {text('Vertailusivusto', 'Benchmark site')}",
        f"organisation: {text('Esimerkkikaupunki', 'Example City')}",
        "base_url: https://bench.example.fi/",
        "languages: [fi, en]",
        "life_events:",
    ]
    lines += [f"  - {{id: {id_}, title: {text(fi, en)}}}" for id_, fi, en in LIFE_EVENTS]
    lines.append("audiences:")
    lines += [f"  - {{id: {id_}, title: {text(fi, en)}}}" for id_, fi, en in AUDIENCES]
    lines += [
        "accessibility_contact: {email: saavutettavuus@example.fi}",
        "accessibility_statement:",
        "  status: fully",
        "  prepared: 2026-09-01",
        "  method: self-assessment",
        "  reply_within_days: 14",
        "  supervisory_authority:",
        f"    name: {text('Valvontavirasto (esimerkki)', 'Supervisory agency (example)')}",
        "    url: https://valvonta.example.fi/",
        "    email: valvonta@example.fi",
    ]
    return "\n".join(lines) + "\n"


def generate(paths: int, directory: Path, seed: int = SEED) -> None:
    """Write the corpus into `directory` (created if needed; existing .yaml files are replaced)."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.yaml"):
        old.unlink()
    providers = provider_count(paths)
    (directory / "site.yaml").write_text(site_yaml(), encoding="utf-8")
    (directory / "providers.yaml").write_text(providers_yaml(providers), encoding="utf-8")
    for index in range(paths):
        (directory / f"{path_id(index)}.yaml").write_text(path_yaml(index, providers, seed), encoding="utf-8")


def edit_one_path(directory: Path, words: str = "now") -> Path:
    """Change one sentence in the first step of the first path, as an editor would: only
    that path's page in one language changes (not its card on the index page)."""
    first = min(p for p in directory.glob("*.yaml") if p.name not in ("site.yaml", "providers.yaml"))
    text = first.read_text(encoding="utf-8")
    step = text.index("- id: step-0-0")
    sentence_end = text.index(".", text.index("en: |", step))
    first.write_text(text[:sentence_end] + f" {words}" + text[sentence_end:], encoding="utf-8")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=int, metavar="N", help="number of path files")
    parser.add_argument("directory", type=Path, metavar="DIR", help="content directory to write")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default: {SEED})")
    args = parser.parse_args(argv)
    if args.paths < 0:
        parser.error("N must be 0 or more")
    generate(args.paths, args.directory, args.seed)
    print(f"Wrote {args.paths} paths into {args.directory}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
