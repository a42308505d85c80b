"""The words of the readiness report: for every finding code its severity, and in Danish
and English a plain-words message and how to fix it.

Messages are `str.format` templates; the engine fills in `{column}`, `{count}`, `{rows}`,
`{examples}` and a few code-specific fields. The codes are stable: notebooks, tests and
the JSON output rely on them, so add codes, never rename them.

    >>> TEXTS["ragged-rows"]["severity"]
    'blocker'
"""

from __future__ import annotations

import numbers

BLOCKER, WARNING, INFO = "blocker", "warning", "info"

# code -> {"severity": default severity, "da": (message, fix), "en": (message, fix)}
TEXTS: dict[str, dict] = {
    # ------------------------------------------------------------------ structure
    "empty-file": {
        "severity": BLOCKER,
        "en": ("The file holds no data: {detail}.",
               "Export the data again from the source system and check that rows came with it."),
        "da": ("Filen indeholder ingen data: {detail}.",
               "Eksportér data igen fra kildesystemet, og tjek at rækkerne kom med."),
    },
    "not-tabular": {
        "severity": BLOCKER,
        "en": ("The file is not a table that can be published as data: {detail}.",
               "Find or export the data as CSV (UTF-8). An Excel workbook saved under a .csv "
               "name must be opened in Excel and saved as 'CSV UTF-8'."),
        "da": ("Filen er ikke en tabel, der kan udgives som data: {detail}.",
               "Find eller eksportér data som CSV (UTF-8). En Excel-projektmappe med .csv-navn "
               "skal åbnes i Excel og gemmes som 'CSV UTF-8'."),
    },
    "encoding-not-utf8": {
        "severity": BLOCKER,
        "en": ("The file is not UTF-8: it is {encoding}{where}. Other programs will show æ, ø "
               "and å wrongly.",
               "Save the file as UTF-8 (in Excel: 'CSV UTF-8'), or run `oddk export FILE --out "
               "NEW.csv`, which writes UTF-8."),
        "da": ("Filen er ikke UTF-8: den er {encoding}{where}. Andre programmer vil vise æ, ø "
               "og å forkert.",
               "Gem filen som UTF-8 (i Excel: 'CSV UTF-8'), eller kør `oddk export FIL --out "
               "NY.csv`, som skriver UTF-8."),
    },
    "ragged-rows": {
        "severity": BLOCKER,
        "en": ("{count} {count:row does|rows do} not have the header's {width} fields{where}. A program reading "
               "the file will put values in the wrong columns.",
               "Look at those lines: usually a separator inside a value that is not in quotes "
               "(\"Hansen, Jens\"), or a missing value at the end. Fix them at the source and "
               "export again."),
        "da": ("{count} {count:række|rækker} har ikke overskriftens {width} felter{where}. Et program, der "
               "læser filen, vil sætte værdier i de forkerte kolonner.",
               "Se på de linjer: oftest et skilletegn i en værdi uden anførselstegn "
               "(\"Hansen, Jens\") eller en manglende værdi til sidst. Ret i kilden og "
               "eksportér igen."),
    },
    "duplicate-column": {
        "severity": BLOCKER,
        "en": ("The column name '{column}' appears {count} times.",
               "Give every column its own name (e.g. '{column}_1', '{column}_2', or say what "
               "each holds)."),
        "da": ("Kolonnenavnet '{column}' forekommer {count} gange.",
               "Giv hver kolonne sit eget navn (fx '{column}_1', '{column}_2', eller sig hvad "
               "hver indeholder)."),
    },
    "empty-column-name": {
        "severity": WARNING,
        "en": ("Column {position} has no name.",
               "Give it a short name in lower case without spaces, e.g. 'antal'."),
        "da": ("Kolonne {position} har intet navn.",
               "Giv den et kort navn med små bogstaver uden mellemrum, fx 'antal'."),
    },
    "no-header": {
        "severity": WARNING,
        "en": ("The first row holds only numbers, so the file seems to have no column names.",
               "Add a first row with a name for each column."),
        "da": ("Første række indeholder kun tal, så filen ser ud til at mangle kolonnenavne.",
               "Tilføj en første række med et navn til hver kolonne."),
    },
    "rows-above-header": {
        "severity": WARNING,
        "en": ("There {count:is|are} {count} {count:line|lines} of title or notes above the "
               "column names ({count:it is|these are} on line {line}).",
               "Remove the title lines so the column names are on line 1; put the title in the "
               "dataset's description instead."),
        "da": ("Der er {count} {count:linje|linjer} med titel eller noter over kolonnenavnene "
               "({count:den står|de står} på "
               "linje {line}).",
               "Fjern titellinjerne, så kolonnenavnene står på linje 1; skriv titlen i "
               "datasættets beskrivelse i stedet."),
    },
    "several-sheets": {
        "severity": INFO,
        "en": ("The workbook has {count} sheets ({sheets}); this report is about '{sheet}'.",
               "Publish each table as its own CSV file. Check another sheet with "
               "--sheet NAME (sheet= in Python and in the notebook)."),
        "da": ("Projektmappen har {count} ark ({sheets}); denne rapport handler om '{sheet}'.",
               "Udgiv hver tabel som sin egen CSV-fil. Tjek et andet ark med "
               "--sheet NAVN (sheet= i Python og i notesbogen)."),
    },
    "wrong-extension": {
        "severity": WARNING,
        "en": ("'{file}' is named {suffix}, but it is {what}: programs that trust the name "
               "will not open it.",
               "Rename it to {right} before publishing."),
        "da": ("'{file}' hedder {suffix}, men er {what}: programmer, der stoler på navnet, kan "
               "ikke åbne den.",
               "Omdøb den til {right}, før den udgives."),
    },
    "not-open-format": {
        "severity": INFO,
        "en": ("{format} is machine-readable but tied to one program's format (2 stars).",
               "Publish a CSV (UTF-8) as well: `oddk export FILE --out NEW.csv` writes one."),
        "da": ("{format} kan læses af maskiner, men er bundet til ét programs format "
               "(2 stjerner).",
               "Udgiv også en CSV (UTF-8): `oddk export FIL --out NY.csv` skriver en."),
    },
    "crs-not-stated": {
        "severity": INFO,
        "en": ("Columns {columns} hold coordinates in {crs}, found from their values; the file "
               "does not say so.",
               "Say the coordinate system ({crs}) in the dataset's description, or in the column "
               "names (e.g. x_25832 and y_25832, or lon and lat for WGS84)."),
        "da": ("Kolonnerne {columns} indeholder koordinater i {crs}, fundet ud fra værdierne; "
               "filen siger det ikke selv.",
               "Angiv koordinatsystemet ({crs}) i datasættets beskrivelse eller i "
               "kolonnenavnene (fx x_25832 og y_25832, eller lon og lat for WGS84)."),
    },
    "web-mercator": {
        "severity": WARNING,
        "en": ("Columns {columns} are in Web Mercator (EPSG:3857), a projection for web maps, "
               "not for data.",
               "Publish coordinates in EPSG:25832 (ETRS89/UTM 32N) or WGS84 longitude/latitude "
               "(EPSG:4326); pyproj converts them."),
        "da": ("Kolonnerne {columns} er i Web Mercator (EPSG:3857), en projektion til webkort, "
               "ikke til data.",
               "Udgiv koordinater i EPSG:25832 (ETRS89/UTM 32N) eller WGS84 længde/bredde "
               "(EPSG:4326); pyproj omregner dem."),
    },
    # ------------------------------------------------------------------ content
    "mixed-types": {
        "severity": WARNING,
        "en": ("Column '{column}' mixes kinds of values: {detail}.",
               "Use one kind per column: numbers only (leave a cell empty when unknown, do not "
               "write 'ukendt' or 'n/a'), dates in one format (2024-05-01)."),
        "da": ("Kolonnen '{column}' har værdier af flere slags: {detail}.",
               "Brug én slags værdi pr. kolonne: kun tal (lad cellen være tom, når værdien er ukendt, "
               "skriv ikke 'ukendt' eller 'n/a'), datoer i ét format (2024-05-01)."),
    },
    "invalid-date": {
        "severity": BLOCKER,
        "en": ("Column '{column}' has {count} {count:value that is|values that are} not a real date{examples}.",
               "Correct the dates at the source (a 31 February is usually a typing error); write "
               "dates as YYYY-MM-DD."),
        "da": ("Kolonnen '{column}' har {count} {count:værdi|værdier}, der ikke er "
               "{count:en rigtig dato|rigtige datoer}{examples}.",
               "Ret datoerne i kilden (en 31. februar er oftest en tastefejl); skriv datoer som "
               "ÅÅÅÅ-MM-DD."),
    },
    "number-format": {
        "severity": WARNING,
        "en": ("Column '{column}' writes numbers the Danish way ({detail}); many programs read "
               "'1.234' as one point two three four.",
               "Publish numbers without thousands separators and with a decimal point "
               "(1234.5), or say the notation in the description."),
        "da": ("Kolonnen '{column}' skriver tal på dansk ({detail}); mange programmer læser "
               "'1.234' som en komma to tre fire.",
               "Udgiv tal uden tusindtalsseparator og med decimalpunktum (1234.5), eller angiv "
               "skrivemåden i beskrivelsen."),
    },
    "duplicate-rows": {
        "severity": WARNING,
        "en": ("{count} {count:row repeats|rows repeat} an earlier row exactly.",
               "Remove the copies (pandas: df.drop_duplicates()), or add the column that tells "
               "them apart."),
        "da": ("{count} {count:række gentager|rækker gentager} en tidligere række helt.",
               "Fjern kopierne (pandas: df.drop_duplicates()), eller tilføj kolonnen, der "
               "skelner dem."),
    },
    "duplicate-ids": {
        "severity": WARNING,
        "en": ("Column '{column}' looks like an identifier, but {count} {count:value repeats|values repeat} an "
               "earlier one.",
               "Make every id unique: users join tables on it."),
        "da": ("Kolonnen '{column}' ligner en nøgle (id), men {count} {count:værdi|værdier} gentager en "
               "tidligere.",
               "Gør hvert id unikt: brugerne kobler tabeller på det."),
    },
    "missing-values": {
        "severity": INFO,
        "en": ("{ncolumns} {ncolumns:column has|columns have} empty cells ({count} in all): {columns}.",
               "Fine if the value is truly unknown; say in the description what an empty cell "
               "means. Fill in the values you have."),
        "da": ("{ncolumns} {ncolumns:kolonne|kolonner} har tomme celler ({count} i alt): {columns}.",
               "Det er i orden, hvis værdien er ukendt; skriv i beskrivelsen, hvad en tom celle "
               "betyder. Udfyld de værdier, I har."),
    },
    "municipality-list-incomplete": {
        "severity": WARNING,
        "en": ("Column '{column}' lists {named} of Denmark's 98 municipalities; {count} are "
               "missing: {missing}.",
               "Add the missing municipalities (with an empty value if there is nothing to "
               "say), or say in the description why they are not there."),
        "da": ("Kolonnen '{column}' nævner {named} af Danmarks 98 kommuner; {count} mangler: "
               "{missing}.",
               "Tilføj de manglende kommuner (med en tom værdi, hvis der intet er at sige), "
               "eller skriv i beskrivelsen, hvorfor de ikke er med."),
    },
    "municipality-old-name": {
        "severity": WARNING,
        "en": ("Column '{column}' writes {count} municipality {count:name|names} in an old or another "
               "spelling: {examples}.",
               "Write today's names (in brackets above), as Statistics Denmark does, so the "
               "file joins other data; or add a column with the municipality code."),
        "da": ("Kolonnen '{column}' skriver {count} {count:kommunenavn|kommunenavne} med en gammel eller anden "
               "stavemåde: {examples}.",
               "Skriv nutidens navne (i parentes ovenfor), som Danmarks Statistik gør, så filen "
               "kan kobles med andre data; eller tilføj en kolonne med kommunekoden."),
    },
    "invalid-municipality-code": {
        "severity": BLOCKER,
        "en": ("Column '{column}' has {count} {count:value that is|values that are} not one of the 98 municipality "
               "codes: {examples}.{detail}",
               "Use the codes from Danmarks Statistik / DAGI (101 København … 860 Hjørring); "
               "oddk.reference.find_municipality() looks a name or code up."),
        "da": ("Kolonnen '{column}' har {count} {count:værdi|værdier}, der ikke er en af de 98 "
               "kommunekoder: {examples}.{detail}",
               "Brug koderne fra Danmarks Statistik / DAGI (101 København … 860 Hjørring); "
               "oddk.reference.find_municipality() slår et navn eller en kode op."),
    },
    "invalid-postcode": {
        "severity": BLOCKER,
        "en": ("Column '{column}' has {count} {count:value that is|values that are} not "
               "{count:a Danish postcode|Danish postcodes} "
               "({allowed}): {examples}.",
               "Correct them at the source; leave a cell empty when the postcode is unknown "
               "(do not write 0)."),
        "da": ("Kolonnen '{column}' har {count} {count:værdi|værdier}, der ikke er "
               "{count:et dansk postnummer|danske postnumre} "
               "({allowed}): {examples}.",
               "Ret dem i kilden; lad cellen være tom, når postnummeret er ukendt (skriv ikke "
               "0)."),
    },
    "invalid-code": {
        "severity": BLOCKER,
        "en": ("Column '{column}' has {count} {count:value that is|values that are} not in its code list "
               "({allowed}): {examples}.",
               "Use the codes of the list (GeoFA's code lists are in datasets/facilities/"
               "geofa-koder.csv); leave a cell empty when the value is unknown."),
        "da": ("Kolonnen '{column}' har {count} {count:værdi|værdier}, der ikke står i dens kodeliste "
               "({allowed}): {examples}.",
               "Brug kodelistens koder (GeoFA's kodelister står i datasets/facilities/"
               "geofa-koder.csv); lad cellen være tom, når værdien er ukendt."),
    },
    "coordinates-missing": {
        "severity": WARNING,
        "en": ("{count} {count:row gives|rows give} no place in columns {columns}: {examples} "
               "((0, 0) and -999 stand for none; a word is no coordinate). On a map "
               "{count:it stands|they stand} nowhere, or in the sea off Africa.",
               "Leave both cells empty where the place is unknown, or fill in the "
               "coordinates."),
        "da": ("{count} {count:række giver|rækker giver} intet sted i kolonnerne {columns}: "
               "{examples} ((0, 0) og -999 står for intet; et ord er ingen koordinat). På et "
               "kort står {count:den|de} ingen steder, eller i havet ud for Afrika.",
               "Lad begge celler være tomme, hvor stedet er ukendt, eller udfyld "
               "koordinaterne."),
    },
    "coordinates-outside-denmark": {
        "severity": WARNING,
        "en": ("{count} {count:point|points} in columns {columns} {count:is|are} not in "
               "Denmark{detail}.",
               "Check the coordinate system and the column order (x = easting/longitude, "
               "y = northing/latitude); fix or remove the points."),
        "da": ("{count} {count:punkt|punkter} i kolonnerne {columns} ligger ikke i Danmark{detail}.",
               "Tjek koordinatsystemet og kolonnernes rækkefølge (x = øst/længde, "
               "y = nord/bredde); ret eller fjern punkterne."),
    },
    # ------------------------------------------------------------------ personal data
    "personal-data-cpr": {
        "severity": BLOCKER,
        "en": ("{where} holds {count} CPR {count:number|numbers} (personal identity numbers), shown masked: "
               "{examples}.",
               "Never publish CPR numbers. Drop the column (or the text that holds them), or "
               "publish counts instead of persons (aggregate, and suppress counts under 5 with "
               "oddk.check.suppress_small_counts)."),
        "da": ("{where} indeholder {count} {count:CPR-nummer|CPR-numre}, vist maskeret: {examples}.",
               "Udgiv aldrig CPR-numre. Fjern kolonnen (eller teksten, der indeholder dem), "
               "eller udgiv antal i stedet for personer (aggregér, og undertryk antal under 5 "
               "med oddk.check.suppress_small_counts)."),
    },
    "personal-data-email": {
        "severity": BLOCKER,
        "en": ("{where} holds {count} e-mail {count:address|addresses} of persons ({distinct} different), "
               "shown masked: {examples}.",
               "A person's e-mail address is personal data: drop the column. A shared mailbox "
               "of the organisation (e.g. teknik@kommune.dk) may stay."),
        "da": ("{where} indeholder {count} {count:e-mailadresse|e-mailadresser} på personer ({distinct} "
               "forskellige), vist maskeret: {examples}.",
               "En persons e-mailadresse er en personoplysning: fjern kolonnen. En fælles "
               "postkasse i organisationen (fx teknik@kommune.dk) må blive."),
    },
    "personal-data-phone": {
        "severity": BLOCKER,
        "en": ("{where} holds {count} phone {count:number|numbers} of persons ({distinct} different), "
               "shown masked: {examples}.",
               "A person's phone number is personal data: drop the column. The organisation's "
               "own number (a switchboard, a service's number) may stay."),
        "da": ("{where} indeholder {count} {count:telefonnummer|telefonnumre} på personer ({distinct} "
               "forskellige), vist maskeret: {examples}.",
               "En persons telefonnummer er en personoplysning: fjern kolonnen. "
               "Organisationens eget nummer (hovednummer, en services nummer) må blive."),
    },
    "personal-data-user-id": {
        "severity": BLOCKER,
        "en": ("{where} holds staff user ids ({count} {count:value|values}, shown masked: {examples}).",
               "User ids point to employees: drop the column before publishing (GIS exports "
               "often carry them in oprettet_af and rettet_af)."),
        "da": ("{where} indeholder medarbejderes bruger-id'er ({count} {count:værdi|værdier}, vist "
               "maskeret: {examples}).",
               "Bruger-id'er peger på medarbejdere: fjern kolonnen før udgivelse (GIS-udtræk "
               "har dem ofte i oprettet_af og rettet_af)."),
    },
    "personal-data-name": {
        "severity": BLOCKER,
        "en": ("{where} holds names of persons ({count} {count:value|values}, shown masked: {examples}).",
               "Names of citizens or staff must not be published: drop the column, or "
               "aggregate to counts. Names of places, facilities and organisations are fine."),
        "da": ("{where} indeholder navne på personer ({count} {count:værdi|værdier}, vist maskeret: "
               "{examples}).",
               "Navne på borgere eller medarbejdere må ikke udgives: fjern kolonnen, eller "
               "aggregér til antal. Navne på steder, faciliteter og organisationer er i orden."),
    },
    "contact-point": {
        "severity": INFO,
        "en": ("{where} holds an organisation's {what} ({count} {count:value|values}, {distinct} "
               "different), not a person's: {examples}.",
               "Fine to publish when it is the organisation's own contact. If a person answers "
               "it, use the organisation's switchboard or shared mailbox instead."),
        "da": ("{where} indeholder en organisations {what} ({count} {count:værdi|værdier}, {distinct} "
               "forskellige), ikke en persons: {examples}.",
               "I orden at udgive, når det er organisationens egen kontakt. Svarer en person "
               "på den, så brug organisationens hovednummer eller fælles postkasse i stedet."),
    },
    "formula-injection": {
        "severity": BLOCKER,
        "en": ("Column '{column}' has {count} {count:cell|cells} that a spreadsheet would run as a formula "
               "(starting with = + - @, a tab or a line break){examples}.",
               "Remove the formulas at the source, or export with `oddk export FILE --out "
               "NEW.csv`, which puts a ' in front of such cells so they show as text."),
        "da": ("Kolonnen '{column}' har {count} {count:celle|celler}, som et regneark ville køre som en "
               "formel (begynder med = + - @, tabulator eller linjeskift){examples}.",
               "Fjern formlerne i kilden, eller eksportér med `oddk export FIL --out NY.csv`, "
               "som sætter ' foran sådanne celler, så de vises som tekst."),
    },
    "formula-in-header": {
        "severity": BLOCKER,
        "en": ("{count} column {count:name|names} would run as a spreadsheet formula (starting with = + - @, "
               "a tab or a line break): {examples}.",
               "Give the columns plain names at the source, or export with `oddk export FILE "
               "--out NEW.csv`, which puts a ' in front of such names so they show as text."),
        "da": ("{count} {count:kolonnenavn|kolonnenavne} ville blive kørt som en formel i et regneark (begynder "
               "med = + - @, tabulator eller linjeskift): {examples}.",
               "Giv kolonnerne almindelige navne i kilden, eller eksportér med `oddk export FIL "
               "--out NY.csv`, som sætter ' foran sådanne navne, så de vises som tekst."),
    },
    # ------------------------------------------------------------------ standard, metadata
    "schema-optional-columns": {
        "severity": WARNING,
        "en": ("The file lacks optional columns of the standard '{standard}': {columns}.",
               "Add them as empty columns, so that the file has the standard's form; notebook "
               "04 writes a file in it."),
        "da": ("Filen mangler valgfrie kolonner fra standarden '{standard}': {columns}.",
               "Tilføj dem som tomme kolonner, så filen har standardens form; notesbog 04 "
               "skriver en fil i den."),
    },
    "schema-violation": {
        "severity": BLOCKER,
        "en": ("The file breaks the standard '{standard}'{where}: {detail}.",
               "Correct the values (the standard's code lists and limits are in its schema), "
               "then check again."),
        "da": ("Filen bryder standarden '{standard}'{where}: {detail}.",
               "Ret værdierne (standardens kodelister og grænser står i dens skema), og tjek "
               "igen."),
    },
    "no-licence": {
        "severity": BLOCKER,
        "en": ("The metadata gives no licence{detail}. Without one, nobody may reuse the data.",
               "Choose an open licence, usually CC0 (what opendata.dk uses by default) or "
               "CC BY 4.0, and set it on every file of the dataset."),
        "da": ("Metadata angiver ingen licens{detail}. Uden licens må ingen genbruge data.",
               "Vælg en åben licens, oftest CC0 (opendata.dk's standard) eller CC BY 4.0, og "
               "angiv den på hver af datasættets filer."),
    },
    "metadata-missing": {
        "severity": BLOCKER,
        "en": ("The metadata lacks what DCAT-AP-DK requires: {fields}.",
               "Fill those in before publishing (the lesson 05 · Publish shows how)."),
        "da": ("Metadata mangler det, DCAT-AP-DK kræver: {fields}.",
               "Udfyld dem før udgivelse (lektionen 05 · Udgiv viser hvordan)."),
    },
    "metadata-recommended": {
        "severity": INFO,
        "en": ("DCAT-AP-DK also recommends fields the metadata lacks: {fields}.",
               "Fill them in: they help users find and trust the data."),
        "da": ("DCAT-AP-DK anbefaler også felter, som metadata mangler: {fields}.",
               "Udfyld dem: de hjælper brugerne med at finde og stole på data."),
    },
    "no-metadata": {
        "severity": INFO,
        "en": ("No metadata was given, so the licence and the description were not checked.",
               "Check again with the dataset's metadata (--metadata FILE; metadata= in Python, "
               "metadata_path in the notebook)."),
        "da": ("Der blev ikke givet metadata, så licens og beskrivelse blev ikke tjekket.",
               "Tjek igen med datasættets metadata (--metadata FIL; metadata= i Python, "
               "metadata_path i notesbogen)."),
    },
}

