//! Built-in code tables: FIPS 10-4 geographic codes used in TAGS, the meanings of subject TAGS, and the posts (origins) → country.
//!
//! What this module is for: a cable's TAGS line mixes two-letter geographic codes (`CB`,
//! `BM`, `VM` — FIPS 10-4, *not* ISO 3166), four-letter subject and program codes (`PREL`,
//! `KJUS`) and organisation tags (`UNSC`, `ASEAN`); its origin is written either as a
//! post name (`Embassy Phnom Penh`) or as the FM line of the telegram
//! (`FM AMEMBASSY PHNOM PENH`). These tables turn all of that into names, countries,
//! regions and URL slugs, with no data files and no network access.
//!
//! Where the data comes from: written by hand for this crate from public reference
//! knowledge — the FIPS 10-4 country code list (as used by the State Department's TAGS),
//! the State Department TAGS/Terms Handbook (5 FAH-3; subject tag wording follows the
//! handbook where known), and the list of US embassies, consulates and missions that
//! appear as Cablegate origins (1966–2010). It was cross-checked against the corpus in
//! `shared/corpus` (`tags/fips-10-4-countries.csv`, `tags/tags-in-corpus.csv`,
//! `tags/cablemap-subject-tags.txt`, `metadata.csv`, the FM lines of `cables/*.txt`); the
//! tests at the bottom do that check again whenever `../shared/corpus` exists.
//!
//! Choices worth knowing:
//! * A post maps to the FIPS code of the *present-day* country of its city, so cables
//!   from Bonn and Berlin group under Germany (`GM`), Saigon under Vietnam (`VM`),
//!   Leningrad under Russia (`RS`) and Belgrade under Serbia (`RI`). The historical codes
//!   (`UR`, `YO`, `YI`, `GC`, `GE`, `CZ`, ...) are still known to [`country_by_code`]
//!   because old TAGS lines use them.
//! * Missions to international organisations map to the host country of their city:
//!   USNATO and USEU → `BE` (Brussels), UNVIE and USOSCE → `AU` (FIPS Austria, Vienna),
//!   USUN New York → `US`, Geneva missions → `SZ`, UNESCO/OECD Paris → `FR`,
//!   UN Rome → `IT`, "Secretary of State" → `US`.
//! * Consulate Jerusalem maps to `IS` (the usual grouping in cable archives).
//! * Region names follow the State Department's regional bureaus; North Africa is in
//!   "Near East", the United States and the open-ocean/Antarctic territories are in
//!   "International".
//! * Canonical post names follow the Cablegate/metadata convention ("Embassy X",
//!   "Consulate X", "Mission USNATO", "USUN New York", "American Institute Taiwan, Taipei",
//!   "US Interests Section Havana", "Iran RPO Dubai", "Secretary of State") with city
//!   names in proper case ("Port-au-Prince", "Rio de Janeiro"); respellings of the same
//!   city use the modern spelling as the metadata does (KIEV → Kyiv, CALCUTTA → Kolkata),
//!   while renamed historical posts keep their name (Saigon, Leningrad, Bonn).

use std::collections::HashMap;
use std::sync::OnceLock;

/// A FIPS 10-4 country, territory, historical entity or State Department regional code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub region: &'static str,
}

const AFR: &str = "Africa";
const EAP: &str = "East Asia and Pacific";
const EUR: &str = "Europe and Eurasia";
const NEA: &str = "Near East";
const SCA: &str = "South and Central Asia";
const WHA: &str = "Western Hemisphere";
const INT: &str = "International";

static REGIONS: &[&str] = &[AFR, EAP, EUR, NEA, SCA, WHA, INT];

const fn c(code: &'static str, name: &'static str, region: &'static str) -> Country {
    Country { code, name, region }
}

/// FIPS 10-4 codes (plus historical codes and State Department TAGS-only codes), sorted
/// by code. Historical and TAGS-only entries say so in their name.
#[rustfmt::skip]
static COUNTRIES: &[Country] = &[
    c("AA", "Aruba", WHA),
    c("AC", "Antigua and Barbuda", WHA),
    c("AE", "United Arab Emirates", NEA),
    c("AF", "Afghanistan", SCA),
    c("AG", "Algeria", NEA),
    c("AJ", "Azerbaijan", EUR),
    c("AL", "Albania", EUR),
    c("AM", "Armenia", EUR),
    c("AN", "Andorra", EUR),
    c("AO", "Angola", AFR),
    c("AQ", "American Samoa", EAP),
    c("AR", "Argentina", WHA),
    c("AS", "Australia", EAP),
    c("AT", "Ashmore and Cartier Islands", EAP),
    c("AU", "Austria", EUR),
    c("AV", "Anguilla", WHA),
    c("AX", "Akrotiri", EUR),
    c("AY", "Antarctica", INT),
    c("BA", "Bahrain", NEA),
    c("BB", "Barbados", WHA),
    c("BC", "Botswana", AFR),
    c("BD", "Bermuda", WHA),
    c("BE", "Belgium", EUR),
    c("BF", "The Bahamas", WHA),
    c("BG", "Bangladesh", SCA),
    c("BH", "Belize", WHA),
    c("BK", "Bosnia and Herzegovina", EUR),
    c("BL", "Bolivia", WHA),
    c("BM", "Burma", EAP),
    c("BN", "Benin", AFR),
    c("BO", "Belarus", EUR),
    c("BP", "Solomon Islands", EAP),
    c("BQ", "Navassa Island", WHA),
    c("BR", "Brazil", WHA),
    c("BS", "Bassas da India", AFR),
    c("BT", "Bhutan", SCA),
    c("BU", "Bulgaria", EUR),
    c("BV", "Bouvet Island", INT),
    c("BX", "Brunei", EAP),
    c("BY", "Burundi", AFR),
    c("CA", "Canada", WHA),
    c("CB", "Cambodia", EAP),
    c("CD", "Chad", AFR),
    c("CE", "Sri Lanka", SCA),
    c("CF", "Republic of the Congo", AFR),
    c("CG", "Democratic Republic of the Congo", AFR),
    c("CH", "China", EAP),
    c("CI", "Chile", WHA),
    c("CJ", "Cayman Islands", WHA),
    c("CK", "Cocos (Keeling) Islands", EAP),
    c("CM", "Cameroon", AFR),
    c("CN", "Comoros", AFR),
    c("CO", "Colombia", WHA),
    c("CQ", "Northern Mariana Islands", EAP),
    c("CR", "Coral Sea Islands", EAP),
    c("CS", "Costa Rica", WHA),
    c("CT", "Central African Republic", AFR),
    c("CU", "Cuba", WHA),
    c("CV", "Cape Verde", AFR),
    c("CW", "Cook Islands", EAP),
    c("CY", "Cyprus", EUR),
    c("CZ", "Czechoslovakia (historical)", EUR),
    c("DA", "Denmark", EUR),
    c("DJ", "Djibouti", AFR),
    c("DO", "Dominica", WHA),
    c("DQ", "Jarvis Island", EAP),
    c("DR", "Dominican Republic", WHA),
    c("DX", "Dhekelia", EUR),
    c("EC", "Ecuador", WHA),
    c("EG", "Egypt", NEA),
    c("EI", "Ireland", EUR),
    c("EK", "Equatorial Guinea", AFR),
    c("EN", "Estonia", EUR),
    c("ER", "Eritrea", AFR),
    c("ES", "El Salvador", WHA),
    c("ET", "Ethiopia", AFR),
    c("EU", "Europa Island", AFR),
    c("EZ", "Czech Republic", EUR),
    c("FG", "French Guiana", WHA),
    c("FI", "Finland", EUR),
    c("FJ", "Fiji", EAP),
    c("FK", "Falkland Islands (Islas Malvinas)", WHA),
    c("FM", "Micronesia", EAP),
    c("FO", "Faroe Islands", EUR),
    c("FP", "French Polynesia", EAP),
    c("FQ", "Baker Island", EAP),
    c("FR", "France", EUR),
    c("FS", "French Southern and Antarctic Lands", INT),
    c("GA", "The Gambia", AFR),
    c("GB", "Gabon", AFR),
    c("GC", "East Germany (historical)", EUR),
    c("GE", "West Germany (historical)", EUR),
    c("GG", "Georgia", EUR),
    c("GH", "Ghana", AFR),
    c("GI", "Gibraltar", EUR),
    c("GJ", "Grenada", WHA),
    c("GK", "Guernsey", EUR),
    c("GL", "Greenland", EUR),
    c("GM", "Germany", EUR),
    c("GO", "Glorioso Islands", AFR),
    c("GP", "Guadeloupe", WHA),
    c("GQ", "Guam", EAP),
    c("GR", "Greece", EUR),
    c("GT", "Guatemala", WHA),
    c("GV", "Guinea", AFR),
    c("GY", "Guyana", WHA),
    c("GZ", "Gaza Strip", NEA),
    c("HA", "Haiti", WHA),
    c("HK", "Hong Kong", EAP),
    c("HM", "Heard Island and McDonald Islands", INT),
    c("HO", "Honduras", WHA),
    c("HQ", "Howland Island", EAP),
    c("HR", "Croatia", EUR),
    c("HU", "Hungary", EUR),
    c("IC", "Iceland", EUR),
    c("ID", "Indonesia", EAP),
    c("IM", "Isle of Man", EUR),
    c("IN", "India", SCA),
    c("IO", "British Indian Ocean Territory", SCA),
    c("IP", "Clipperton Island", WHA),
    c("IR", "Iran", NEA),
    c("IS", "Israel", NEA),
    c("IT", "Italy", EUR),
    c("IV", "Côte d'Ivoire", AFR),
    c("IZ", "Iraq", NEA),
    c("JA", "Japan", EAP),
    c("JE", "Jersey", EUR),
    c("JM", "Jamaica", WHA),
    c("JN", "Jan Mayen", EUR),
    c("JO", "Jordan", NEA),
    c("JQ", "Johnston Atoll", EAP),
    c("JU", "Juan de Nova Island", AFR),
    c("KE", "Kenya", AFR),
    c("KG", "Kyrgyzstan", SCA),
    c("KN", "North Korea", EAP),
    c("KQ", "Kingman Reef", EAP),
    c("KR", "Kiribati", EAP),
    c("KS", "South Korea", EAP),
    c("KT", "Christmas Island", EAP),
    c("KU", "Kuwait", NEA),
    c("KV", "Kosovo", EUR),
    c("KZ", "Kazakhstan", SCA),
    c("LA", "Laos", EAP),
    c("LE", "Lebanon", NEA),
    c("LG", "Latvia", EUR),
    c("LH", "Lithuania", EUR),
    c("LI", "Liberia", AFR),
    c("LO", "Slovakia", EUR),
    c("LQ", "Palmyra Atoll", EAP),
    c("LS", "Liechtenstein", EUR),
    c("LT", "Lesotho", AFR),
    c("LU", "Luxembourg", EUR),
    c("LY", "Libya", NEA),
    c("MA", "Madagascar", AFR),
    c("MB", "Martinique", WHA),
    c("MC", "Macau", EAP),
    c("MD", "Moldova", EUR),
    c("MF", "Mayotte", AFR),
    c("MG", "Mongolia", EAP),
    c("MH", "Montserrat", WHA),
    c("MI", "Malawi", AFR),
    c("MJ", "Montenegro", EUR),
    c("MK", "Macedonia", EUR),
    c("ML", "Mali", AFR),
    c("MN", "Monaco", EUR),
    c("MO", "Morocco", NEA),
    c("MP", "Mauritius", AFR),
    c("MQ", "Midway Islands", EAP),
    c("MR", "Mauritania", AFR),
    c("MT", "Malta", EUR),
    c("MU", "Oman", NEA),
    c("MV", "Maldives", SCA),
    c("MW", "Montenegro (State TAGS code)", EUR),
    c("MX", "Mexico", WHA),
    c("MY", "Malaysia", EAP),
    c("MZ", "Mozambique", AFR),
    c("NC", "New Caledonia", EAP),
    c("NE", "Niue", EAP),
    c("NF", "Norfolk Island", EAP),
    c("NG", "Niger", AFR),
    c("NH", "Vanuatu", EAP),
    c("NI", "Nigeria", AFR),
    c("NL", "Netherlands", EUR),
    c("NN", "Sint Maarten", WHA),
    c("NO", "Norway", EUR),
    c("NP", "Nepal", SCA),
    c("NR", "Nauru", EAP),
    c("NS", "Suriname", WHA),
    c("NT", "Netherlands Antilles (historical)", WHA),
    c("NU", "Nicaragua", WHA),
    c("NZ", "New Zealand", EAP),
    c("OD", "South Sudan", AFR),
    c("PA", "Paraguay", WHA),
    c("PC", "Pitcairn Islands", EAP),
    c("PE", "Peru", WHA),
    c("PF", "Paracel Islands", EAP),
    c("PG", "Spratly Islands", EAP),
    c("PJ", "Etorofu, Habomai, Kunashiri, and Shikotan Islands", EAP),
    c("PK", "Pakistan", SCA),
    c("PL", "Poland", EUR),
    c("PM", "Panama", WHA),
    c("PO", "Portugal", EUR),
    c("PP", "Papua New Guinea", EAP),
    c("PS", "Palau", EAP),
    c("PU", "Guinea-Bissau", AFR),
    c("QA", "Qatar", NEA),
    c("RE", "Réunion", AFR),
    c("RH", "Southern Rhodesia (historical)", AFR),
    c("RI", "Serbia", EUR),
    c("RM", "Marshall Islands", EAP),
    c("RN", "Saint Martin", WHA),
    c("RO", "Romania", EUR),
    c("RP", "Philippines", EAP),
    c("RQ", "Puerto Rico", WHA),
    c("RS", "Russia", EUR),
    c("RW", "Rwanda", AFR),
    c("SA", "Saudi Arabia", NEA),
    c("SB", "Saint Pierre and Miquelon", WHA),
    c("SC", "Saint Kitts and Nevis", WHA),
    c("SE", "Seychelles", AFR),
    c("SF", "South Africa", AFR),
    c("SG", "Senegal", AFR),
    c("SH", "Saint Helena", AFR),
    c("SI", "Slovenia", EUR),
    c("SL", "Sierra Leone", AFR),
    c("SM", "San Marino", EUR),
    c("SN", "Singapore", EAP),
    c("SO", "Somalia", AFR),
    c("SP", "Spain", EUR),
    c("SR", "Serbia (State TAGS code)", EUR),
    c("ST", "Saint Lucia", WHA),
    c("SU", "Sudan", AFR),
    c("SV", "Svalbard", EUR),
    c("SW", "Sweden", EUR),
    c("SX", "South Georgia and the South Sandwich Islands", WHA),
    c("SY", "Syria", NEA),
    c("SZ", "Switzerland", EUR),
    c("TB", "Saint Barthélemy", WHA),
    c("TC", "United Arab Emirates (former FIPS code)", NEA),
    c("TD", "Trinidad and Tobago", WHA),
    c("TE", "Tromelin Island", AFR),
    c("TH", "Thailand", EAP),
    c("TI", "Tajikistan", SCA),
    c("TK", "Turks and Caicos Islands", WHA),
    c("TL", "Tokelau", EAP),
    c("TN", "Tonga", EAP),
    c("TO", "Togo", AFR),
    c("TP", "São Tomé and Príncipe", AFR),
    c("TS", "Tunisia", NEA),
    c("TT", "Timor-Leste", EAP),
    c("TU", "Turkey", EUR),
    c("TV", "Tuvalu", EAP),
    c("TW", "Taiwan", EAP),
    c("TX", "Turkmenistan", SCA),
    c("TZ", "Tanzania", AFR),
    c("UC", "Curaçao", WHA),
    c("UG", "Uganda", AFR),
    c("UK", "United Kingdom", EUR),
    c("UP", "Ukraine", EUR),
    c("UR", "Soviet Union (historical)", EUR),
    c("US", "United States", INT),
    c("UV", "Burkina Faso", AFR),
    c("UY", "Uruguay", WHA),
    c("UZ", "Uzbekistan", SCA),
    c("VC", "Saint Vincent and the Grenadines", WHA),
    c("VE", "Venezuela", WHA),
    c("VI", "British Virgin Islands", WHA),
    c("VM", "Vietnam", EAP),
    c("VQ", "U.S. Virgin Islands", WHA),
    c("VS", "South Vietnam (historical)", EAP),
    c("VT", "Holy See (Vatican City)", EUR),
    c("WA", "Namibia", AFR),
    c("WE", "West Bank", NEA),
    c("WF", "Wallis and Futuna", EAP),
    c("WI", "Western Sahara", NEA),
    c("WQ", "Wake Island", EAP),
    c("WS", "Samoa", EAP),
    c("WZ", "Swaziland", AFR),
    // State Department regional TAGS (not FIPS). Only those whose meaning the cables make
    // clear are listed (XW with the East African countries, XY with West Africa, XO for the
    // 2004 Indian Ocean tsunami task force, XK/XL with Central American/Caribbean posts).
    c("XA", "Africa (region)", AFR),
    c("XF", "Middle East (region)", NEA),
    c("XG", "Europe (region)", EUR),
    c("XH", "Eastern Europe (region)", EUR),
    c("XK", "Central America (region)", WHA),
    c("XL", "Caribbean (region)", WHA),
    c("XM", "Latin America (region)", WHA),
    c("XO", "Indian Ocean (region)", INT),
    c("XW", "East Africa (region)", AFR),
    c("XY", "West Africa (region)", AFR),
    c("YI", "Serbia and Montenegro (historical)", EUR),
    c("YM", "Yemen", NEA),
    c("YO", "Yugoslavia (historical)", EUR),
    c("ZA", "Zambia", AFR),
    c("ZI", "Zimbabwe", AFR),
];

