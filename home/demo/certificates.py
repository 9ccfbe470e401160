"""The demo's certificates: the eight of the programme's first year (2019), handed over on
paper and recorded by staff — no application, decision or scores — and what every
certificate prints (the programme's name; two signatories, people made up for the demo)."""

import datetime

# The seed names the municipalities and the year only; the demo dates them 1 December.
FIRST_YEAR = datetime.date(2019, 12, 1)
FIRST_CERTIFIED = [
    "sighnaghi",
    "ozurgeti",
    "gori",
    "tskaltubo",
    "zugdidi",
    "kutaisi",
    "batumi",
    "akhaltsikhe",
]

CERTIFICATE_SETTINGS = {
    "programme_ka": "მუნიციპალიტეტის სერტიფიცირება",
    "programme_en": "Municipality certification",
    "signatory_1_name_ka": "ნინო ბერიძე",
    "signatory_1_name_en": "Nino Beridze",
    "signatory_1_title_ka": "პროგრამის კოორდინატორი",
    "signatory_1_title_en": "Programme coordinator",
    "signatory_2_name_ka": "გიორგი კაპანაძე",
    "signatory_2_name_en": "Giorgi Kapanadze",
    "signatory_2_title_ka": "კონსორციუმის თავმჯდომარე",
    "signatory_2_title_en": "Chair of the consortium",
}
