"""The assessment criteria of the programme (four for the experts, four for the consortium)."""

from .text import T

# (code, stage, name, description)
CRITERIA = [
    (
        "motivation_resources",
        "evaluation",
        T("მონაწილეობის მოტივაცია და რესურსები", "Motivation and resources"),
        T(
            "რატომ სურს მუნიციპალიტეტს სერტიფიცირება და რა რესურსები აქვს ამისთვის.",
            "Why the municipality seeks certification and what resources it has for it.",
        ),
    ),
    (
        "community_impact",
        "evaluation",
        T("მოსალოდნელი გავლენა ადგილობრივ საზოგადოებაზე", "Expected impact on the local community"),
        T("რას შეცვლის პროცესი მოსახლეობისთვის.", "What the process will change for residents."),
    ),
    (
        "local_decision_making",
        "evaluation",
        T("გადაწყვეტილების მიღება ადგილობრივ დონეზე", "Local decision-making"),
        T(
            "როგორ მონაწილეობენ მოქალაქეები ადგილობრივ გადაწყვეტილებებში.",
            "How citizens take part in local decisions.",
        ),
    ),
    (
        "pb_development",
        "evaluation",
        T(
            "სამოქალაქო ბიუჯეტის განვითარება და მონაწილეობის მექანიზმები",
            "Development of PB and use of participation mechanisms",
        ),
        T(
            "როგორ ვითარდება სამოქალაქო ბიუჯეტი და რა მექანიზმები გამოიყენება.",
            "How participatory budgeting develops and which mechanisms are used.",
        ),
    ),
    (
        "standards_compliance",
        "decision",
        T("პროცესის შესაბამისობა სტანდარტებთან", "Compliance of the PB process with the standards"),
        T("", ""),
    ),
    (
        "participation_quality",
        "decision",
        T(
            "მონაწილეობა, პროექტების წარდგენა და ჩართულობის ხარისხი",
            "Participation, project submission and quality of engagement",
        ),
        T("", ""),
    ),
    (
        "participatory_mechanisms",
        "decision",
        T("მონაწილეობითი მექანიზმების გამოყენება", "Use of participatory mechanisms"),
        T("", ""),
    ),
    (
        "readiness",
        "decision",
        T("მზაობა და სურვილი, განავითაროს სამოქალაქო ბიუჯეტი", "Readiness and will to develop PB"),
        T("", ""),
    ),
]

# Demo people for each role: invented, example.org addresses.
DEMO_USERS = [
    ("staff", "ნატო", "გელაშვილი", "Programme staff"),
    ("expert1", "დავით", "ბერიძე", "Experts"),
    ("expert2", "მარიამ", "ლომიძე", "Experts"),
    ("consortium", "გიორგი", "კვარაცხელია", "Consortium members"),
    ("consortium2", "თამარ", "ჯაფარიძე", "Consortium members"),
    ("consortium3", "ლევან", "მაისურაძე", "Consortium members"),
]