/// Two-letter tokens that TAGS lines use for a country although they are not its FIPS
/// code (mostly ISO 3166 codes written by mistake), and the FIPS code meant. Used by
/// [`country_by_tag`] only; [`country_by_code`] stays strict. A token is here only when
/// the cables use it for that one country: `VN` is not (ISO Vietnam in two cables from Ho
/// Chi Minh City, Venezuela in 07LAPAZ3262's `VN CU BL`), so it names no country.
static TAG_ALIASES: &[(&str, &str)] = &[
    ("IQ", "IZ"),  // ISO Iraq
    ("JP", "JA"),  // ISO Japan
    ("PAK", "PK"), // Pakistan
    ("PNG", "PP"), // Papua New Guinea
    ("RU", "RS"),  // ISO Russia
    ("UAE", "AE"), // United Arab Emirates
    ("VZ", "VE"),  // Venezuela
    ("YE", "YM"),  // ISO Yemen
];

/// FIPS 10-4 codes that TAGS lines use for something other than the country or territory
/// the code stands for, and what they mean there. A cable tagged with one of them is not
/// put in that country's list ([`country_by_tag`] does not know them; [`subject_tag`]
/// gives this meaning); [`country_by_code`] still knows the territory. In the corpus:
/// `EU` is in 37 cables, always the European Union as `EUN` is (never Europa Island);
/// `IO` is in 5, four of them International Organization affairs (`TAGS: PREL, IO, YM,
/// DEMARCHE`) and one the British Indian Ocean Territory (09LONDON1156, a London cable,
/// so it is in the United Kingdom's list anyway). A site that means the territory adds
/// the code under `countries:` in `content/countries.yaml`.
static TAGS_NOT_COUNTRIES: &[(&str, &str)] = &[
    ("EU", "European Union"),
    ("IO", "International Organization Affairs"),
];