# How to fix, for pages that people who do not program read (a shared report, the app): the
# fixes above that name a command, a function or a kit's folder, in plain words instead.
PAGE_FIXES: dict[str, dict[str, str]] = {
    "encoding-not-utf8": {
        "en": "Save the file as UTF-8 (in Excel: Save As, then 'CSV UTF-8') and publish that "
              "copy.",
        "da": "Gem filen som UTF-8 (i Excel: Gem som, så 'CSV UTF-8'), og udgiv den kopi."},
    "not-open-format": {
        "en": "Publish a CSV (UTF-8) as well: in Excel, save the sheet as 'CSV UTF-8'.",
        "da": "Udgiv også en CSV (UTF-8): gem arket i Excel som 'CSV UTF-8'."},
    "several-sheets": {
        "en": "Publish each table as its own CSV file, and check each of them.",
        "da": "Udgiv hver tabel som sin egen CSV-fil, og tjek hver af dem."},
    "duplicate-rows": {
        "en": "Remove the copies (in Excel: Data, then Remove Duplicates), or add the column "
              "that tells them apart.",
        "da": "Fjern kopierne (i Excel: Data, så Fjern dubletter), eller tilføj kolonnen, der "
              "skelner dem."},
    "invalid-municipality-code": {
        "en": "Use the 98 codes of Statistics Denmark (101 København … 860 Hjørring); the "
              "reference list is on Statistics Denmark's and Dataforsyningen's sites.",
        "da": "Brug Danmarks Statistiks 98 koder (101 København … 860 Hjørring); listen findes "
              "på Danmarks Statistiks og Dataforsyningens sider."},
    "invalid-code": {
        "en": "Use the codes the list allows (named above); leave a cell empty when the value "
              "is unknown.",
        "da": "Brug de koder, listen tillader (nævnt ovenfor); lad cellen være tom, når værdien "
              "er ukendt."},
    "personal-data-cpr": {
        "en": "Never publish CPR numbers. Drop the column (or the text that holds them), or "
              "publish counts instead of persons (and hide counts under 5).",
        "da": "Udgiv aldrig CPR-numre. Fjern kolonnen (eller teksten, der indeholder dem), "
              "eller udgiv antal i stedet for personer (og skjul antal under 5)."},
    "formula-injection": {
        "en": "Remove the formulas at the source, or put a ' in front of such cells, so that "
              "a spreadsheet shows them as text.",
        "da": "Fjern formlerne i kilden, eller sæt ' foran sådanne celler, så et regneark "
              "viser dem som tekst."},
    "formula-in-header": {
        "en": "Give the columns plain names at the source (names that begin with a letter or "
              "a digit).",
        "da": "Giv kolonnerne almindelige navne i kilden (navne, der begynder med et bogstav "
              "eller et tal)."},
    "no-metadata": {
        "en": "Check the file again together with its description (title, licence, contact).",
        "da": "Tjek filen igen sammen med dens beskrivelse (titel, licens, kontakt)."},
}

