"""The demo questionnaire (ანკეტა), following the certification criteria and the shape of
what municipalities write (general data, PB in the municipality, partners, activity plan…)."""

from .application import NO_TEXT, options, question, section
from .text import T, items, uid

NAME = T("ანკეტა: მუნიციპალიტეტის სერტიფიცირება", "Questionnaire: municipality certification")
INTRO = T(
    "შეავსეთ ანკეტა ეტაპობრივად: პასუხები ინახება ღილაკით „შენახვა“, ასე რომ შეგიძლიათ "
    "დაბრუნდეთ იმავე ბმულით. ჩაბარების შემდეგ პასუხების შეცვლა აღარ შეიძლება.",
    "Fill in the questionnaire step by step: \u201cSave\u201d keeps your answers, so you can come back "
    "with the same link. Once submitted, the answers can no longer be changed.",
)


def columns(name, specs):
    return items(
        f"q/{name}/columns", [{"key": k, "label": label, "max_length": n} for k, label, n in specs]
    )


def table(key, label, help_text, column_specs, required=False, max_rows=20):
    return {
        "type": "table",
        "id": uid(f"q/{key}"),
        "value": {
            "key": key,
            "label": label,
            "help_text": help_text,
            "required": required,
            "columns": columns(key, column_specs),
            "max_rows": max_rows,
        },
    }