/// Subject TAGS (A, B, C, E, M, O, P, S, T categories), program TAGS (K...), a few
/// superseded subject TAGS still found in older cables, and common organisation tags.
/// Sorted by code. Wording follows the TAGS/Terms Handbook (5 FAH-3) where known; for a
/// few rarely used codes (OFDP, OPDC, OSCI, PHSA, PNAT, PROP, TNGD) it is a best effort.
#[rustfmt::skip]
static SUBJECT_TAGS: &[(&str, &str)] = &[
    ("AADP", "Automated Data Processing"),
    ("ABLD", "Buildings and Grounds"),
    ("ABUD", "Budget Services and Financial Systems"),
    ("ACKM", "COMSEC Key Management"),
    ("ACOA", "Communication Operations and Administration"),
    ("ADB", "Asian Development Bank"),
    ("ADCO", "Diplomatic Courier Operations"),
    ("ADPM", "Diplomatic Pouch and Mail"),
    ("AEMR", "Emergency Planning and Evacuation"),
    ("AFIN", "Financial Management"),
    ("AFSI", "Foreign Service Institute"),
    ("AFSN", "Foreign Service National Personnel"),
    ("AGAO", "General Accounting Office"),
    ("AGOA", "African Growth and Opportunity Act"),
    ("AINF", "Information Management Services"),
    ("AINR", "INR Program Administration"),
    ("AINT", "Internet Administration"),
    ("ALOW", "Allowances"),
    ("AMED", "Medical Services"),
    ("AMGT", "Management Operations"),
    ("AMTC", "Telecommunications Equipment Maintenance"),
    ("ANET", "Communications, Circuits, and Networks"),
    ("AODE", "Employees Abroad"),
    ("AOMS", "Office Management Specialist Issues"),
    ("AORC", "International Organizations and Conferences"),
    ("APCS", "Personal Computers"),
    ("APEC", "Asia-Pacific Economic Cooperation"),
    ("APER", "Personnel"),
    ("ARF", "ASEAN Regional Forum"),
    ("ASCH", "U.S. Sponsored Schools"),
    ("ASEAN", "Association of Southeast Asian Nations"),
    ("ASEC", "Security"),
    ("ASIG", "Inspector General Activities"),
    ("ASSK", "Aung San Suu Kyi"),
    ("ASUP", "Supplies and Equipment"),
    ("ATRN", "Transportation Service"),
    ("AUC", "United Self-Defense Forces of Colombia (AUC)"),
    ("BBSR", "Business Services Reporting"),
    ("BEXP", "Trade Expansion and Promotion"),
    ("BMGT", "FCS Management Operations"),
    ("BTA", "U.S.-Vietnam Bilateral Trade Agreement"),
    ("BTIO", "Trade and Investment Opportunities"),
    ("BWC", "Biological Weapons Convention"),
    ("CARICOM", "Caribbean Community"),
    ("CASC", "Assistance to Citizens"),
    ("CFED", "Federal Agency Services"),
    ("CIA", "Central Intelligence Agency"),
    ("CJAN", "Judicial Assistance and Notarial Services"),
    ("CLOK", "Visa Lookout"),
    ("CMGT", "Consular Administration and Management"),
    ("CPAS", "Passports and Citizenship"),
    ("CTBT", "Comprehensive Nuclear-Test-Ban Treaty"),
    ("CVIS", "Visas"),
    ("CWC", "Chemical Weapons Convention"),
    ("DOD", "U.S. Department of Defense"),
    ("EAC", "Emergency Action Committee"),
    ("EAGR", "Agriculture and Forestry"),
    ("EAID", "Foreign Economic Assistance"),
    ("EAIR", "Civil Aviation"),
    ("EBRD", "European Bank for Reconstruction and Development"),
    ("ECIN", "Economic Integration and Cooperation"),
    ("ECON", "Economic Conditions"),
    ("ECOWAS", "Economic Community of West African States"),
    ("ECPS", "Communications and Postal Systems"),
    ("EFIN", "Financial and Monetary Affairs"),
    ("EFIS", "Commercial Fishing and Fish Processing"),
    ("EIND", "Industry and Manufacturing"),
    ("EINT", "Economic and Commercial Internet"),
    ("EINV", "Foreign Investments"),
    ("ELAB", "Labor Sector Affairs"),
    ("ELN", "National Liberation Army (Colombia)"),
    ("ELTN", "Land Transportation"),
    ("EMIN", "Minerals and Metals"),
    ("ENRG", "Energy and Power"),
    ("EPET", "Petroleum and Natural Gas"),
    ("ETRD", "Foreign Trade"),
    ("ETTC", "Trade and Technology Controls"),
    ("EUN", "European Union"),
    ("EWWT", "Waterborne Transportation"),
    ("FAO", "Food and Agriculture Organization"),
    ("FARC", "Revolutionary Armed Forces of Colombia"),
    ("FBI", "Federal Bureau of Investigation"),
    ("FDA", "U.S. Food and Drug Administration"),
    ("FMLN", "Farabundo Marti National Liberation Front"),
    ("FRELIMO", "Mozambique Liberation Front (FRELIMO)"),
    ("FTAA", "Free Trade Area of the Americas"),
    ("G8", "Group of Eight"),
    ("GCC", "Gulf Cooperation Council"),
    ("IAEA", "International Atomic Energy Agency"),
    ("IBRD", "World Bank (International Bank for Reconstruction and Development)"),
    ("ICAO", "International Civil Aviation Organization"),
    ("ICC", "International Criminal Court"),
    ("ICJ", "International Court of Justice"),
    ("ICRC", "International Committee of the Red Cross"),
    ("ICTR", "International Criminal Tribunal for Rwanda"),
    ("ICTY", "International Criminal Tribunal for the former Yugoslavia"),
    ("IDB", "Inter-American Development Bank"),
    ("IGAD", "Intergovernmental Authority on Development"),
    ("ILO", "International Labour Organization"),
    ("IMF", "International Monetary Fund"),
    ("IMO", "International Maritime Organization"),
    ("INTERPOL", "International Criminal Police Organization"),
    ("ISAF", "International Security Assistance Force"),
    ("KAWC", "Atrocities and War Crimes"),
    ("KCFE", "Conventional Armed Forces in Europe Treaty"),
    ("KCIP", "Critical Infrastructure Protection"),
    ("KCOR", "Corruption and Anti-Corruption"),
    ("KCRM", "Criminal Activity"),
    ("KDEM", "Democratization"),
    ("KFRD", "Fraud Prevention"),
    ("KGHG", "Greenhouse Gases"),
    ("KGIC", "Global Initiative to Combat Nuclear Terrorism"),
    ("KHDP", "Humanitarian Demining Program"),
    ("KHIV", "HIV/AIDS"),
    ("KHLS", "Homeland Security"),
    ("KICC", "International Criminal Court"),
    ("KIDE", "Investment Disputes and Expropriation"),
    ("KIPR", "Intellectual Property Rights"),
    ("KIRF", "International Religious Freedom"),
    ("KISL", "Islamic Affairs"),
    ("KJUS", "Administration of Justice"),
    ("KMCA", "Millennium Challenge Account"),
    ("KMDR", "Media Reaction Reporting"),
    ("KMPI", "Middle East Partnership Initiative"),
    ("KNNP", "Nuclear Nonproliferation"),
    ("KOCI", "Children's Issues (International Adoption and Child Abduction)"),
    ("KOLY", "Olympic Games"),
    ("KOMC", "Munitions Control"),
    ("KPAL", "Palestinian Affairs"),
    ("KPAO", "Public Affairs Office"),
    ("KPKO", "Peacekeeping Operations"),
    ("KPRV", "Privatization"),
    ("KSCA", "Science and Technology Cooperation Agreements"),
    ("KSTC", "Strategic Trade Controls"),
    ("KSUM", "Summit Meetings"),
    ("KTEX", "Textiles"),
    ("KTFN", "Terrorist Financing"),
    ("KTIP", "Trafficking in Persons"),
    ("KUNR", "United Nations Reform"),
    ("KVPR", "Visas Viper"),
    ("KWBG", "West Bank and Gaza"),
    ("KWMN", "Women's Issues"),
    ("MARR", "Military and Defense Arrangements"),
    ("MASS", "Military Assistance and Sales"),
    ("MCAP", "Military Capabilities"),
    ("MCC", "Millennium Challenge Corporation"),
    ("MEPI", "Middle East Partnership Initiative"),
    ("MEPP", "Middle East Peace Process"),
    ("MINUSTAH", "UN Stabilization Mission in Haiti"),
    ("MNUC", "Military Nuclear Applications"),
    ("MONUC", "UN Mission in the Democratic Republic of the Congo"),
    ("MOPS", "Military Operations"),
    ("MTCRE", "Missile Technology Control Regime"),
    ("NAFTA", "North American Free Trade Agreement"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("NGO", "Non-Governmental Organizations"),
    ("NLD", "National League for Democracy (Burma)"),
    ("NPT", "Treaty on the Non-Proliferation of Nuclear Weapons"),
    ("NSC", "U.S. National Security Council"),
    ("NSF", "U.S. National Science Foundation"),
    ("NSG", "Nuclear Suppliers Group"),
    ("OAS", "Organization of American States"),
    ("ODIP", "Diplomatic Representation"),
    ("OECD", "Organisation for Economic Co-operation and Development"),
    ("OEXC", "Educational and Cultural Exchange Operations"),
    ("OFDP", "Foreign Diplomats and Property"),
    ("OIIP", "International Information Programs"),
    ("OPCW", "Organisation for the Prohibition of Chemical Weapons"),
    ("OPDC", "Diplomatic Correspondence"),
    ("OPEC", "Organization of the Petroleum Exporting Countries"),
    ("OPIC", "Overseas Private Investment Corporation"),
    ("OPRC", "Public Relations and Correspondence"),
    ("OREP", "U.S. Congressional Travel"),
    ("OSAC", "Overseas Security Advisory Council"),
    ("OSCE", "Organization for Security and Co-operation in Europe"),
    ("OSCI", "Science Exchanges and Grants"),
    ("OTRA", "Travel"),
    ("OVIP", "Visits and Travel of Prominent Individuals and Leaders"),
    ("PARM", "Arms Controls and Disarmament"),
    ("PBTS", "National Boundaries, Territories, and Sovereignty"),
    ("PFOR", "Foreign Policy Relations (superseded by PREL)"),
    ("PGOV", "Internal Governmental Affairs"),
    ("PHSA", "High Seas Affairs"),
    ("PHUM", "Human Rights"),
    ("PINR", "Intelligence"),
    ("PINS", "National Security"),
    ("PINT", "Internal Political Affairs (superseded by PGOV)"),
    ("PKK", "Kurdistan Workers' Party"),
    ("PNAT", "National Independence"),
    ("PREF", "Refugees"),
    ("PREL", "External Political Relations"),
    ("PRM", "Bureau of Population, Refugees, and Migration"),
    ("PROP", "Propaganda and Psychological Operations"),
    ("PSI", "Proliferation Security Initiative"),
    ("PTER", "Terrorists and Terrorism"),
    ("RENAMO", "Mozambican National Resistance (RENAMO)"),
    ("SADC", "Southern African Development Community"),
    ("SCUL", "Cultural Affairs"),
    ("SENV", "Environmental Affairs"),
    ("SHUM", "Human Rights (superseded by PHUM)"),
    ("SMIG", "Migration"),
    ("SNAR", "Narcotics"),
    ("SOCI", "Social Conditions"),
    ("SREF", "Refugees (superseded by PREF)"),
    ("TBIO", "Biological and Medical Science"),
    ("TINT", "Internet Technology"),
    ("TIP", "Trafficking in Persons"),
    ("TNGD", "Engineering, Research and Development"),
    ("TPHY", "Physical Sciences"),
    ("TRGY", "Energy Technology"),
    ("TSPA", "Space Activities"),
    ("TSPL", "Science and Technology Policy"),
    ("UN", "United Nations"),
    ("UNAMA", "UN Assistance Mission in Afghanistan"),
    ("UNAMI", "UN Assistance Mission for Iraq"),
    ("UNCHR", "UN Commission on Human Rights"),
    ("UNCTAD", "UN Conference on Trade and Development"),
    ("UNDOF", "UN Disengagement Observer Force"),
    ("UNDP", "UN Development Programme"),
    ("UNEP", "UN Environment Programme"),
    ("UNESCO", "UN Educational, Scientific and Cultural Organization"),
    ("UNFPA", "UN Population Fund"),
    ("UNGA", "UN General Assembly"),
    ("UNHCR", "UN High Commissioner for Refugees"),
    ("UNHRC", "UN Human Rights Council"),
    ("UNICEF", "UN Children's Fund"),
    ("UNIFIL", "UN Interim Force in Lebanon"),
    ("UNMIK", "UN Interim Administration Mission in Kosovo"),
    ("UNODC", "UN Office on Drugs and Crime"),
    ("UNRWA", "UN Relief and Works Agency for Palestine Refugees"),
    ("UNSC", "UN Security Council"),
    ("UNTAC", "UN Transitional Authority in Cambodia"),
    ("USAID", "U.S. Agency for International Development"),
    ("USTR", "Office of the U.S. Trade Representative"),
    ("WFP", "World Food Programme"),
    ("WHO", "World Health Organization"),
    ("WMO", "World Meteorological Organization"),
    ("WTO", "World Trade Organization"),
    ("WTRO", "World Trade Organization"),
];

/// What kind of post a name stands for; it decides the canonical display name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Embassy,
    Consulate,
    Mission,
    Ait,
    Interests,
    Liaison,
    Office,
    Rpo,
    Reo,
    Delegation,
}

impl Kind {
    fn display(self, city: &str) -> String {
        match self {
            Kind::Embassy => format!("Embassy {city}"),
            Kind::Consulate => format!("Consulate {city}"),
            Kind::Mission => format!("Mission {city}"),
            Kind::Ait => format!("American Institute Taiwan, {city}"),
            Kind::Interests => format!("US Interests Section {city}"),
            Kind::Liaison => format!("US Liaison Office {city}"),
            Kind::Office => format!("US Office {city}"),
            Kind::Rpo => format!("Iran RPO {city}"),
            Kind::Reo => format!("REO {city}"),
            Kind::Delegation => format!("US Delegation {city}"),
        }
    }
}

// Short names for the post table (the kind a bare city name defaults to).
const E: Kind = Kind::Embassy;
const C: Kind = Kind::Consulate;
const M: Kind = Kind::Mission;
const A: Kind = Kind::Ait;
const I: Kind = Kind::Interests;
const R: Kind = Kind::Reo;