# How to fix, on the app "Check my file": what they can do on the page (where the page has a
# way); the other codes take PAGE_FIXES, or the fix above.
APP_FIXES: dict[str, dict[str, str]] = {
    "encoding-not-utf8": {
        "en": "Download the fixed CSV on this page: it is UTF-8. Or save the file as UTF-8 "
              "yourself (in Excel: 'CSV UTF-8').",
        "da": "Hent den rettede CSV på denne side: den er UTF-8. Eller gem selv filen som UTF-8 "
              "(i Excel: 'CSV UTF-8')."},
    "not-open-format": {
        "en": "Publish a CSV (UTF-8) as well: the fixed CSV on this page is one.",
        "da": "Udgiv også en CSV (UTF-8): den rettede CSV på denne side er en."},
    "formula-injection": {
        "en": "Remove the formulas at the source, or download the fixed CSV on this page: it "
              "puts a ' in front of such cells, so they show as text.",
        "da": "Fjern formlerne i kilden, eller hent den rettede CSV på denne side: den sætter ' "
              "foran sådanne celler, så de vises som tekst."},
    "formula-in-header": {
        "en": "Give the columns plain names at the source, or download the fixed CSV on this "
              "page: it puts a ' in front of such names, so they show as text.",
        "da": "Giv kolonnerne almindelige navne i kilden, eller hent den rettede CSV på denne "
              "side: den sætter ' foran sådanne navne, så de vises som tekst."},
    "no-metadata": {
        "en": "Describe the data in the form below (title, description, contact, licence) and "
              "check again with it; then download the description with the file.",
        "da": "Beskriv data i formularen nedenfor (titel, beskrivelse, kontakt, licens), og tjek "
              "igen med den; hent så beskrivelsen sammen med filen."},
    "metadata-missing": {
        "en": "Fill in those fields in the form below and check again.",
        "da": "Udfyld de felter i formularen nedenfor, og tjek igen."},
    "metadata-recommended": {
        "en": "The form below has a field for some of them; the rest can be added on the "
              "portal when you publish.",
        "da": "Formularen nedenfor har felter til nogle af dem; resten kan tilføjes på portalen, "
              "når du udgiver."},
    "no-licence": {
        "en": "Choose a licence in the form below: CC0 or CC BY 4.0 make the data open.",
        "da": "Vælg en licens i formularen nedenfor: CC0 eller CC BY 4.0 gør data åbne."},
}

