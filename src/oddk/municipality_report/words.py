"""Every word of the municipality report, in Danish and English."""

from __future__ import annotations

from oddk.lesson_words import number  # noqa: F401  (numbers the reader's way, used with the words)

WORDS = {
    "en": {
        "title": "Open data in {name}",
        "subtitle": "An introduction from Open Data DK: what {name} publishes, what similar "
                    "{kind_plural} publish, and where to start.",
        "kind_plural_municipality": "municipalities", "kind_plural_region": "regions",
        "practice": "Practice report on invented data. The catalogue behind this page is the "
                    "kit's synthetic snapshot: the datasets, dates and counts are made up and do "
                    "not describe what {name} really publishes. The population and the "
                    "municipality groups are real.",
        "source": "Catalogue: {source} · population: Statistics Denmark, FOLK1A, 1 January 2026 "
                  "· groups: Statistics Denmark, kommunegrupper",
        "as_of": "the catalogue as of {date}",
        "snapshot_of": "a snapshot of {portal}",
        "publishes": "What {name} publishes",
        "not_member": "{name} has no organisation on the portal yet: it publishes no open data "
                      "there. Below: what similar {kind_plural} publish, and three datasets to "
                      "start with.",
        "datasets": "datasets", "resources": "files", "open": "with an open licence",
        "stars": "open data stars (best file, average)", "stale": "overdue for an update",
        "judged": "of {n} with a fixed update frequency",
        "complete": "have what the portal and DCAT-AP-DK require", "broken": "files whose address cannot work",
        "formats": "Formats", "licences": "Licences", "none": "none",
        "col_title": "Dataset", "col_formats": "Formats", "col_licence": "Licence",
        "col_stars": "Stars", "col_updated": "Updated", "col_status": "Update",
        "col_metadata": "Metadata (required · recommended)",
        "on_time": "on time", "overdue": "{days} days overdue",
        "not_judged": "–", "no_licence": "no licence", "to_fix": "to fix: {fields}", "more": "… and {n} more datasets",
        "peers": "Compared with its peers", "per_10000": "Datasets per 10,000 residents",
        "chart_group": "{group}", "chart_region": "{region}", "chart_regions": "The five regions",
        "peers_text": "{name} has {value} datasets per 10,000 residents; the median of the "
                      "{n} others in {where} is {median}.",
        "gap": "What its peers publish that {name} does not",
        "gap_line": "{n} of {of} {peers} publish data on {kind}",
        "no_gap": "Its peers publish nothing that {name} does not.",
        "start": "Where to start: three first datasets",
        "start_geofa": "Publish data on {kind} in the common standard GeoFA, so that apps read it as "
                       "every other municipality's: the kit's lesson 04 · Standardise maps "
                       "your own columns, and 05 · Publish puts the file on the portal.",
        "start_other": "Publish data on {kind}: the kit's guideline Check my file says what to fix "
                       "first, and its lesson 05 · Publish puts the file and its description "
                       "on the portal.",
        "start_why": "({n} of {of} peers publish it)",
        "start_common": "(often published by others)",
        "peers_word_region": "regions",
        "kinds": "GeoFA", "municipality": "municipality", "region": "region",
        "snapshot": "the kit's synthetic snapshot of the Open Data DK catalogue",
        "requests": "What people have asked {name} for",
        "requests_examples": "(invented examples from the kit's register of data requests)",
        "request_line": "{date} · {asked_by}: {wants}, for {why}",
    },
    "da": {
        "title": "Åbne data i {name}",
        "subtitle": "En introduktion fra Open Data DK: hvad {name} udgiver, hvad lignende "
                    "{kind_plural} udgiver, og hvor I kan begynde.",
        "kind_plural_municipality": "kommuner", "kind_plural_region": "regioner",
        "practice": "Øverapport på opdigtede data. Kataloget bag denne side er kittets "
                    "syntetiske øjebliksbillede: datasæt, datoer og tal er opfundet og "
                    "beskriver ikke, hvad {name} faktisk udgiver. Indbyggertal og kommunegrupper "
                    "er rigtige.",
        "source": "Katalog: {source} · indbyggertal: Danmarks Statistik, FOLK1A, 1. januar 2026 "
                  "· grupper: Danmarks Statistik, kommunegrupper",
        "as_of": "kataloget pr. {date}",
        "snapshot_of": "et øjebliksbillede af {portal}",
        "publishes": "Det udgiver {name}",
        "not_member": "{name} har endnu ingen organisation på portalen og udgiver ingen åbne "
                      "data der. Herunder: hvad lignende {kind_plural} udgiver, og tre datasæt at "
                      "begynde med.",
        "datasets": "datasæt", "resources": "filer", "open": "med en åben licens",
        "stars": "stjerner for åbne data (bedste fil, gennemsnit)",
        "stale": "skulle have været opdateret", "judged": "af {n} med fast opdateringsfrekvens",
        "complete": "har det, portalen og DCAT-AP-DK kræver", "broken": "filer, hvis adresse ikke kan virke",
        "formats": "Formater", "licences": "Licenser", "none": "ingen",
        "col_title": "Datasæt", "col_formats": "Formater", "col_licence": "Licens",
        "col_stars": "Stjerner", "col_updated": "Opdateret", "col_status": "Opdatering",
        "col_metadata": "Metadata (påkrævet · anbefalet)",
        "on_time": "til tiden", "overdue": "{days} dage over tid",
        "not_judged": "–", "no_licence": "ingen licens", "to_fix": "ret: {fields}", "more": "… og {n} datasæt mere",
        "peers": "Sammenlignet med de andre", "per_10000": "Datasæt pr. 10.000 indbyggere",
        "chart_group": "{group}", "chart_region": "{region}", "chart_regions": "De fem regioner",
        "peers_text": "{name} har {value} datasæt pr. 10.000 indbyggere; medianen for de {n} "
                      "andre i {where} er {median}.",
        "gap": "Det udgiver de andre, men ikke {name}",
        "gap_line": "{n} af {of} {peers} udgiver data om {kind}",
        "no_gap": "De andre udgiver intet, som {name} ikke udgiver.",
        "start": "Hvor I kan begynde: tre første datasæt",
        "start_geofa": "Udgiv data om {kind} i den fælles standard GeoFA, så apps læser dem som alle "
                       "andre kommuners: kittets lektion 04 · Standardisér omsætter jeres egne "
                       "kolonner, og 05 · Udgiv lægger filen på portalen.",
        "start_other": "Udgiv data om {kind}: kittets vejledning Tjek min fil siger, hvad der skal "
                       "rettes først, og lektionen 05 · Udgiv lægger filen og beskrivelsen på "
                       "portalen.",
        "start_why": "({n} af {of} andre udgiver det)",
        "start_common": "(udgives ofte af andre)",
        "peers_word_region": "regioner",
        "kinds": "GeoFA", "municipality": "kommune", "region": "region",
        "snapshot": "kittets syntetiske øjebliksbillede af Open Data DK's katalog",
        "requests": "Det har folk bedt {name} om",
        "requests_examples": "(opdigtede eksempler fra kittets register over ønsker til data)",
        "request_line": "{date} · {asked_by}: {wants}, til {why}",
    },
}


# opendata.dk's form, field by field, in plain words
PORTAL_FIELDS = {
    "en": {"title": "title", "notes": "description", "owner_org": "publisher",
           "author": "contact", "author_email": "contact e-mail", "name": "address name",
           "update_frequency": "update frequency", "data_themes": "themes",
           "license_id": "licence", "resources": "files", "tags": "keywords"},
    "da": {"title": "titel", "notes": "beskrivelse", "owner_org": "udgiver",
           "author": "kontakt", "author_email": "kontakt-e-mail", "name": "adressenavn",
           "update_frequency": "opdateringsfrekvens", "data_themes": "temaer",
           "license_id": "licens", "resources": "filer", "tags": "nøgleord"},
}