/// Post cities: (name as written in FM lines and REF lines, upper case; FIPS code of the
/// present-day country; display name; kind of post a bare city name stands for). Sorted
/// by the first column. Old spellings of the same place display the modern spelling.
#[rustfmt::skip]
static POST_CITIES: &[(&str, &str, &str, Kind)] = &[
    ("ABIDJAN", "IV", "Abidjan", E),
    ("ABU DHABI", "AE", "Abu Dhabi", E),
    ("ABUJA", "NI", "Abuja", E),
    ("ACCRA", "GH", "Accra", E),
    ("ADANA", "TU", "Adana", C),
    ("ADDIS ABABA", "ET", "Addis Ababa", E),
    ("ADELAIDE", "AS", "Adelaide", C),
    ("ADEN", "YM", "Aden", C),
    ("ALEPPO", "SY", "Aleppo", C),
    ("ALEXANDRIA", "EG", "Alexandria", C),
    ("ALGIERS", "AG", "Algiers", E),
    ("ALMA ATA", "KZ", "Almaty", E),
    ("ALMATY", "KZ", "Almaty", E),
    ("AMMAN", "JO", "Amman", E),
    ("AMSTERDAM", "NL", "Amsterdam", C),
    ("ANKARA", "TU", "Ankara", E),
    ("ANTANANARIVO", "MA", "Antananarivo", E),
    ("ANTWERP", "BE", "Antwerp", C),
    ("APIA", "WS", "Apia", E),
    ("ASHGABAT", "TX", "Ashgabat", E),
    ("ASHKHABAD", "TX", "Ashgabat", E),
    ("ASMARA", "ER", "Asmara", E),
    ("ASTANA", "KZ", "Astana", E),
    ("ASUNCION", "PA", "Asuncion", E),
    ("ATHENS", "GR", "Athens", E),
    ("AUCKLAND", "NZ", "Auckland", C),
    ("BAGHDAD", "IZ", "Baghdad", E),
    ("BAKU", "AJ", "Baku", E),
    ("BAMAKO", "ML", "Bamako", E),
    ("BANDAR SERI BEGAWAN", "BX", "Bandar Seri Begawan", E),
    ("BANGKOK", "TH", "Bangkok", E),
    ("BANGUI", "CT", "Bangui", E),
    ("BANJA LUKA", "BK", "Banja Luka", C),
    ("BANJUL", "GA", "Banjul", E),
    ("BARCELONA", "SP", "Barcelona", C),
    ("BARRANQUILLA", "CO", "Barranquilla", C),
    ("BASRAH", "IZ", "Basrah", R),
    ("BEIJING", "CH", "Beijing", E),
    ("BEIRUT", "LE", "Beirut", E),
    ("BELEM", "BR", "Belem", C),
    ("BELFAST", "UK", "Belfast", C),
    ("BELGRADE", "RI", "Belgrade", E),
    ("BELIZE", "BH", "Belize", E),
    ("BELIZE CITY", "BH", "Belize", E),
    ("BELMOPAN", "BH", "Belmopan", E),
    ("BENGHAZI", "LY", "Benghazi", C),
    ("BERLIN", "GM", "Berlin", E),
    ("BERLIN EAST", "GM", "East Berlin", E),
    ("BERN", "SZ", "Bern", E),
    ("BERNE", "SZ", "Bern", E),
    ("BILBAO", "SP", "Bilbao", C),
    ("BISHKEK", "KG", "Bishkek", E),
    ("BISSAU", "PU", "Bissau", E),
    ("BOGOTA", "CO", "Bogota", E),
    ("BOMBAY", "IN", "Mumbai", C),
    ("BONN", "GM", "Bonn", E),
    ("BORDEAUX", "FR", "Bordeaux", C),
    ("BRASILIA", "BR", "Brasilia", E),
    ("BRATISLAVA", "LO", "Bratislava", E),
    ("BRAZZAVILLE", "CF", "Brazzaville", E),
    ("BREMEN", "GM", "Bremen", C),
    ("BRIDGETOWN", "BB", "Bridgetown", E),
    ("BRISBANE", "AS", "Brisbane", C),
    ("BRUSSELS", "BE", "Brussels", E),
    ("BUCHAREST", "RO", "Bucharest", E),
    ("BUDAPEST", "HU", "Budapest", E),
    ("BUENOS AIRES", "AR", "Buenos Aires", E),
    ("BUJUMBURA", "BY", "Bujumbura", E),
    ("BUSAN", "KS", "Busan", C),
    ("CAIRO", "EG", "Cairo", E),
    ("CALCUTTA", "IN", "Kolkata", C),
    ("CALGARY", "CA", "Calgary", C),
    ("CANBERRA", "AS", "Canberra", E),
    ("CAPE TOWN", "SF", "Cape Town", C),
    ("CARACAS", "VE", "Caracas", E),
    ("CASABLANCA", "MO", "Casablanca", C),
    ("CEBU", "RP", "Cebu", C),
    ("CHENGDU", "CH", "Chengdu", C),
    ("CHENNAI", "IN", "Chennai", C),
    ("CHIANG MAI", "TH", "Chiang Mai", C),
    ("CHISINAU", "MD", "Chisinau", E),
    ("CIUDAD JUAREZ", "MX", "Ciudad Juarez", C),
    ("COLOMBO", "CE", "Colombo", E),
    ("CONAKRY", "GV", "Conakry", E),
    ("COPENHAGEN", "DA", "Copenhagen", E),
    ("COTONOU", "BN", "Cotonou", E),
    ("CURACAO", "UC", "Curacao", C),
    ("DA NANG", "VM", "Da Nang", C),
    ("DACCA", "BG", "Dhaka", E),
    ("DAKAR", "SG", "Dakar", E),
    ("DAMASCUS", "SY", "Damascus", E),
    ("DANANG", "VM", "Da Nang", C),
    ("DAR ES SALAAM", "TZ", "Dar es Salaam", E),
    ("DHAHRAN", "SA", "Dhahran", C),
    ("DHAKA", "BG", "Dhaka", E),
    ("DILI", "TT", "Dili", E),
    ("DJIBOUTI", "DJ", "Djibouti", E),
    ("DOHA", "QA", "Doha", E),
    ("DOUALA", "CM", "Douala", C),
    ("DUBAI", "AE", "Dubai", C),
    ("DUBLIN", "EI", "Dublin", E),
    ("DURBAN", "SF", "Durban", C),
    ("DUSHANBE", "TI", "Dushanbe", E),
    ("DUSSELDORF", "GM", "Dusseldorf", C),
    ("EAST BERLIN", "GM", "East Berlin", E),
    ("EDINBURGH", "UK", "Edinburgh", C),
    ("ERBIL", "IZ", "Erbil", R),
    ("FLORENCE", "IT", "Florence", C),
    ("FORT DE FRANCE", "MB", "Fort-de-France", C),
    ("FORT LAMY", "CD", "Fort Lamy", E),
    ("FRANKFURT", "GM", "Frankfurt", C),
    ("FREETOWN", "SL", "Freetown", E),
    ("FUKUOKA", "JA", "Fukuoka", C),
    ("GABORONE", "BC", "Gaborone", E),
    ("GENEVA", "SZ", "Geneva", M),
    ("GENOA", "IT", "Genoa", C),
    ("GEORGETOWN", "GY", "Georgetown", E),
    ("GOTEBORG", "SW", "Goteborg", C),
    ("GRENADA", "GJ", "Grenada", E),
    ("GUADALAJARA", "MX", "Guadalajara", C),
    ("GUANGZHOU", "CH", "Guangzhou", C),
    ("GUATEMALA", "GT", "Guatemala", E),
    ("GUATEMALA CITY", "GT", "Guatemala", E),
    ("GUAYAQUIL", "EC", "Guayaquil", C),
    ("HALIFAX", "CA", "Halifax", C),
    ("HAMBURG", "GM", "Hamburg", C),
    ("HAMILTON", "BD", "Hamilton", C),
    ("HANOI", "VM", "Hanoi", E),
    ("HARARE", "ZI", "Harare", E),
    ("HAVANA", "CU", "Havana", I),
    ("HELSINKI", "FI", "Helsinki", E),
    ("HERAT", "AF", "Herat", C),
    ("HERMOSILLO", "MX", "Hermosillo", C),
    ("HILLAH", "IZ", "Hillah", R),
    ("HO CHI MINH CITY", "VM", "Ho Chi Minh City", C),
    ("HONG KONG", "HK", "Hong Kong", C),
    ("HONIARA", "BP", "Honiara", E),
    ("HYDERABAD", "IN", "Hyderabad", C),
    ("IRBIL", "IZ", "Erbil", R),
    ("ISFAHAN", "IR", "Isfahan", C),
    ("ISLAMABAD", "PK", "Islamabad", E),
    ("ISTANBUL", "TU", "Istanbul", C),
    ("IZMIR", "TU", "Izmir", C),
    ("JAKARTA", "ID", "Jakarta", E),
    ("JEDDAH", "SA", "Jeddah", C),
    ("JERUSALEM", "IS", "Jerusalem", C),
    ("JOHANNESBURG", "SF", "Johannesburg", C),
    ("JUBA", "OD", "Juba", C),
    ("KABUL", "AF", "Kabul", E),
    ("KADUNA", "NI", "Kaduna", C),
    ("KAMPALA", "UG", "Kampala", E),
    ("KAOHSIUNG", "TW", "Kaohsiung", A),
    ("KARACHI", "PK", "Karachi", C),
    ("KATHMANDU", "NP", "Kathmandu", E),
    ("KHARTOUM", "SU", "Khartoum", E),
    ("KIEV", "UP", "Kyiv", E),
    ("KIGALI", "RW", "Kigali", E),
    ("KINGSTON", "JM", "Kingston", E),
    ("KINSHASA", "CG", "Kinshasa", E),
    ("KIRKUK", "IZ", "Kirkuk", R),
    ("KOLKATA", "IN", "Kolkata", C),
    ("KOLONIA", "FM", "Kolonia", E),
    ("KOROR", "PS", "Koror", E),
    ("KRAKOW", "PL", "Krakow", C),
    ("KUALA LUMPUR", "MY", "Kuala Lumpur", E),
    ("KUWAIT", "KU", "Kuwait", E),
    ("KUWAIT CITY", "KU", "Kuwait", E),
    ("KYIV", "UP", "Kyiv", E),
    ("LA PAZ", "BL", "La Paz", E),
    ("LAGOS", "NI", "Lagos", C),
    ("LAHORE", "PK", "Lahore", C),
    ("LEIPZIG", "GM", "Leipzig", C),
    ("LENINGRAD", "RS", "Leningrad", C),
    ("LIBREVILLE", "GB", "Libreville", E),
    ("LILONGWE", "MI", "Lilongwe", E),
    ("LIMA", "PE", "Lima", E),
    ("LISBON", "PO", "Lisbon", E),
    ("LJUBLJANA", "SI", "Ljubljana", E),
    ("LOME", "TO", "Lome", E),
    ("LONDON", "UK", "London", E),
    ("LUANDA", "AO", "Luanda", E),
    ("LUBUMBASHI", "CG", "Lubumbashi", C),
    ("LUSAKA", "ZA", "Lusaka", E),
    ("LUXEMBOURG", "LU", "Luxembourg", E),
    ("LYON", "FR", "Lyon", C),
    ("MADRAS", "IN", "Chennai", C),
    ("MADRID", "SP", "Madrid", E),
    ("MAJURO", "RM", "Majuro", E),
    ("MALABO", "EK", "Malabo", E),
    ("MANAGUA", "NU", "Managua", E),
    ("MANAMA", "BA", "Manama", E),
    ("MANDALAY", "BM", "Mandalay", C),
    ("MANILA", "RP", "Manila", E),
    ("MAPUTO", "MZ", "Maputo", E),
    ("MARACAIBO", "VE", "Maracaibo", C),
    ("MARSEILLE", "FR", "Marseille", C),
    ("MASERU", "LT", "Maseru", E),
    ("MATAMOROS", "MX", "Matamoros", C),
    ("MAZAR E SHARIF", "AF", "Mazar-e-Sharif", C),
    ("MAZATLAN", "MX", "Mazatlan", C),
    ("MBABANE", "WZ", "Mbabane", E),
    ("MEDAN", "ID", "Medan", C),
    ("MELBOURNE", "AS", "Melbourne", C),
    ("MERIDA", "MX", "Merida", C),
    ("MEXICO", "MX", "Mexico", E),
    ("MEXICO CITY", "MX", "Mexico", E),
    ("MILAN", "IT", "Milan", C),
    ("MINSK", "BO", "Minsk", E),
    ("MOGADISHU", "SO", "Mogadishu", E),
    ("MOMBASA", "KE", "Mombasa", C),
    ("MONROVIA", "LI", "Monrovia", E),
    ("MONTERREY", "MX", "Monterrey", C),
    ("MONTEVIDEO", "UY", "Montevideo", E),
    ("MONTREAL", "CA", "Montreal", C),
    ("MORONI", "CN", "Moroni", E),
    ("MOSCOW", "RS", "Moscow", E),
    ("MOSUL", "IZ", "Mosul", R),
    ("MUMBAI", "IN", "Mumbai", C),
    ("MUNICH", "GM", "Munich", C),
    ("MUSCAT", "MU", "Muscat", E),
    ("NAGOYA", "JA", "Nagoya", C),
    ("NAHA", "JA", "Naha", C),
    ("NAIROBI", "KE", "Nairobi", E),
    ("NAPLES", "IT", "Naples", C),
    ("NASSAU", "BF", "Nassau", E),
    ("NDJAMENA", "CD", "N'Djamena", E),
    ("NEW DELHI", "IN", "New Delhi", E),
    ("NIAMEY", "NG", "Niamey", E),
    ("NICE", "FR", "Nice", C),
    ("NICOSIA", "CY", "Nicosia", E),
    ("NOGALES", "MX", "Nogales", C),
    ("NOUAKCHOTT", "MR", "Nouakchott", E),
    ("NUEVO LAREDO", "MX", "Nuevo Laredo", C),
    ("ORAN", "AG", "Oran", C),
    ("OSAKA", "JA", "Osaka-Kobe", C),
    ("OSAKA KOBE", "JA", "Osaka-Kobe", C),
    ("OSLO", "NO", "Oslo", E),
    ("OTTAWA", "CA", "Ottawa", E),
    ("OUAGADOUGOU", "UV", "Ouagadougou", E),
    ("PALERMO", "IT", "Palermo", C),
    ("PANAMA", "PM", "Panama", E),
    ("PANAMA CITY", "PM", "Panama", E),
    ("PARAMARIBO", "NS", "Paramaribo", E),
    ("PARIS", "FR", "Paris", E),
    ("PEKING", "CH", "Beijing", E),
    ("PERTH", "AS", "Perth", C),
    ("PESHAWAR", "PK", "Peshawar", C),
    ("PHNOM PENH", "CB", "Phnom Penh", E),
    ("PODGORICA", "MJ", "Podgorica", E),
    ("PONTA DELGADA", "PO", "Ponta Delgada", C),
    ("PORT AU PRINCE", "HA", "Port-au-Prince", E),
    ("PORT LOUIS", "MP", "Port Louis", E),
    ("PORT MORESBY", "PP", "Port Moresby", E),
    ("PORT OF SPAIN", "TD", "Port of Spain", E),
    ("PORTO ALEGRE", "BR", "Porto Alegre", C),
    ("POZNAN", "PL", "Poznan", C),
    ("PRAGUE", "EZ", "Prague", E),
    ("PRAIA", "CV", "Praia", E),
    ("PRETORIA", "SF", "Pretoria", E),
    ("PRISTINA", "KV", "Pristina", E),
    ("QUEBEC", "CA", "Quebec", C),
    ("QUEBEC CITY", "CA", "Quebec", C),
    ("QUITO", "EC", "Quito", E),
    ("RABAT", "MO", "Rabat", E),
    ("RANGOON", "BM", "Rangoon", E),
    ("RECIFE", "BR", "Recife", C),
    ("REYKJAVIK", "IC", "Reykjavik", E),
    ("REYNOSA", "MX", "Reynosa", C),
    ("RIGA", "LG", "Riga", E),
    ("RIO DE JANEIRO", "BR", "Rio de Janeiro", C),
    ("RIYADH", "SA", "Riyadh", E),
    ("ROME", "IT", "Rome", E),
    ("SAIGON", "VM", "Saigon", E),
    ("SAINT PETERSBURG", "RS", "St. Petersburg", C),
    ("SALZBURG", "AU", "Salzburg", C),
    ("SAN JOSE", "CS", "San Jose", E),
    ("SAN SALVADOR", "ES", "San Salvador", E),
    ("SANAA", "YM", "Sanaa", E),
    ("SANTIAGO", "CI", "Santiago", E),
    ("SANTO DOMINGO", "DR", "Santo Domingo", E),
    ("SAO PAULO", "BR", "Sao Paulo", C),
    ("SAPPORO", "JA", "Sapporo", C),
    ("SARAJEVO", "BK", "Sarajevo", E),
    ("SEOUL", "KS", "Seoul", E),
    ("SHANGHAI", "CH", "Shanghai", C),
    ("SHENYANG", "CH", "Shenyang", C),
    ("SHIRAZ", "IR", "Shiraz", C),
    ("SINGAPORE", "SN", "Singapore", E),
    ("SKOPJE", "MK", "Skopje", E),
    ("SOFIA", "BU", "Sofia", E),
    ("SONGKHLA", "TH", "Songkhla", C),
    ("ST GEORGES", "GJ", "St. George's", E),
    ("ST PETERSBURG", "RS", "St. Petersburg", C),
    ("STOCKHOLM", "SW", "Stockholm", E),
    ("STRASBOURG", "FR", "Strasbourg", C),
    ("STUTTGART", "GM", "Stuttgart", C),
    ("SURABAYA", "ID", "Surabaya", C),
    ("SUVA", "FJ", "Suva", E),
    ("SYDNEY", "AS", "Sydney", C),
    ("TABRIZ", "IR", "Tabriz", C),
    ("TAIPEI", "TW", "Taipei", A),
    ("TALLINN", "EN", "Tallinn", E),
    ("TANGIER", "MO", "Tangier", C),
    ("TASHKENT", "UZ", "Tashkent", E),
    ("TBILISI", "GG", "Tbilisi", E),
    ("TEGUCIGALPA", "HO", "Tegucigalpa", E),
    ("TEHRAN", "IR", "Tehran", E),
    ("TEL AVIV", "IS", "Tel Aviv", E),
    ("THE HAGUE", "NL", "The Hague", E),
    ("THESSALONIKI", "GR", "Thessaloniki", C),
    ("TIJUANA", "MX", "Tijuana", C),
    ("TIRANA", "AL", "Tirana", E),
    ("TOKYO", "JA", "Tokyo", E),
    ("TORONTO", "CA", "Toronto", C),
    ("TOULOUSE", "FR", "Toulouse", C),
    ("TRIPOLI", "LY", "Tripoli", E),
    ("TUNIS", "TS", "Tunis", E),
    ("UDORN", "TH", "Udorn", C),
    ("ULAANBAATAR", "MG", "Ulaanbaatar", E),
    ("ULAN BATOR", "MG", "Ulaanbaatar", E),
    ("VALLETTA", "MT", "Valletta", E),
    ("VANCOUVER", "CA", "Vancouver", C),
    ("VATICAN", "VT", "Vatican", E),
    ("VATICAN CITY", "VT", "Vatican", E),
    ("VICTORIA", "SE", "Victoria", E),
    ("VIENNA", "AU", "Vienna", E),
    ("VIENTIANE", "LA", "Vientiane", E),
    ("VILNIUS", "LH", "Vilnius", E),
    ("VLADIVOSTOK", "RS", "Vladivostok", C),
    ("WARSAW", "PL", "Warsaw", E),
    ("WELLINGTON", "NZ", "Wellington", E),
    ("WINDHOEK", "WA", "Windhoek", E),
    ("WINNIPEG", "CA", "Winnipeg", C),
    ("WUHAN", "CH", "Wuhan", C),
    ("YAOUNDE", "CM", "Yaounde", E),
    ("YEKATERINBURG", "RS", "Yekaterinburg", C),
    ("YEREVAN", "AM", "Yerevan", E),
    ("ZAGREB", "HR", "Zagreb", E),
    ("ZURICH", "SZ", "Zurich", C),
];