# The DCAT-AP-DK properties a metadata finding names, in plain words (the JSON report keeps
# the property names in `metadata`).
PROPERTY_WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "a title", "da": "en titel"},
    "description": {"en": "a description", "da": "en beskrivelse"},
    "publisher": {"en": "the publisher", "da": "udgiveren"},
    "distribution.accessURL": {"en": "where the file is (a link or an upload)",
                               "da": "hvor filen er (et link eller en upload)"},
    "identifier": {"en": "a short name for the address", "da": "et kort navn til adressen"},
    "contactPoint": {"en": "a contact e-mail", "da": "en kontakt-e-mail"},
    "theme": {"en": "themes", "da": "temaer"},
    "keyword": {"en": "keywords", "da": "nøgleord"},
    "accrualPeriodicity": {"en": "how often it is updated", "da": "hvor tit den opdateres"},
    "temporal": {"en": "the time period", "da": "tidsperioden"},
    "landingPage": {"en": "a web page about the data", "da": "en webside om data"},
    "language": {"en": "the language", "da": "sproget"},
    "spatial": {"en": "the area", "da": "det geografiske område"},
    "conformsTo": {"en": "the standard it follows", "da": "den standard, data følger"},
    "distribution.format": {"en": "each file's format", "da": "hver fils format"},
    "distribution.license": {"en": "each file's licence", "da": "hver fils licens"},
    "distribution.description": {"en": "a description of each file",
                                 "da": "en beskrivelse af hver fil"},
}

