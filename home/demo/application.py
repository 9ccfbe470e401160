"""The demo C1 application form (questions in Georgian and English)."""

from .text import T, items, uid

NO_TEXT = T("", "")


def question(kind, key, label, help_text=NO_TEXT, required=True, **extra):
    return {
        "type": kind,
        "id": uid(f"c1/{key}"),
        "value": {
            "key": key,
            "label": label,
            "help_text": help_text,
            "required": required,
            **extra,
        },
    }


def section(name, heading, text=NO_TEXT):
    return {
        "type": "section",
        "id": uid(f"c1/section/{name}"),
        "value": {"heading": heading, "text": text},
    }


def options(key, pairs):
    return items(f"c1/{key}/options", [{"key": k, "label": label} for k, label in pairs])


C1_PAGE = {
    "title": T("განაცხადის ფორმა C1", "Application form C1"),
    "slug": T("gantskhadi", "apply"),
    "search_description": T(
        "მუნიციპალიტეტის განაცხადი სერტიფიცირებაზე.",
        "A municipality's application for certification.",
    ),
    "intro": T(
        "<p>განაცხადის შემოტანა შეუძლია მუნიციპალიტეტს, რომელიც სამოქალაქო ბიუჯეტს "
        "საქართველოს სტანდარტების შესაბამისად ახორციელებს. ფორმის გაგზავნის შემდეგ "
        "ჩვენი გუნდი დაადასტურებს, რომ პროცესი იწყება.</p>",
        "<p>A municipality that runs participatory budgeting in line with the Georgian "
        "standards may apply. After you send the form, our team confirms that the process "
        "starts.</p>",
    ),
    "thank_you_text": T(
        "<p>დადასტურების შემდეგ ელფოსტით მიიღებთ ანკეტის შევსების ინსტრუქციას და ვადებს.</p>",
        "<p>After confirmation, emails bring the instructions and deadlines for the questionnaire.</p>",
    ),
}


def c1_questions():
    return [
        section("municipality", T("მუნიციპალიტეტი", "The municipality")),
        question("municipality", "municipality", T("მუნიციპალიტეტი", "Municipality")),
        question(
            "number",
            "population",
            T("მოსახლეობის რაოდენობა", "Population"),
            T("მაგალითად: 41 465", "For example: 41 465"),
            required=False,
            min_value="0",
            max_value="2000000",
        ),
        question(
            "email",
            "office_email",
            T("მერიის ოფიციალური ელფოსტა", "Official email of the City Hall"),
            required=False,
        ),
        question(
            "phone",
            "office_phone",
            T("მერიის ტელეფონი", "Phone of the City Hall"),
            required=False,
        ),
        question(
            "contacts",
            "contacts",
            T("საკონტაქტო პირები", "Contact people"),
            T(
                "ვინ წარმოადგენს მუნიციპალიტეტს ამ პროცესში. პირველ პირს გავუგზავნით "
                "განაცხადის პირად ბმულს.",
                "Who represents the municipality in this process. We send the private link "
                "of the application to the first person.",
            ),
            max_rows=3,
        ),
        section(
            "pb",
            T("სამოქალაქო ბიუჯეტი მუნიციპალიტეტში", "Participatory budgeting in the municipality"),
        ),
        question(
            "single_choice",
            "pb_running",
            T(
                "ახორციელებს თუ არა მუნიციპალიტეტი სამოქალაქო ბიუჯეტს?",
                "Does the municipality run participatory budgeting?",
            ),
            options=options(
                "pb_running",
                [
                    ("yes", T("დიახ, ყოველწლიურად", "Yes, every year")),
                    ("pilot", T("დიახ, საპილოტე რეჟიმში", "Yes, as a pilot")),
                    ("no", T("ჯერ არა", "Not yet")),
                ],
            ),
        ),
        question(
            "number",
            "pb_since",
            T("რომელი წლიდან?", "Since which year?"),
            required=False,
            min_value="2000",
            max_value="2100",
        ),
        question(
            "multiple_choice",
            "standards",
            T(
                "რომელი სტანდარტებისა და წესების შესაბამისად?",
                "In line with which standards and rules?",
            ),
            options=options(
                "standards",
                [
                    (
                        "georgian_standards",
                        T(
                            "სამოქალაქო ბიუჯეტის სტანდარტები საქართველოში",
                            "The standards of participatory budgeting in Georgia",
                        ),
                    ),
                    (
                        "council_regulation",
                        T(
                            "საკრებულოს მიერ დამტკიცებული დებულება",
                            "A regulation adopted by the Sakrebulo (council)",
                        ),
                    ),
                    ("other", T("სხვა", "Other")),
                ],
            ),
        ),
        question(
            "date",
            "regulation_date",
            T("დებულების მიღების თარიღი", "Date the regulation was adopted"),
            required=False,
        ),
        question(
            "url",
            "pb_website",
            T("სამოქალაქო ბიუჯეტის ვებგვერდი", "Web page of the participatory budget"),
            required=False,
        ),
        section("motivation", T("მოტივაცია", "Motivation")),
        question(
            "long_text",
            "motivation",
            T(
                "მოკლედ აღწერეთ, რატომ სურს მუნიციპალიტეტს სერტიფიცირება",
                "Describe briefly why the municipality wants to be certified",
            ),
            T("არაუმეტეს 1500 სიმბოლოსი.", "At most 1,500 characters."),
            max_length=1500,
        ),
        question(
            "declaration",
            "declaration",
            T(
                "ვადასტურებ, რომ ინფორმაცია სწორია და უფლებამოსილი ვარ, წარვადგინო მუნიციპალიტეტი.",
                "I confirm that the information is correct and that I may speak for the municipality.",
            ),
        ),
    ]