/// Posts that are not named after a city (or whose name does not depend on how they are
/// prefixed): (normalized name, FIPS code or "" if none, canonical name, Cablegate id
/// station or "" where not known for sure). Sorted by the first column. Matched whatever prefix (`USMISSION`,
/// `Mission`, ...) comes before them.
#[rustfmt::skip]
static NAMED_POSTS: &[(&str, &str, &str, &str)] = &[
    ("ASEAN JAKARTA", "ID", "Mission ASEAN Jakarta", ""),
    ("CD GENEVA", "SZ", "Mission CD Geneva", ""),
    ("DEPARTMENT OF STATE", "US", "Secretary of State", "STATE"),
    ("DEPT OF STATE", "US", "Secretary of State", "STATE"),
    ("FSC VIENNA", "AU", "US Office FSC Vienna", ""),
    ("ICAO MONTREAL", "CA", "Mission ICAO Montreal", ""),
    ("NEW YORK", "US", "USUN New York", "USUNNEWYORK"),
    ("OECD PARIS", "FR", "Mission OECD Paris", ""),
    ("SECRETARY", "", "US Delegation Secretary", ""),
    ("SECRETARY OF STATE", "US", "Secretary of State", "STATE"),
    ("SECSTATE", "US", "Secretary of State", "STATE"),
    ("SECSTATE WASHDC", "US", "Secretary of State", "STATE"),
    ("SECSTATE WASHINGTON", "US", "Secretary of State", "STATE"),
    ("SECSTATE WASHINGTON DC", "US", "Secretary of State", "STATE"),
    ("STATE", "US", "Secretary of State", "STATE"),
    ("UN ROME", "IT", "Mission UN Rome", ""),
    ("UNESCO", "FR", "Mission UNESCO", "PARISFR"),
    ("UNESCO PARIS", "FR", "Mission UNESCO", "PARISFR"),
    ("UNVIE", "AU", "UNVIE", "UNVIEVIENNA"),
    ("UNVIE VIENNA", "AU", "UNVIE", "UNVIEVIENNA"),
    ("USAU ADDIS ABABA", "ET", "Mission USAU Addis Ababa", ""),
    ("USEU", "BE", "USEU Brussels", "BRUSSELS"),
    ("USEU BRUSSELS", "BE", "USEU Brussels", "BRUSSELS"),
    ("USNATO", "BE", "Mission USNATO", "USNATO"),
    ("USNATO BRUSSELS", "BE", "Mission USNATO", "USNATO"),
    ("USOECD PARIS", "FR", "Mission OECD Paris", ""),
    ("USOSCE", "AU", "Mission USOSCE", "USOSCE"),
    ("USOSCE VIENNA", "AU", "Mission USOSCE", "USOSCE"),
    ("USTR GENEVA", "SZ", "Mission USTR Geneva", ""),
    ("USUN", "US", "USUN New York", "USUNNEWYORK"),
    ("USUN NEW YORK", "US", "USUN New York", "USUNNEWYORK"),
    ("USUN ROME", "IT", "Mission UN Rome", ""),
    ("WASHDC", "US", "Secretary of State", "STATE"),
];

/// Words that introduce a post name, longest first within each kind. The metadata style
/// ("Embassy", "Consulate", "Mission", "US Interests Section", "American Institute
/// Taiwan", "US Office", ...) and the FM-line style ("AMEMBASSY", "AMCONSUL",
/// "USMISSION", "USINT", "AIT", "USLO", "USOFFICE", "USDEL") and known misspellings.
#[rustfmt::skip]
static PREFIXES: &[(&str, Kind)] = &[
    ("AMERICAN CONSULATE GENERAL", Kind::Consulate),
    ("AMERICAN INSTITUTE IN TAIWAN", Kind::Ait),
    ("AMERICAN INSTITUTE TAIWAN", Kind::Ait),
    ("US INTERESTS SECTION", Kind::Interests),
    ("USINTERESTS SECTION", Kind::Interests),
    ("AMERICAN CONSULATE", Kind::Consulate),
    ("US CONSULATE GENERAL", Kind::Consulate),
    ("CONSULATE GENERAL", Kind::Consulate),
    ("INTERESTS SECTION", Kind::Interests),
    ("US LIAISON OFFICE", Kind::Liaison),
    ("AMERICAN EMBASSY", Kind::Embassy),
    ("US DELEGATION", Kind::Delegation),
    ("US CONSULATE", Kind::Consulate),
    ("US EMBASSY", Kind::Embassy),
    ("US MISSION", Kind::Mission),
    ("US OFFICE", Kind::Office),
    ("AMEMBASSY", Kind::Embassy),
    ("AMCONSUL", Kind::Consulate),
    ("AMCONGEN", Kind::Consulate),
    ("CONSULATE", Kind::Consulate),
    ("USMISSION", Kind::Mission),
    ("USMISSIN", Kind::Mission),
    ("USEMBASSY", Kind::Embassy),
    ("USOFFICE", Kind::Office),
    ("IRAN RPO", Kind::Rpo),
    ("EMBASSY", Kind::Embassy),
    ("MISSION", Kind::Mission),
    ("CONGEN", Kind::Consulate),
    ("EMBASY", Kind::Embassy),
    ("AMEMB", Kind::Embassy),
    ("USDEL", Kind::Delegation),
    ("USINT", Kind::Interests),
    ("USLO", Kind::Liaison),
    ("AIT", Kind::Ait),
    ("REO", Kind::Reo),
    ("RPO", Kind::Rpo),
];

/// Abbreviations of post names seen on REF lines, and the post meant.
static REF_ABBREVIATIONS: &[(&str, &str)] = &[
    ("ADDIS", "ADDIS ABABA"),
    ("BSB", "BANDAR SERI BEGAWAN"),
    ("HCMC", "HO CHI MINH CITY"),
    ("KL", "KUALA LUMPUR"),
];

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/// Every FIPS 10-4 country/territory code, the historical codes old TAGS lines use
/// (UR Soviet Union, YO Yugoslavia, YI Serbia and Montenegro, GC/GE East/West Germany,
/// CZ Czechoslovakia, VS South Vietnam, RH Southern Rhodesia, NT Netherlands Antilles,
/// TC the former code of the UAE), State TAGS-only codes (SR Serbia, MW Montenegro) and
/// the State regional pseudo-codes whose meaning the cables make clear (XA, XF, XG, XH,
/// XK, XL, XM, XO, XW, XY), sorted by code.
pub fn all_countries() -> &'static [Country] {
    COUNTRIES
}

/// Lookup by FIPS 10-4 code as written in TAGS (case-insensitive, trims).
pub fn country_by_code(code: &str) -> Option<&'static Country> {
    let code = code.trim();
    if code.len() != 2 || !code.is_ascii() {
        return None;
    }
    let upper = code.to_ascii_uppercase();
    COUNTRIES
        .binary_search_by(|c| c.code.cmp(upper.as_str()))
        .ok()
        .and_then(|i| COUNTRIES.get(i))
}

/// The country a TAGS token puts a cable in: [`country_by_code`], less the FIPS codes
/// that TAGS lines use for something else (`EU`, `IO`: see `TAGS_NOT_COUNTRIES`), plus
/// the non-FIPS tokens that TAGS lines use for a country by mistake (`RU` for Russia,
/// `IQ` for Iraq, `JP` for Japan, `YE` for Yemen, `UAE`, ...).
pub fn country_by_tag(token: &str) -> Option<&'static Country> {
    let upper = token.trim().to_ascii_uppercase();
    if TAGS_NOT_COUNTRIES.iter().any(|(code, _)| *code == upper) {
        return None;
    }
    if let Some(c) = country_by_code(&upper) {
        return Some(c);
    }
    TAG_ALIASES
        .iter()
        .find(|(alias, _)| *alias == upper)
        .and_then(|(_, code)| country_by_code(code))
}