# What comes after the check, on the app's page.
NEXT_STEPS = {
    "en": ("What next", "When nothing is left to fix: describe the data in the form above, "
           "download the file and its description, and publish both on Open Data DK's portal, "
           "opendata.dk. Practise first on the kit's practice portal{portal}. The kit's lesson "
           "'05 · Publish' shows each step."),
    "da": ("Hvad nu", "Når der ikke er mere at rette: beskriv data i formularen ovenfor, hent "
           "filen og beskrivelsen, og udgiv dem på Open Data DK's portal, opendata.dk. Øv dig "
           "først på kittets øveportal{portal}. Kittets lektion '05 · Udgiv' viser hvert trin."),
}

# The parts of a message that depend on what was found, in both languages: filled in by
# the rules and put into a message's {detail}, {where} or {examples}.
DETAILS: dict[str, dict[str, str]] = {
    "no-rows": {"en": "column names but no rows", "da": "kun kolonnenavne, ingen rækker"},
    "no-text": {"en": "'{file}' is empty ({size} bytes, no text)",
                "da": "'{file}' er tom ({size} byte, ingen tekst)"},
    "no-columns": {"en": "neither rows nor columns (no features, no records)",
                   "da": "hverken rækker eller kolonner (ingen objekter, ingen poster)"},
    "is-csv": {"en": "a text file (CSV)", "da": "en tekstfil (CSV)"},
    "is-tsv": {"en": "a text file (tab-separated)", "da": "en tekstfil (tabulatorsepareret)"},
    "is-json": {"en": "JSON", "da": "JSON"},
    "is-geojson": {"en": "GeoJSON", "da": "GeoJSON"},
    "is-xlsx": {"en": "a workbook of today's Excel (XLSX), not the older .xls",
                "da": "en projektmappe fra nutidens Excel (XLSX), ikke den ældre .xls"},
    "disguised-workbook": {
        "en": "'{file}' is an Excel workbook (XLSX) with a {suffix} name",
        "da": "'{file}' er en Excel-projektmappe (XLSX) med et {suffix}-navn"},
    "cover-sheet": {
        "en": "the first sheet '{sheet}' has one column only (a cover page?); the data is "
              "probably in the sheet '{next}': check that sheet",
        "da": "det første ark '{sheet}' har kun én kolonne (en forside?); data står nok i "
              "arket '{next}': tjek det ark"},
    "on-lines": {"en": " (line {lines})", "da": " (linje {lines})"},
    "for-example": {"en": " (e.g. '{example}')", "da": " (fx '{example}')"},
    "ragged-rows-column": {"en": "(ragged rows)", "da": "(ujævne rækker)"},
    "utf8-stray-bytes": {"en": "UTF-8 with bytes that are not UTF-8",
                         "da": "UTF-8 med bytes, der ikke er UTF-8"},
    "date-formats": {"en": "dates in {n} formats: {formats}",
                     "da": "datoer i {n} formater: {formats}"},
    "dates-and-text": {
        "en": "dates and {texts} {texts:value that is no date|values that are no dates} ({examples})",
        "da": "datoer og {texts} {texts:værdi, som ikke er en dato|værdier, som ikke er datoer} "
              "({examples})"},
    "numbers-and-text": {"en": "{numbers} numbers and {texts} text ({examples})",
                         "da": "{numbers} tal og {texts} tekst ({examples})"},
    "decimal-marks": {"en": "decimal comma ({comma}) and decimal point ({point})",
                      "da": "decimalkomma ({comma}) og decimalpunktum ({point})"},
    "thousands": {"en": "'.' as thousands separator", "da": "'.' som tusindtalsseparator"},
    "thousands-and-comma": {"en": "'.' as thousands separator, ',' as decimal mark",
                            "da": "'.' som tusindtalsseparator, ',' som decimaltegn"},
    "region-codes": {"en": " {codes} are region codes.", "da": " {codes} er regionskoder."},
    "christianso": {"en": " 411 is Christiansø, which belongs to no municipality.",
                    "da": " 411 er Christiansø, der ikke hører til en kommune."},
    "outside-any-system": {"en": " in EPSG:25832, WGS84 or EPSG:3857",
                           "da": " i EPSG:25832, WGS84 eller EPSG:3857"},
    "columns-swapped": {
        "en": ": the columns look swapped ({crs} with x and y exchanged)",
        "da": ": kolonnerne ser ombyttede ud ({crs} med x og y byttet om)"},
    "columns-missing": {"en": "columns missing: {columns}", "da": "kolonner mangler: {columns}"},
    "in-column": {"en": " in column '{column}'", "da": " i kolonnen '{column}'"},
    "schema-values": {"en": "{count} {count:value|values} {rule}{examples}",
                      "da": "{count} {count:værdi|værdier} {rule}{examples}"},
    "schema-required": {"en": "empty but required", "da": "tom, men påkrævet"},
    "schema-type": {"en": "not {type}", "da": "ikke {type}"},
    "schema-enum": {"en": "not in the code list", "da": "ikke i kodelisten"},
    "schema-minimum": {"en": "below {limit}", "da": "under {limit}"},
    "schema-maximum": {"en": "above {limit}", "da": "over {limit}"},
    "schema-pattern": {"en": "does not match the pattern", "da": "passer ikke til mønstret"},
    "schema-minLength": {"en": "too short", "da": "for kort"},
    "schema-maxLength": {"en": "too long", "da": "for lang"},
    "schema-unique": {"en": "repeated but must be unique", "da": "gentaget, men skal være unik"},
    "for-resource": {"en": " for resource {names}", "da": " for ressourcen {names}"},
    "metadata-summary": {
        "en": "mandatory {present}/{total}, recommended {rec_present}/{rec_total}",
        "da": "påkrævet {present}/{total}, anbefalet {rec_present}/{rec_total}"},
    "and": {"en": " and ", "da": " og "},
    "where-column": {"en": "Column '{column}'", "da": "Kolonnen '{column}'"},
    "where-sheet": {"en": "Column '{column}' on the sheet '{sheet}'",
                    "da": "Kolonnen '{column}' på arket '{sheet}'"},
    "where-header": {"en": "A column name", "da": "Et kolonnenavn"},
    "where-file-name": {"en": "The file's name", "da": "Filens navn"},
    "where-sheet-name": {"en": "A sheet's name", "da": "Et arks navn"},
    "where-title": {"en": "A line above the column names", "da": "En linje over kolonnenavnene"},
    "where-sheet-title": {"en": "A line above the column names on the sheet '{sheet}'",
                          "da": "En linje over kolonnenavnene på arket '{sheet}'"},
    "where-sheet-header": {"en": "A column name on the sheet '{sheet}'",
                           "da": "Et kolonnenavn på arket '{sheet}'"},
    "what-phone": {"en": "phone number", "da": "telefonnummer"},
    "what-email": {"en": "mailbox", "da": "postkasse"},
}