def questions():
    return [
        section(
            "q/general", T("მუნიციპალიტეტის ზოგადი მონაცემები", "General data of the municipality")
        ),
        question(
            "long_text",
            "general_data",
            T("მოსახლეობა, ფართობი, მდებარეობა", "Population, area, location"),
            T(
                "არაუმეტეს ნახევარი გვერდისა (1500 სიმბოლო).",
                "At most half a page (1,500 characters).",
            ),
            max_length=1500,
        ),
        question(
            "number", "population", T("მოსახლეობის რაოდენობა", "Population"), NO_TEXT, min_value="0"
        ),
        question(
            "number",
            "area_km2",
            T("ფართობი (კმ²)", "Area (km²)"),
            T("მაგალითად: 65,8", "For example: 65.8"),
            required=False,
            min_value="0",
        ),
        question(
            "long_text",
            "characteristics",
            T("მუნიციპალიტეტის მახასიათებლები", "Characteristics of the municipality"),
            required=False,
            max_length=3000,
        ),
        section(
            "q/pb",
            T("სამოქალაქო ბიუჯეტი მუნიციპალიტეტში", "Participatory budgeting in the municipality"),
        ),
        question(
            "long_text",
            "pb_stages",
            T(
                "სამოქალაქო ბიუჯეტის ეტაპები სტანდარტების მიხედვით",
                "Stages of participatory budgeting, as per the standards",
            ),
            max_length=5000,
        ),
        question(
            "number",
            "budget_share",
            T("ბიუჯეტის წილი (%)", "Share of the budget (%)"),
            NO_TEXT,
            required=False,
            min_value="0",
            max_value="100",
        ),
        question(
            "number",
            "projects_submitted",
            T("წარდგენილი პროექტები", "Projects submitted"),
            NO_TEXT,
            min_value="0",
        ),
        question(
            "number",
            "projects_implemented",
            T("განხორციელებული პროექტები", "Projects implemented"),
            NO_TEXT,
            min_value="0",
        ),
        question(
            "number",
            "participants",
            T("მონაწილეთა რაოდენობა", "Number of participants"),
            NO_TEXT,
            required=False,
            min_value="0",
        ),
        section("q/criteria", T("შეფასების კრიტერიუმები", "Assessment criteria")),
        question(
            "long_text",
            "motivation_resources",
            T("მოტივაცია და რესურსები", "Motivation and resources"),
            max_length=5000,
        ),
        question(
            "long_text",
            "expected_impact",
            T(
                "მოსალოდნელი გავლენა ადგილობრივ საზოგადოებაზე",
                "Expected impact on the local community",
            ),
            max_length=5000,
        ),
        question(
            "long_text",
            "local_decision_making",
            T("გადაწყვეტილების მიღება ადგილობრივ დონეზე", "Decision-making at local level"),
            max_length=5000,
        ),
        question(
            "long_text",
            "pb_development",
            T("სამოქალაქო ბიუჯეტის განვითარება", "Development of participatory budgeting"),
            max_length=5000,
        ),
        question(
            "multiple_choice",
            "mechanisms",
            T(
                "რომელ მონაწილეობის მექანიზმებს იყენებს მუნიციპალიტეტი?",
                "Which participation mechanisms does the municipality use?",
            ),
            required=False,
            options=options(
                "mechanisms",
                [
                    ("e_petitions", T("ელექტრონული პეტიციები", "E-petitions")),
                    (
                        "live_sessions",
                        T(
                            "საკრებულოს სხდომების ონლაინ ტრანსლაცია",
                            "Live-streamed council sessions",
                        ),
                    ),
                    ("news", T("SMS და ელფოსტით სიახლეები", "News by SMS and email")),
                    (
                        "letters",
                        T(
                            "წერილი მერს ან საკრებულოს თავმჯდომარეს",
                            "Letters to the mayor or council chair",
                        ),
                    ),
                    ("online_surveys", T("ონლაინ გამოკითხვები", "Online surveys")),
                    ("satisfaction", T("კმაყოფილების კვლევები", "Satisfaction surveys")),
                    ("other", T("სხვა", "Other")),
                ],
            ),
        ),
        section("q/plan", T("პარტნიორები, გეგმა და რესურსები", "Partners, plan and resources")),
        table(
            "partners",
            T("თანაგანმცხადებლები და პარტნიორები", "Co-applicants and partners"),
            NO_TEXT,
            [
                ("organisation", T("ორგანიზაცია", "Organisation"), 300),
                ("role", T("როლი", "Role"), 500),
            ],
        ),
        table(
            "activity_plan",
            T("აქტივობების გეგმა", "Activity plan"),
            T(
                "პერიოდი ჩაწერეთ თავისუფლად, მაგ.: „2020 წლის შემოდგომა“.",
                "Write the period freely, e.g. “autumn 2020”.",
            ),
            [
                ("activity", T("აქტივობა", "Activity"), 1000),
                ("period", T("პერიოდი", "Period"), 200),
            ],
            required=True,
        ),
        table(
            "resources",
            T("რესურსები", "Resources"),
            T("ადამიანური, ფინანსური, მატერიალური.", "Human, financial, material."),
            [("kind", T("სახე", "Kind"), 200), ("description", T("აღწერა", "Description"), 1000)],
        ),
        question(
            "long_text",
            "problems",
            T("რა პრობლემები შეგხვდათ?", "What problems did you meet?"),
            required=False,
            max_length=3000,
        ),
        question(
            "long_text",
            "results",
            T("შედეგები და გავლენა", "Results and impact"),
            required=False,
            max_length=3000,
        ),
        question(
            "long_text",
            "lessons",
            T("მიღებული გაკვეთილები", "Lessons learned"),
            required=False,
            max_length=3000,
        ),
        table(
            "links",
            T("ბმულები", "Links"),
            T("ვებგვერდები, პუბლიკაციები, ვიდეოები.", "Web pages, publications, videos."),
            [
                ("url", T("მისამართი", "Address"), 500),
                ("description", T("აღწერა", "Description"), 300),
            ],
        ),
        {
            "type": "files",
            "id": uid("q/documents"),
            "value": {
                "key": "documents",
                "label": T("თანდართული დოკუმენტები", "Attached documents"),
                "help_text": T(
                    "მაგ.: საკრებულოს დადგენილება, ანგარიშები, ფოტოები.",
                    "E.g. the council's decision, reports, photos.",
                ),
                "required": False,
                "max_files": 10,
            },
        },
    ]