/// Meaning of a subject/program TAG or a common organisation tag (case-insensitive,
/// trims): `PREL` → "External Political Relations", `UNSC` → "UN Security Council".
/// Also the meaning TAGS give the FIPS codes they use for something else (`EU` → "European
/// Union").
pub fn subject_tag(code: &str) -> Option<&'static str> {
    let upper = code.trim().to_ascii_uppercase();
    SUBJECT_TAGS
        .binary_search_by(|(c, _)| (*c).cmp(upper.as_str()))
        .ok()
        .and_then(|i| SUBJECT_TAGS.get(i))
        .or_else(|| TAGS_NOT_COUNTRIES.iter().find(|(c, _)| *c == upper))
        .map(|(_, meaning)| *meaning)
}

/// All subject, program and organisation tags known to [`subject_tag`], sorted by code.
pub fn all_subject_tags() -> &'static [(&'static str, &'static str)] {
    SUBJECT_TAGS
}

/// Region names used to group countries (the State Department's regional bureaus, plus
/// "International"); every [`Country`] has one of these.
pub fn regions() -> &'static [&'static str] {
    REGIONS
}

/// A post name understood: its canonical display name and the FIPS code of its country
/// (`None` for posts with no fixed country, such as a travelling delegation, or an
/// unknown city behind a known prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostInfo {
    pub name: String,
    pub country: Option<&'static str>,
}

/// Understands a post name in any of the spellings the sources use (see
/// [`country_for_post`]). `None` if it does not look like a post.
pub fn parse_post(post: &str) -> Option<PostInfo> {
    let mut s = normalize(post);
    if let Some(rest) = s.strip_prefix("FM ") {
        // A whole FM line was passed.
        s = rest.to_string();
    }
    if s.is_empty() {
        return None;
    }
    if let Some(info) = named_post(&s) {
        return Some(info);
    }
    if let Some((kind, rest)) = strip_kind_prefix(&s) {
        if let Some(info) = named_post(rest) {
            return Some(info);
        }
        if let Some(&(_, code, name, _)) = find_city(rest) {
            return Some(PostInfo {
                name: kind.display(name),
                country: Some(code),
            });
        }
        if looks_like_place(rest) {
            return Some(PostInfo {
                name: kind.display(&title_case(rest)),
                country: None,
            });
        }
        return None;
    }
    if let Some(&(_, code, name, kind)) = find_city(&s) {
        return Some(PostInfo {
            name: kind.display(name),
            country: Some(code),
        });
    }
    // Cablegate id style, no spaces at all (`AITTAIPEI`, `RPODUBAI`, `AMEMBASSYPARIS`).
    if !s.contains(' ') {
        for &(prefix, kind) in PREFIXES {
            let compact_prefix = compact(prefix);
            if let Some(rest) = s.strip_prefix(compact_prefix.as_str()) {
                if rest.is_empty() {
                    continue;
                }
                if let Some(info) = named_post(rest) {
                    return Some(info);
                }
                if let Some(&(_, code, name, _)) = find_city(rest) {
                    return Some(PostInfo {
                        name: kind.display(name),
                        country: Some(code),
                    });
                }
            }
        }
    }
    None
}

/// The post (origin) a cable came from → FIPS code of its country. Accepts every
/// spelling the sources use, case-insensitive: metadata style ("Embassy Phnom Penh",
/// "Consulate Ho Chi Minh City", "American Institute Taiwan, Taipei", "USUN New York",
/// "Mission USNATO", "USEU Brussels", "US Interests Section Havana", "UNVIE",
/// "Iran RPO Dubai", "Secretary of State", "Embasy Bonn", "US Mission Geneva",
/// "REO Basrah", "US Office Almaty", "USOSCE", "Embassy Vatican"), FM-line style
/// ("AMEMBASSY PHNOM PENH", "AMCONSUL HO CHI MINH CITY", "USMISSION USUN NEW YORK",
/// "SECSTATE WASHDC", "AIT TAIPEI", "USINT HAVANA", ...), a bare city, or a Cablegate id
/// station ("PHNOMPENH"). Missions to international organisations map to the host country
/// of their city: USNATO and USEU → BE, UNVIE and USOSCE → AU (FIPS Austria), USUN New
/// York → US, Geneva → SZ, UNESCO/OECD → FR, UN Rome → IT.
pub fn country_for_post(post: &str) -> Option<&'static str> {
    parse_post(post).and_then(|p| p.country)
}

/// Canonical display name of a post given an FM-line form or metadata form:
/// "AMEMBASSY PHNOM PENH" → "Embassy Phnom Penh", "AMCONSUL HO CHI MINH CITY" →
/// "Consulate Ho Chi Minh City", "SECSTATE WASHDC" → "Secretary of State",
/// "USMISSION USUN NEW YORK" → "USUN New York", "AIT TAIPEI" → "American Institute
/// Taiwan, Taipei", "USMISSION USNATO" → "Mission USNATO", "USMISSION PHNOM PENH" →
/// "Mission Phnom Penh", "USINT HAVANA" → "US Interests Section Havana". A known prefix
/// before an unknown place still gives a name ("AMEMBASSY ATLANTIS" → "Embassy
/// Atlantis"). Returns None if it does not look like a post.
pub fn canonical_post(post: &str) -> Option<String> {
    parse_post(post).map(|p| p.name)
}

/// The post part of a Cablegate reference id for a post as written on a REF line or FM
/// line (`PHNOM PENH` → `PHNOMPENH`, `SECSTATE` → `STATE`, `USUN NEW YORK` →
/// `USUNNEWYORK`, `AIT TAIPEI` → `TAIPEI`, `HCMC` → `HOCHIMINHCITY`). Only for posts the
/// tables know; `None` otherwise.
pub fn reference_post(post: &str) -> Option<String> {
    let mut s = normalize(post);
    if let Some(&(_, full)) = REF_ABBREVIATIONS.iter().find(|(abbr, _)| *abbr == s) {
        s = full.to_string();
    }
    let rest = match strip_kind_prefix(&s) {
        Some((Kind::Rpo, rest)) if find_city(rest).is_some() => {
            return Some(format!("RPO{}", compact(rest)))
        }
        Some((_, rest)) => rest,
        None => s.as_str(),
    };
    if let Some(&(_, _, _, station)) = find_named(rest) {
        return (!station.is_empty()).then(|| station.to_string());
    }
    find_city(rest).map(|&(key, _, name, _)| city_station(key, name))
}

/// Every post city in the table: (display name, FIPS code). Several spellings of one
/// city share a display name.
pub fn post_cities() -> impl Iterator<Item = (&'static str, &'static str)> {
    POST_CITIES.iter().map(|&(_, code, name, _)| (name, code))
}

/// URL slug for a country name, post, author, classification ...: lowercase ASCII,
/// hyphens ("Embassy Phnom Penh" → "embassy-phnom-penh", "Côte d'Ivoire" →
/// "cote-d-ivoire", "Lê Thị Hoa" → "le-thi-hoa"); never empty, never contains '/', '.',
/// or anything outside [a-z0-9-]. Every slug made from content is made here, so one
/// name has one slug wherever it appears. Letters are folded to ASCII (the common Latin
/// letters with diacritics by a table here, everything else by `deunicode`: "北京" →
/// "bei-jing", "Москва" → "moskva"); a letter with no ASCII form becomes `u` + its hex
/// code point; everything else separates words. Names that differ only in accents or
/// punctuation share a slug, so callers that make pages from names written by hand
/// (annotation authors) say when two spellings meet on one page.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_sep = false;
    // Pushes ASCII letters and digits of `piece` in lower case, any other character as a
    // word break.
    let push_ascii = |piece: &str, out: &mut String, pending: &mut bool| {
        for b in piece.bytes() {
            if b.is_ascii_alphanumeric() {
                if *pending && !out.is_empty() {
                    out.push('-');
                }
                *pending = false;
                out.push(b.to_ascii_lowercase() as char);
            } else {
                *pending = true;
            }
        }
    };
    for ch in s.chars() {
        if ch.is_ascii() {
            let mut buf = [0u8; 4];
            push_ascii(ch.encode_utf8(&mut buf), &mut out, &mut pending_sep);
        } else if let Some(t) = transliterate(ch) {
            push_ascii(t, &mut out, &mut pending_sep);
        } else if let Some(t) = deunicode::deunicode_char(ch)
            .filter(|t| !ch.is_alphanumeric() || t.bytes().any(|b| b.is_ascii_alphanumeric()))
        {
            push_ascii(t, &mut out, &mut pending_sep);
        } else if ch.is_alphanumeric() {
            pending_sep = true;
            push_ascii(&format!("u{:x}", ch as u32), &mut out, &mut pending_sep);
            pending_sep = true;
        } else {
            pending_sep = true;
        }
    }
    if out.is_empty() {
        "untitled".to_string()
    } else {
        out
    }
}

// ---------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------

/// Upper case, ASCII, apostrophes dropped (`N'DJAMENA` → `NDJAMENA`), every other
/// non-alphanumeric character a single space, trimmed.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if matches!(ch, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}') {
            continue;
        }
        let ascii = if ch.is_ascii_alphanumeric() {
            None
        } else {
            transliterate(ch)
        };
        if !ch.is_ascii_alphanumeric() && ascii.is_none() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match ascii {
            Some(t) => out.extend(t.chars().map(|c| c.to_ascii_uppercase())),
            None => out.push(ch.to_ascii_uppercase()),
        }
    }
    out
}

/// A string without its spaces.
fn compact(s: &str) -> String {
    s.chars().filter(|c| *c != ' ').collect()
}

/// ASCII for common Latin letters with diacritics.
fn transliterate(ch: char) -> Option<&'static str> {
    Some(match ch {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Č' | 'Ĉ' | 'Ċ' => "C",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'Ğ' | 'Ģ' => "G",
        'ğ' | 'ģ' => "g",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ķ' => "K",
        'ķ' => "k",
        'Ł' | 'Ľ' | 'Ļ' | 'Ĺ' => "L",
        'ł' | 'ľ' | 'ļ' | 'ĺ' => "l",
        'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "N",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ř' => "R",
        'ŕ' | 'ř' => "r",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ť' | 'ţ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ý' | 'Ÿ' => "Y",
        'ý' | 'ÿ' => "y",
        'Ź' | 'Ž' | 'Ż' => "Z",
        'ź' | 'ž' | 'ż' => "z",
        _ => return None,
    })
}

/// Index from a normalized key, and from the same key without spaces, to a table row.
struct Index {
    exact: HashMap<&'static str, usize>,
    compact: HashMap<String, usize>,
}

impl Index {
    fn build(keys: impl Iterator<Item = &'static str>) -> Index {
        let mut exact = HashMap::new();
        let mut compact_map = HashMap::new();
        for (i, k) in keys.enumerate() {
            exact.entry(k).or_insert(i);
            compact_map.entry(compact(k)).or_insert(i);
        }
        Index {
            exact,
            compact: compact_map,
        }
    }

    /// Exact match, then a match ignoring spaces, then the same without a short trailing
    /// word (a state or country abbreviation: `MELBOURNE VIC`, `USUN NEW YORK NY`,
    /// `USOSCE VIENNA AU`).
    fn find(&self, s: &str) -> Option<usize> {
        if let Some(&i) = self.exact.get(s) {
            return Some(i);
        }
        if let Some(&i) = self.compact.get(&compact(s)) {
            return Some(i);
        }
        let (head, last) = s.rsplit_once(' ')?;
        if last.len() <= 3 {
            return self.exact.get(head).copied();
        }
        None
    }
}

fn city_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(POST_CITIES.iter().map(|r| r.0)))
}

fn named_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(NAMED_POSTS.iter().map(|r| r.0)))
}

fn find_city(s: &str) -> Option<&'static (&'static str, &'static str, &'static str, Kind)> {
    city_index().find(s).and_then(|i| POST_CITIES.get(i))
}

fn find_named(
    s: &str,
) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    named_index().find(s).and_then(|i| NAMED_POSTS.get(i))
}

fn named_post(s: &str) -> Option<PostInfo> {
    find_named(s).map(|&(_, code, name, _)| PostInfo {
        name: name.to_string(),
        country: (!code.is_empty()).then_some(code),
    })
}

/// Splits a known post-kind prefix off a normalized name (`AMEMBASSY PHNOM PENH` →
/// (Embassy, `PHNOM PENH`)). The prefix must be followed by at least one word.
fn strip_kind_prefix(s: &str) -> Option<(Kind, &str)> {
    PREFIXES.iter().find_map(|&(prefix, kind)| {
        let rest = s.strip_prefix(prefix)?.strip_prefix(' ')?;
        (!rest.is_empty()).then_some((kind, rest))
    })
}