# Why the file has the stars it has (oddk.check.stars.star_level).
STAR_REASONS = {
    "no_licence": {"en": "No open licence: 0 stars until the data has one.",
                   "da": "Ingen åben licens: 0 stjerner, indtil data får en."},
    "unchecked": {"en": "Licence not checked (no metadata); counted as open.",
                  "da": "Licensen er ikke tjekket (ingen metadata); regnet som åben."},
    1: {"en": "1 star: on the web, but not a table a machine can read.",
        "da": "1 stjerne: på nettet, men ikke en tabel, en maskine kan læse."},
    2: {"en": "2 stars: machine-readable, but {fmt} is tied to one program; a CSV gives 3.",
        "da": "2 stjerner: maskinlæsbar, men {fmt} er bundet til ét program; en CSV giver 3."},
    3: {"en": "3 stars: an open format ({fmt}).", "da": "3 stjerner: et åbent format ({fmt})."},
    4: {"en": "4 stars: follows a standard named by a URI (conformsTo).",
        "da": "4 stjerner: følger en standard, der er navngivet med en URI (conformsTo)."},
    "five": {"en": "5 stars needs links to other data (linked data), not checked here.",
             "da": "5 stjerner kræver links til andre data (linked data); det tjekkes ikke her."},
}

CODES = tuple(TEXTS)