/// Whether the words after a post prefix could be a place name rather than running text:
/// one to four words of letters.
fn looks_like_place(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
}

/// `PORT OF SPAIN` → `Port Of Spain` (only for places the table does not know).
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => {
                    first.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase()
                }
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Cablegate id station of a post city: its name as written without spaces, except
/// for long forms of a shorter official name (`GUATEMALA CITY` → `GUATEMALA`,
/// `SAINT PETERSBURG` → `STPETERSBURG`, `OSAKA` → `OSAKAKOBE`).
fn city_station(key: &str, name: &str) -> String {
    match key {
        "SAINT PETERSBURG" => "STPETERSBURG".to_string(),
        "OSAKA" => "OSAKAKOBE".to_string(),
        "EAST BERLIN" | "BERLIN EAST" => "BERLIN".to_string(),
        _ if key.ends_with(" CITY") && !name.ends_with("City") => compact(&normalize(name)),
        _ => compact(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The shared corpus, when this checkout has it next to the crate.
    fn corpus() -> Option<PathBuf> {
        let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
        if p.is_dir() {
            Some(p.to_path_buf())
        } else {
            println!("skipped: ../shared not found");
            None
        }
    }

    fn read(path: &Path) -> String {
        let bytes =
            std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// A small CSV reader: comma-separated fields, optionally in double quotes, raw
    /// newlines allowed inside quotes. With `backslash_escapes` a backslash inside quotes
    /// escapes the next character (the MySQL-style dump of `cables-sample.csv`);
    /// otherwise `""` inside quotes is a quote (RFC 4180, `metadata.csv`).
    fn read_csv(text: &str, backslash_escapes: bool) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row: Vec<String> = Vec::new();
        let mut field = String::new();
        let mut in_quotes = false;
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            if in_quotes {
                match ch {
                    '\\' if backslash_escapes => {
                        if let Some(next) = chars.next() {
                            field.push(next);
                        }
                    }
                    '"' if !backslash_escapes && chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => in_quotes = false,
                    _ => field.push(ch),
                }
            } else {
                match ch {
                    '"' => in_quotes = true,
                    ',' => row.push(std::mem::take(&mut field)),
                    '\n' => {
                        row.push(std::mem::take(&mut field));
                        if row.iter().any(|f| !f.is_empty()) {
                            rows.push(std::mem::take(&mut row));
                        } else {
                            row.clear();
                        }
                    }
                    '\r' => {}
                    _ => field.push(ch),
                }
            }
        }
        if !field.is_empty() || !row.is_empty() {
            row.push(field);
            rows.push(row);
        }
        rows
    }

    #[test]
    fn tables_are_sorted_unique_and_consistent() {
        for w in COUNTRIES.windows(2) {
            assert!(
                w[0].code < w[1].code,
                "COUNTRIES not sorted at {} / {}",
                w[0].code,
                w[1].code
            );
        }
        for c in COUNTRIES {
            assert_eq!(c.code.len(), 2, "{c:?}");
            assert!(c.code.bytes().all(|b| b.is_ascii_uppercase()), "{c:?}");
            assert!(REGIONS.contains(&c.region), "{c:?} has an unknown region");
        }
        for w in SUBJECT_TAGS.windows(2) {
            assert!(
                w[0].0 < w[1].0,
                "SUBJECT_TAGS not sorted at {} / {}",
                w[0].0,
                w[1].0
            );
        }
        for (code, meaning) in SUBJECT_TAGS {
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                "{code}"
            );
            assert!(!meaning.is_empty());
            assert!(
                country_by_code(code).is_none(),
                "{code} is both a country and a subject tag"
            );
        }
        for w in POST_CITIES.windows(2) {
            assert!(
                w[0].0 < w[1].0,
                "POST_CITIES not sorted at {} / {}",
                w[0].0,
                w[1].0
            );
        }
        for &(key, code, name, _) in POST_CITIES {
            assert_eq!(normalize(key), key, "post key not normalized");
            assert!(
                country_by_code(code).is_some(),
                "{key}: unknown country {code}"
            );
            assert!(!name.is_empty());
        }
        for w in NAMED_POSTS.windows(2) {
            assert!(
                w[0].0 < w[1].0,
                "NAMED_POSTS not sorted at {} / {}",
                w[0].0,
                w[1].0
            );
        }
        for &(key, code, _, station) in NAMED_POSTS {
            assert_eq!(normalize(key), key, "named post key not normalized");
            assert!(
                code.is_empty() || country_by_code(code).is_some(),
                "{key}: unknown country {code}"
            );
            assert!(
                station.bytes().all(|b| b.is_ascii_uppercase()),
                "{key}: station {station}"
            );
        }
        // A prefix that begins with another prefix plus a space must be tried first.
        for (i, (long, _)) in PREFIXES.iter().enumerate() {
            for (j, (short, _)) in PREFIXES.iter().enumerate() {
                if long.starts_with(&format!("{short} ")) {
                    assert!(i < j, "prefix {long} must come before {short}");
                }
            }
        }
        for (alias, code) in TAG_ALIASES {
            assert!(country_by_code(alias).is_none(), "{alias} is a real code");
            assert!(country_by_code(code).is_some(), "{alias} → {code}");
        }
        for (code, _) in TAGS_NOT_COUNTRIES {
            assert!(country_by_code(code).is_some(), "{code} is not a FIPS code");
            assert!(
                SUBJECT_TAGS.iter().all(|(c, _)| c != code),
                "{code} is also in SUBJECT_TAGS"
            );
        }
    }

    #[test]
    fn hand_written_countries_and_tags() {
        assert_eq!(country_by_code("CB").map(|c| c.name), Some("Cambodia"));
        assert_eq!(country_by_code("BM").map(|c| c.name), Some("Burma"));
        assert_eq!(country_by_code("VM").map(|c| c.name), Some("Vietnam"));
        assert_eq!(country_by_code(" th ").map(|c| c.name), Some("Thailand"));
        assert_eq!(country_by_code("CH").map(|c| c.name), Some("China"));
        assert_eq!(country_by_code("RP").map(|c| c.name), Some("Philippines"));
        assert_eq!(
            country_by_code("TW").map(|c| c.region),
            Some("East Asia and Pacific")
        );
        assert_eq!(country_by_code("AU").map(|c| c.name), Some("Austria"));
        assert_eq!(country_by_code("AS").map(|c| c.name), Some("Australia"));
        assert_eq!(
            country_by_code("UR").map(|c| c.name),
            Some("Soviet Union (historical)")
        );
        assert_eq!(
            country_by_code("YO").map(|c| c.region),
            Some("Europe and Eurasia")
        );
        assert_eq!(country_by_code("XA").map(|c| c.region), Some("Africa"));
        assert_eq!(country_by_code("EG").map(|c| c.region), Some("Near East"));
        assert_eq!(country_by_code("IV").map(|c| c.name), Some("Côte d'Ivoire"));
        assert!(country_by_code("ZZ").is_none());
        assert!(country_by_code("PREL").is_none());
        assert!(country_by_code("").is_none());
        assert!(country_by_code("é").is_none());
        assert_eq!(country_by_tag("RU").map(|c| c.code), Some("RS"));
        assert_eq!(country_by_tag("cb").map(|c| c.code), Some("CB"));
        assert!(country_by_tag("PREL").is_none());
        // FIPS codes the TAGS use for something else put a cable in no country.
        assert_eq!(country_by_code("EU").map(|c| c.name), Some("Europa Island"));
        assert!(country_by_tag("EU").is_none());
        assert!(country_by_tag(" eu ").is_none());
        assert_eq!(subject_tag("EU"), Some("European Union"));
        assert!(country_by_tag("IO").is_none());
        assert_eq!(
            subject_tag("IO"),
            Some("International Organization Affairs")
        );
        // Not FIPS, and the cables use it for Vietnam and for Venezuela.
        assert!(country_by_tag("VN").is_none());
        assert!(subject_tag("VN").is_none());
        assert_eq!(country_by_tag("VM").map(|c| c.name), Some("Vietnam"));

        assert_eq!(subject_tag("PREL"), Some("External Political Relations"));
        assert_eq!(subject_tag(" pgov "), Some("Internal Governmental Affairs"));
        assert_eq!(subject_tag("PHUM"), Some("Human Rights"));
        assert_eq!(subject_tag("KTIP"), Some("Trafficking in Persons"));
        assert_eq!(subject_tag("UNSC"), Some("UN Security Council"));
        assert_eq!(subject_tag("EUN"), Some("European Union"));
        assert!(subject_tag("CB").is_none());
        assert!(subject_tag("").is_none());
        assert!(subject_tag("Human Rights").is_none());
        for code in [
            "KJUS", "SNAR", "ETRD", "EAID", "MARR", "PTER", "PINR", "OVIP", "ASEC", "AMGT", "CASC",
            "KDEM", "ECON", "EFIN", "EINV", "ENRG", "SENV", "TBIO", "KPAO", "KIRF", "KWMN", "PREF",
            "SMIG", "UN", "UNGA", "ASEAN", "NATO", "WTO", "IAEA", "OAS", "AORC",
        ] {
            assert!(subject_tag(code).is_some(), "{code}");
        }
        assert_eq!(regions().len(), 7);
        assert!(all_countries().len() > 270);
    }

    #[test]
    fn hand_written_posts() {
        let cases: &[(&str, &str, &str)] = &[
            ("Embassy Phnom Penh", "Embassy Phnom Penh", "CB"),
            ("AMEMBASSY PHNOM PENH", "Embassy Phnom Penh", "CB"),
            ("FM AMEMBASSY PHNOM PENH", "Embassy Phnom Penh", "CB"),
            ("amembassy  phnom   penh ", "Embassy Phnom Penh", "CB"),
            ("PHNOMPENH", "Embassy Phnom Penh", "CB"),
            (
                "Consulate Ho Chi Minh City",
                "Consulate Ho Chi Minh City",
                "VM",
            ),
            (
                "AMCONSUL HO CHI MINH CITY",
                "Consulate Ho Chi Minh City",
                "VM",
            ),
            (
                "American Institute Taiwan, Taipei",
                "American Institute Taiwan, Taipei",
                "TW",
            ),
            ("AIT TAIPEI", "American Institute Taiwan, Taipei", "TW"),
            ("AITTAIPEI", "American Institute Taiwan, Taipei", "TW"),
            ("USUN New York", "USUN New York", "US"),
            ("USMISSION USUN NEW YORK", "USUN New York", "US"),
            ("USMISSION USUN NEW YORK NY", "USUN New York", "US"),
            ("USMISSION NEW YORK", "USUN New York", "US"),
            ("Mission USNATO", "Mission USNATO", "BE"),
            ("USMISSION USNATO", "Mission USNATO", "BE"),
            ("USEU Brussels", "USEU Brussels", "BE"),
            ("USEU BRUSSELS", "USEU Brussels", "BE"),
            (
                "US Interests Section Havana",
                "US Interests Section Havana",
                "CU",
            ),
            ("USINT HAVANA", "US Interests Section Havana", "CU"),
            ("UNVIE", "UNVIE", "AU"),
            ("USMISSION UNVIE VIENNA", "UNVIE", "AU"),
            ("Iran RPO Dubai", "Iran RPO Dubai", "AE"),
            ("RPO DUBAI", "Iran RPO Dubai", "AE"),
            ("Secretary of State", "Secretary of State", "US"),
            ("SECSTATE WASHDC", "Secretary of State", "US"),
            ("Embasy Bonn", "Embassy Bonn", "GM"),
            ("AMEMBASSY BONN", "Embassy Bonn", "GM"),
            ("US Mission Geneva", "Mission Geneva", "SZ"),
            ("USMISSION GENEVA", "Mission Geneva", "SZ"),
            ("REO Basrah", "REO Basrah", "IZ"),
            ("US Office Almaty", "US Office Almaty", "KZ"),
            ("USOSCE", "Mission USOSCE", "AU"),
            ("USMISSION USOSCE VIENNA AU", "Mission USOSCE", "AU"),
            ("Embassy Vatican", "Embassy Vatican", "VT"),
            ("AMEMBASSY VATICAN CITY", "Embassy Vatican", "VT"),
            ("USMISSION PHNOM PENH", "Mission Phnom Penh", "CB"),
            ("AMEMBASSY KUALA LUMPUR", "Embassy Kuala Lumpur", "MY"),
            ("AMEMBASSY PORT AU PRINCE", "Embassy Port-au-Prince", "HA"),
            ("Embassy Port-au-Prince", "Embassy Port-au-Prince", "HA"),
            (
                "AMEMBASSY BANDAR SERI BEGAWAN",
                "Embassy Bandar Seri Begawan",
                "BX",
            ),
            ("Consulate Rio De Janeiro", "Consulate Rio de Janeiro", "BR"),
            ("AMEMBASSY KIEV", "Embassy Kyiv", "UP"),
            ("Embassy Kyiv", "Embassy Kyiv", "UP"),
            ("AMCONSUL CALCUTTA", "Consulate Kolkata", "IN"),
            ("AMEMBASSY SAIGON", "Embassy Saigon", "VM"),
            ("AMCONSUL LENINGRAD", "Consulate Leningrad", "RS"),
            ("Embassy Berlin (East)", "Embassy East Berlin", "GM"),
            ("AMEMBASSY GUATEMALA CITY", "Embassy Guatemala", "GT"),
            ("Embassy Guatemala", "Embassy Guatemala", "GT"),
            ("AMEMBASSY N'DJAMENA", "Embassy N'Djamena", "CD"),
            ("AMCONSUL MELBOURNE VIC", "Consulate Melbourne", "AS"),
            ("AMCONSUL JERUSALEM", "Consulate Jerusalem", "IS"),
            ("AMEMBASSY BELGRADE", "Embassy Belgrade", "RI"),
            ("AMEMBASSY RANGOON", "Embassy Rangoon", "BM"),
            ("Consulate São Paulo", "Consulate Sao Paulo", "BR"),
            ("USLO TRIPOLI", "US Liaison Office Tripoli", "LY"),
            ("Hanoi", "Embassy Hanoi", "VM"),
        ];
        for &(input, name, code) in cases {
            assert_eq!(
                canonical_post(input).as_deref(),
                Some(name),
                "canonical_post({input:?})"
            );
            assert_eq!(
                country_for_post(input),
                Some(code),
                "country_for_post({input:?})"
            );
        }
        // A known prefix before an unknown place still names a post, without a country.
        assert_eq!(
            canonical_post("AMEMBASSY ATLANTIS").as_deref(),
            Some("Embassy Atlantis")
        );
        assert_eq!(country_for_post("AMEMBASSY ATLANTIS"), None);
        assert_eq!(
            canonical_post("USDEL SECRETARY").as_deref(),
            Some("US Delegation Secretary")
        );
        assert_eq!(country_for_post("USDEL SECRETARY"), None);
        // Running text is not a post.
        for text in [
            "",
            "   ",
            "FM said the ROYG will present its views at this initial",
            "Singh in Seoul",
            "AMEMBASSY",
            "EMBASSY SAID IT WOULD RAISE THE ISSUE WITH THE GOVERNMENT",
            "(ref F) and the Ambassador's March 28 meeting with",
        ] {
            assert_eq!(canonical_post(text), None, "{text:?}");
            assert_eq!(country_for_post(text), None, "{text:?}");
        }
    }

    #[test]
    fn reference_posts() {
        let cases: &[(&str, Option<&str>)] = &[
            ("PHNOM PENH", Some("PHNOMPENH")),
            ("STATE", Some("STATE")),
            ("SECSTATE", Some("STATE")),
            ("HCMC", Some("HOCHIMINHCITY")),
            ("HO CHI MINH CITY", Some("HOCHIMINHCITY")),
            ("USUN NEW YORK", Some("USUNNEWYORK")),
            ("USUN", Some("USUNNEWYORK")),
            ("USNATO", Some("USNATO")),
            ("UNVIE VIENNA", Some("UNVIEVIENNA")),
            ("AIT TAIPEI", Some("TAIPEI")),
            ("RPO DUBAI", Some("RPODUBAI")),
            ("KIEV", Some("KIEV")),
            ("KYIV", Some("KYIV")),
            ("GUATEMALA CITY", Some("GUATEMALA")),
            ("HO CHI MINH CITY", Some("HOCHIMINHCITY")),
            ("PORT AU PRINCE", Some("PORTAUPRINCE")),
            ("SAINT PETERSBURG", Some("STPETERSBURG")),
            ("OF", None),
            ("SECTION", None),
        ];
        for &(input, want) in cases {
            assert_eq!(
                reference_post(input).as_deref(),
                want,
                "reference_post({input:?})"
            );
        }
    }

    #[test]
    fn slug_rules() {
        assert_eq!(slug("Embassy Phnom Penh"), "embassy-phnom-penh");
        assert_eq!(slug("Côte d'Ivoire"), "cote-d-ivoire");
        assert_eq!(
            slug("American Institute Taiwan, Taipei"),
            "american-institute-taiwan-taipei"
        );
        assert_eq!(slug("Embassy Port-au-Prince"), "embassy-port-au-prince");
        assert_eq!(slug("São Tomé and Príncipe"), "sao-tome-and-principe");
        assert_eq!(slug("U.S. Virgin Islands"), "u-s-virgin-islands");
        assert_eq!(slug("  --Human   Rights--  "), "human-rights");
        assert_eq!(slug("HIV/AIDS"), "hiv-aids");
        assert_eq!(slug("../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug(""), "untitled");
        assert_eq!(slug("/./"), "untitled");
        // Every letter folded to ASCII, not escaped (existing ASCII slugs are as before).
        assert_eq!(slug("Lê Thị Hoa"), "le-thi-hoa");
        assert_eq!(slug("Nguyễn Tấn Dũng"), "nguyen-tan-dung");
        assert_eq!(slug("José García"), slug("Jose Garcia"));
        assert_eq!(slug("Jose-Garcia"), "jose-garcia");
        assert_eq!(slug("Łódź"), "lodz");
        assert_eq!(slug("Москва"), "moskva");
        assert_eq!(slug("北京"), "bei-jing");
        assert_ne!(slug("北京"), slug("上海"));
        assert_eq!(slug("..."), "untitled");
        let samples = ["", "Ĳssel ☃ 北京 Ω", "a.b/c\\d", "—", "Côte d'Ivoire", "x"];
        for s in samples
            .iter()
            .copied()
            .chain(COUNTRIES.iter().map(|c| c.name))
        {
            let out = slug(s);
            assert!(!out.is_empty(), "{s:?}");
            assert!(
                out.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{s:?} → {out}"
            );
            assert!(
                !out.starts_with('-') && !out.ends_with('-') && !out.contains("--"),
                "{s:?} → {out}"
            );
        }
        // Country slugs are distinct, so they can be page names.
        let mut slugs: Vec<String> = COUNTRIES.iter().map(|c| slug(c.name)).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), COUNTRIES.len());
    }

    #[test]
    fn corpus_fips_codes_resolve() {
        let Some(dir) = corpus() else { return };
        let rows = read_csv(&read(&dir.join("tags/fips-10-4-countries.csv")), false);
        let mut checked = 0;
        for row in rows.iter().skip(1) {
            let Some(code) = row.first() else { continue };
            if code == "-" || code.is_empty() {
                continue;
            }
            assert!(
                country_by_code(code).is_some(),
                "FIPS code {code} ({row:?}) not in the table"
            );
            checked += 1;
        }
        println!("fips-10-4-countries.csv: {checked} codes, all resolve");
        assert!(checked > 250);
    }

    #[test]
    fn corpus_subject_tags_resolve() {
        let Some(dir) = corpus() else { return };
        let list = read(&dir.join("tags/cablemap-subject-tags.txt"));
        let codes: Vec<&str> = list
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let missing: Vec<&str> = codes
            .iter()
            .copied()
            .filter(|c| subject_tag(c).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "subject tags without a meaning: {missing:?}"
        );
        println!(
            "cablemap-subject-tags.txt: {} codes, all resolve",
            codes.len()
        );

        // tags-in-corpus.csv: every token cablemap knows as a subject tag resolves; report
        // how the other all-caps tokens fare.
        let rows = read_csv(&read(&dir.join("tags/tags-in-corpus.csv")), false);
        let (mut known, mut geo, mut subject, mut other) = (0, 0, 0, Vec::new());
        for row in rows.iter().skip(1) {
            let (Some(token), Some(flag)) = (row.first(), row.get(2)) else {
                continue;
            };
            if flag == "yes" {
                assert!(
                    subject_tag(token).is_some(),
                    "{token} is a cablemap subject tag"
                );
                known += 1;
            }
            if token.len() >= 2 && token.bytes().all(|b| b.is_ascii_uppercase()) {
                if country_by_tag(token).is_some() {
                    geo += 1;
                } else if subject_tag(token).is_some() {
                    subject += 1;
                } else {
                    other.push(token.as_str());
                }
            }
        }
        println!(
            "tags-in-corpus.csv: {known} cablemap subject tags resolve; all-caps tokens: {geo} geographic, \
             {subject} subject/program/organisation, {} not in the tables: {}",
            other.len(),
            other.join(" ")
        );
    }

    #[test]
    fn corpus_origins_resolve() {
        let Some(dir) = corpus() else { return };
        let meta = read_csv(&read(&dir.join("metadata.csv")), false);
        let header = meta.first().cloned().unwrap_or_default();
        let col = header
            .iter()
            .position(|h| h == "origin")
            .expect("metadata.csv has an origin column");
        let mut origins: Vec<String> = meta
            .iter()
            .skip(1)
            .filter_map(|r| r.get(col).cloned())
            .collect();
        let sample = read_csv(&read(&dir.join("cables-sample.csv")), true);
        let sample_origins: Vec<String> = sample.iter().filter_map(|r| r.get(3).cloned()).collect();
        assert_eq!(sample_origins.len(), 721, "cables-sample.csv rows");
        origins.extend(sample_origins);
        origins.sort();
        origins.dedup();
        let mut bad = Vec::new();
        for o in &origins {
            if country_for_post(o).is_none() || canonical_post(o).is_none() {
                bad.push(o.clone());
            }
        }
        println!(
            "metadata.csv + cables-sample.csv: {} distinct origins, {} unresolved",
            origins.len(),
            bad.len()
        );
        assert!(bad.is_empty(), "origins that do not resolve: {bad:?}");
    }

    /// The FM line of a telegram is the first line starting `FM ` in its routing header,
    /// i.e. before the TAGS / E.O. / SUBJECT lines; all of those must resolve. `FM` lines
    /// further down are mostly body text ("FM Qirbi said ...", the foreign minister), but
    /// some are the routing block of a quoted or repeated telegram: those that begin with
    /// a routing prefix (`FM AMEMBASSY ...`) must resolve too; the rest must not look like
    /// a post.
    #[test]
    fn corpus_fm_lines_resolve() {
        let Some(dir) = corpus() else { return };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir.join("cables"))
            .expect("cables/ readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        entries.sort();
        let routing = [
            "AMEMBASSY ",
            "AMCONSUL ",
            "USMISSION ",
            "SECSTATE ",
            "USINT ",
            "AIT ",
            "USEU ",
            "RPO ",
        ];
        let (mut files, mut header_fm, mut body_posts, mut body_text) = (0, 0, 0, 0);
        let mut bad = Vec::new();
        for path in &entries {
            files += 1;
            let text = read(path);
            let mut in_header = true;
            for line in text.lines() {
                let t = line.trim();
                if ["TAGS", "E.O.", "E. O.", "SUBJECT"]
                    .iter()
                    .any(|p| t.starts_with(p))
                {
                    in_header = false;
                }
                let Some(rest) = t.strip_prefix("FM ") else {
                    continue;
                };
                let resolved = canonical_post(rest).is_some() && country_for_post(rest).is_some();
                if in_header {
                    header_fm += 1;
                    in_header = false; // one FM line per routing header
                    if !resolved {
                        bad.push(format!("{}: FM {rest}", path.display()));
                    }
                } else if routing.iter().any(|p| rest.starts_with(p)) {
                    body_posts += 1;
                    if !resolved {
                        bad.push(format!("{}: (quoted) FM {rest}", path.display()));
                    }
                } else {
                    body_text += 1;
                    if canonical_post(rest).is_some() {
                        bad.push(format!(
                            "{}: body text taken for a post: FM {rest}",
                            path.display()
                        ));
                    }
                }
            }
        }
        println!(
            "cables/*.txt: {files} files, {header_fm} header FM lines, {body_posts} quoted FM lines, \
             {body_text} body-text FM lines; {} unresolved",
            bad.len()
        );
        for b in &bad {
            println!("  unresolved {b}");
        }
        assert!(header_fm > 1000);
        assert!(bad.is_empty());
    }
}