VERDICTS = {
    "ready": {"en": "Ready to publish", "da": "Klar til udgivelse"},
    "improve": {"en": "Can be published, but improve it first",
                "da": "Kan udgives, men forbedr den først"},
    "fix": {"en": "Not ready: fix the blockers first",
            "da": "Ikke klar: ret først det, der forhindrer udgivelse"},
}

WORDS = {
    "en": {
        "good": "What is good", "fix": "What to fix", "improve": "What to improve",
        "info": "Worth knowing", "how": "How to fix", "where": "Where", "rows": "rows",
        "column": "column", "file": "File", "format": "Format", "encoding": "Encoding",
        "table": "Table", "sheets": "Sheets", "crs": "Coordinates", "stars": "Open data stars",
        "metadata": "Metadata (DCAT-AP-DK)", "verdict": "Verdict", "none": "nothing",
        "report": "Readiness report", "and_more": "and {n} more", "lines": "lines",
        "separator": "Separator", "standard": "Standard",
        "rule_blocker": "These block publishing: personal data (CPR numbers, staff user ids, "
                        "persons' e-mail addresses, phone numbers and names), values that cannot "
                        "be true (a date that does not exist, a code that is not in its list), "
                        "a text file that is not UTF-8 (æ, ø and å show wrongly), and a file "
                        "that programs cannot read as a table.",
        "rule_warning": "These do not block publishing, but make the data harder to use: fix "
                        "them when you can.",
        "rule_info": "These need no fix: say them in the dataset's description.",
        "summary": "{verdict} · {stars} of 5 stars · {fix} to fix, {improve} to improve",
        "severity": "kind", "finding": "finding", "first_rows": "first rows",
        "blocker": "to fix", "warning": "to improve",
        "no_blocker": "Nothing to mend: nothing blocks publishing.",
        "decide": "Nothing the kit can mend by itself: {n} of the findings to fix need your "
                  "decision (the report above says how).",
        "copy": "Wrote {copy} and {excel} (UTF-8; {cells} formula cells made harmless).",
        "copy_checks": "The mended copy: {verdict}",
        "replacing": "Replacing this notebook's earlier report {name}",
        "saved": "Report: {html}\nJSON:   {json}",
    },
    "da": {
        "good": "Det er godt", "fix": "Det skal rettes", "improve": "Det kan forbedres",
        "info": "Værd at vide", "how": "Sådan retter du", "where": "Hvor", "rows": "rækker",
        "column": "kolonne", "file": "Fil", "format": "Format", "encoding": "Tegnsæt",
        "table": "Tabel", "sheets": "Ark", "crs": "Koordinater", "stars": "Stjerner for åbne data",
        "metadata": "Metadata (DCAT-AP-DK)", "verdict": "Vurdering", "none": "intet",
        "report": "Parathedsrapport", "and_more": "og {n} flere", "lines": "linjer",
        "separator": "Skilletegn", "standard": "Standard",
        "rule_blocker": "Disse forhindrer udgivelse: personoplysninger (CPR-numre, "
                        "medarbejderes bruger-id'er, personers e-mailadresser, telefonnumre og "
                        "navne), værdier, der ikke kan være sande (en dato, der ikke findes, en "
                        "kode, der ikke står i sin liste), en tekstfil, der ikke er UTF-8 (æ, "
                        "ø og å vises forkert), og en fil, som programmer ikke kan læse som en "
                        "tabel.",
        "rule_warning": "Disse forhindrer ikke udgivelse, men gør data sværere at bruge: ret "
                        "dem, når I kan.",
        "rule_info": "Disse kræver ingen rettelse: nævn dem i datasættets beskrivelse.",
        "summary": "{verdict} · {stars} af 5 stjerner · {fix} at rette, {improve} at forbedre",
        "severity": "slags", "finding": "fund", "first_rows": "første rækker",
        "blocker": "skal rettes", "warning": "kan forbedres",
        "no_blocker": "Intet at rette: intet forhindrer udgivelse.",
        "decide": "Intet, kittet kan rette af sig selv: {n} af fundene, der skal rettes, kræver "
                  "din beslutning (rapporten ovenfor siger hvordan).",
        "copy": "Skrev {copy} og {excel} (UTF-8; {cells} formelceller gjort harmløse).",
        "copy_checks": "Den rettede kopi: {verdict}",
        "replacing": "Erstatter notebookens tidligere rapport {name}",
        "saved": "Rapport: {html}\nJSON:    {json}",
    },
}

# What is good: shown first in the report, one sentence each.
GOOD = {
    "utf8": {"en": "The file is UTF-8, so æ, ø and å read correctly everywhere.",
             "da": "Filen er UTF-8, så æ, ø og å læses rigtigt overalt."},
    "table": {"en": "It is a table of {rows} rows and {columns} columns, each with a name.",
              "da": "Det er en tabel med {rows} rækker og {columns} kolonner, hver med et navn."},
    "even": {"en": "Every row has the same number of fields.",
             "da": "Alle rækker har samme antal felter."},
    "open_format": {"en": "{format} is an open, machine-readable format.",
                    "da": "{format} er et åbent, maskinlæsbart format."},
    "no_personal": {"en": "No CPR numbers, e-mail addresses or phone numbers were found.",
                    "da": "Der blev ikke fundet CPR-numre, e-mailadresser eller "
                          "telefonnumre."},
    "no_formulas": {"en": "No cell would run as a spreadsheet formula.",
                    "da": "Ingen celle ville blive kørt som en regnearksformel."},
    "no_duplicates": {"en": "No row is repeated.", "da": "Ingen række er gentaget."},
    "complete": {"en": "No cell is empty.", "da": "Ingen celle er tom."},
    "dates_ok": {"en": "Dates in {columns} are real dates in one format.",
                 "da": "Datoerne i {columns} er rigtige datoer i ét format."},
    "municipality_ok": {"en": "Every municipality code in {columns} is valid.",
                        "da": "Alle kommunekoder i {columns} er gyldige."},
    "codes_ok": {"en": "Every code in {columns} is in its list.",
                 "da": "Alle koder i {columns} står i deres liste."},
    "coordinates_ok": {"en": "Every point in {columns} lies in Denmark ({crs}).",
                       "da": "Alle punkter i {columns} ligger i Danmark ({crs})."},
    "standard_ok": {"en": "The file follows the standard '{standard}'.",
                    "da": "Filen følger standarden '{standard}'."},
    "licence": {"en": "The metadata gives an open licence ({licence}).",
                "da": "Metadata angiver en åben licens ({licence})."},
    "metadata_complete": {"en": "The metadata has everything DCAT-AP-DK requires.",
                          "da": "Metadata har alt, hvad DCAT-AP-DK kræver."},
}


def text(code: str, language: str = "en", **fields) -> tuple[str, str]:
    """(message, how to fix) for a finding code in 'en' or 'da', filled with `fields`.

        >>> text("duplicate-column", "da", column="navn", count=2)[0]
        "Kolonnenavnet 'navn' forekommer 2 gange."
    """
    entry = TEXTS[code]
    message, fix = entry[language if language in ("en", "da") else "en"]
    return fill(message, fields), fill(fix, fields)


def face_fix(code: str, language: str, fix: str, app: bool = False) -> str:
    """How to fix a finding on a page for people who do not program: the app's own words
    (`app`), else the plain words of PAGE_FIXES, else `fix` (already plain).

        >>> face_fix("no-metadata", "en", "Check again (--metadata FILE).")
        'Check the file again together with its description (title, licence, contact).'
    """
    lang = language if language in ("en", "da") else "en"
    for table in (APP_FIXES, PAGE_FIXES) if app else (PAGE_FIXES,):
        if code in table:
            return table[code][lang]
    return fix


def fill(template: str, fields: dict) -> str:
    """`template` filled with `fields`; a missing field is empty, and a count chooses its
    word by a 'one|many' spec, so that no sentence says 'række(r)':

        >>> fill("{n} {n:række|rækker} og {m} {m:række|rækker}", {"n": 1, "m": 3})
        '1 række og 3 rækker'
    """
    return template.format_map(_Defaults(fields))


class _Count(int):
    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|", 1)
            return one if self == 1 else many
        return int.__format__(int(self), spec)


class _Defaults(dict):
    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            return _Count(value)
        return value

    def __missing__(self, key):
        return ""
