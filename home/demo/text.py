"""Bilingual demo text, written from the facts of the programme's public page.

Every visitor-facing string is a `T(ka, en)` pair; `pick()` turns a structure of
pairs into one language. Block and list-item ids come from `uid()`, so the Georgian
page and its English translation share the same structure (wagtail-localize matches
segments by these ids).
"""

import uuid
from dataclasses import dataclass

NAMESPACE = uuid.UUID("0c3a4a0e-6f0f-4a55-9a41-7d2f6bd0a3c1")


@dataclass(frozen=True)
class T:
    """A text in Georgian and English."""

    ka: str
    en: str


def uid(name):
    """A stable id (block ids, translation keys) derived from a name."""
    return str(uuid.uuid5(NAMESPACE, name))


def pick(value, language):
    """Resolve every T in a nested structure to one language."""
    if isinstance(value, T):
        return getattr(value, language)
    if isinstance(value, dict):
        return {key: pick(item, language) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [pick(item, language) for item in value]
    return value


def items(name, values):
    """ListBlock children with stable ids."""
    return [
        {"type": "item", "value": value, "id": uid(f"{name}/{i}")} for i, value in enumerate(values)
    ]


ORGANISATION = {
    "name_ka": "სოლიდარობის ფონდი PL საქართველოში",
    "name_en": "Solidarity Fund PL in Georgia",
    "email": "certification@example.org",
    "phone": "+995 32 200 00 00",
    "address_ka": "მაგალითის ქუჩა 1\nთბილისი (სადემონსტრაციო მისამართი)",
    "address_en": "1 Example Street\nTbilisi (demo address)",
}

HOME = {
    "title": T("სამოქალაქო ბიუჯეტის სერტიფიცირება", "Participatory budgeting certification"),
    "slug": T("ka-home", "en-home"),
    "intro": T(
        "მუნიციპალიტეტები, რომლებიც სამოქალაქო ბიუჯეტს ახორციელებენ, ყოველწლიურად "
        "იღებენ დამოუკიდებელ შეფასებას, რეკომენდაციებს და ერთწლიან სერტიფიკატს.",
        "Municipalities that run participatory budgeting receive, every year, an "
        "independent assessment, recommendations and a one-year certificate.",
    ),
    "body": T(
        "<p>პროგრამა უფასოა. მასში მონაწილეობა შეუძლია ყველა მუნიციპალიტეტს, სადაც "
        "სამოქალაქო ბიუჯეტი საქართველოს სტანდარტების შესაბამისად მუშაობს.</p>",
        "<p>The programme is free of charge. Any municipality whose participatory budget "
        "follows the Georgian standards may take part.</p>",
    ),
}

PROGRAMME = {
    "title": T("მუნიციპალიტეტის სერტიფიცირება", "Municipality certification"),
    "slug": T("sertifitsireba", "certification"),
    "search_description": T(
        "რა არის სერტიფიცირება, როგორ მიმდინარეობს და როგორ დაიწყოთ.",
        "What certification is, how it works and how to start.",
    ),
    "intro": T(
        "„მუნიციპალიტეტის სერტიფიცირება“ არის სამოქალაქო ბიუჯეტის პროცესების ანალიზი, "
        "შეფასება და მონიტორინგი, რომელიც მუნიციპალიტეტებს მონაწილეობის სფეროში "
        "შესაძლებლობების განვითარებაში ეხმარება.",
        "“Municipality certification” is the analysis, assessment and monitoring of "
        "participatory budgeting processes, helping municipalities build their capacity "
        "for public participation.",
    ),
}

FAQ_PAGE = {
    "title": T("ხშირად დასმული კითხვები", "Frequently asked questions"),
    "slug": T("kitkhvebi", "faq"),
    "search_description": T(
        "პასუხები კითხვებზე სერტიფიცირების, განაცხადისა და გადაწყვეტილების შესახებ.",
        "Answers about certification, applying and the decision.",
    ),
    "intro": T(
        "<p>ვერ იპოვეთ პასუხი? მოგვწერეთ და ექსპერტი გიპასუხებთ.</p>",
        "<p>Cannot find your answer? Write to us and an expert will reply.</p>",
    ),
}

CONFERENCE = {
    "place_ka": "თბილისი, საკონფერენციო დარბაზი (სადემონსტრაციო მისამართი)",
    "place_en": "Tbilisi, the conference hall (a demo address)",
    "programme_ka": "მისალმება, სერტიფიკატების გადაცემა, მუნიციპალიტეტების გამოცდილების გაზიარება, "
    "სადილი.",
    "programme_en": "Welcome, the handover of the certificates, municipalities sharing "
    "their experience, lunch.",
}

REGISTRY_PAGE = {
    "title": T("სერტიფიცირებული მუნიციპალიტეტები", "Certified municipalities"),
    "slug": T("reestri", "registry"),
    "search_description": T(
        "მუნიციპალიტეტები, რომლებმაც სამოქალაქო ბიუჯეტის სერტიფიკატი მიიღეს, წლების მიხედვით.",
        "The municipalities that received a participatory budgeting certificate, by year.",
    ),
    "intro": T(
        "<p>აქ ჩამოთვლილია ყველა გაცემული სერტიფიკატი. ნაბეჭდი სერტიფიკატის ნამდვილობა "
        "მის QR კოდით ან ნომრითა და შემოწმების კოდით მოწმდება.</p>",
        "<p>Every certificate issued is listed here. A printed certificate is checked "
        "with its QR code, or with its number and verification code.</p>",
    ),
}

STANDARDS_DOCUMENT_TITLE = "PLACEHOLDER – PB standards in Georgia / სამოქალაქო ბიუჯეტის სტანდარტები"

VIDEO_URL = "https://video.example.org/pb-certification"


def programme_body(faq_page_id, standards_document_id, directory_page_id=None):
    """The programme page's StreamField, as raw blocks with stable ids (the practitioners'
    call to action once their directory, a child of this page, exists)."""
    return [
        {
            "type": "rich_text",
            "id": uid("programme/what"),
            "value": T(
                "<h2>რა არის სერტიფიცირება?</h2>"
                "<p>სოლიდარობის ფონდმა PL საქართველოში მუნიციპალიტეტების სერტიფიცირება "
                "2019 წელს, „დემოკრატიის მხარდაჭერის“ პროგრამის ფარგლებში დაიწყო. "
                "სერტიფიცირება ამოწმებს, რამდენად შეესაბამება მუნიციპალიტეტის სამოქალაქო "
                "ბიუჯეტი საქართველოს სტანდარტებს, და გვთავაზობს მისი გაუმჯობესების გზებს.</p>"
                "<p>პროგრამა თქვენთვისაა, თუ გსურთ მუნიციპალიტეტის განვითარება, მოქალაქეების "
                "ჩართვა ადგილობრივ გადაწყვეტილებებში, მიღწევების გაცნობა ფართო საზოგადოებისთვის "
                "და საერთაშორისო ცნობადობის ზრდა.</p>",
                "<h2>What is certification?</h2>"
                "<p>Solidarity Fund PL in Georgia began certifying municipalities in 2019, "
                "as part of its “Democracy Support” programme. Certification checks how "
                "closely a municipality’s participatory budget follows the Georgian "
                "standards and suggests how to improve it.</p>"
                "<p>The programme is for you if you want your municipality to develop, to "
                "involve citizens in local decisions, to make your achievements known and "
                "to gain international recognition.</p>",
            ),
        },
        {
            "type": "benefits",
            "id": uid("programme/benefits"),
            "value": {
                "heading": T("რას მოგცემთ სერტიფიცირება", "What certification gives you"),
                "intro": T(
                    "სერტიფიცირებული მუნიციპალიტეტი იღებს არა მხოლოდ სერტიფიკატს:",
                    "A certified municipality receives more than a certificate:",
                ),
                "items": items(
                    "programme/benefits/items",
                    [
                        T(
                            "სივრცეს სამოქალაქო ბიუჯეტისა და მონაწილეობის მექანიზმების დასახვეწად",
                            "room to refine participatory budgeting and participation mechanisms",
                        ),
                        T(
                            "საერთაშორისო გამოცდილებას და ახალ კონტაქტებს",
                            "international experience and new contacts",
                        ),
                        T(
                            "ახალ ცოდნასა და უნარებს პარტიციპაციის საკითხებში",
                            "new knowledge and skills in public participation",
                        ),
                        T(
                            "მუდმივ კავშირს კოლეგებთან და ექსპერტებთან",
                            "a lasting connection with colleagues and experts",
                        ),
                        T(
                            "გამოცდილი ექსპერტების პრაქტიკულ, რეალობაზე მორგებულ რჩევებს",
                            "practical advice from experienced experts, fitted to your situation",
                        ),
                        T(
                            "უფრო გამჭვირვალე, ანგარიშვალდებულ და ინოვაციურ მუნიციპალიტეტს",
                            "a more transparent, accountable and innovative municipality",
                        ),
                        T(
                            "მეტ ცნობადობას ეროვნულ და საერთაშორისო დონეზე",
                            "greater recognition at national and international level",
                        ),
                        T(
                            "სერტიფიკატს რეკომენდაციებითა და პროგრესის შეფასებით",
                            "a certificate with recommendations and a progress assessment",
                        ),
                    ],
                ),
            },
        },
        {
            "type": "steps",
            "id": uid("programme/steps"),
            "value": {
                "heading": T("როგორ მიმდინარეობს სერტიფიცირება", "How certification works"),
                "steps": items(
                    "programme/steps/items",
                    [
                        {
                            "title": T("თარიღები და ვადები", "Dates and deadlines"),
                            "text": T(
                                "<p>განაცხადების მიღება ყოველწლიურად, წლის პირველ კვარტალში "
                                "ცხადდება. შეგიძლიათ დარეგისტრირდეთ და შეტყობინებას მიიღებთ, "
                                "როცა მიღება დაიწყება.</p>",
                                "<p>The call for applications opens every year in the first "
                                "quarter. You can register to be told when it opens.</p>",
                            ),
                        },
                        {
                            "title": T("მოთხოვნები", "Requirements"),
                            "text": T(
                                "<p>განაცხადის შემოტანა შეუძლია მუნიციპალიტეტს, რომელიც უკვე "
                                "ახორციელებს სამოქალაქო ბიუჯეტს საქართველოს სტანდარტების "
                                "შესაბამისად. დაწყებამდე გაეცანით C1 სააპლიკაციო ფორმას.</p>",
                                "<p>A municipality may apply if it already runs a participatory "
                                "budget in line with the Georgian standards. Read the C1 "
                                "application form before you start.</p>",
                            ),
                        },
                        {
                            "title": T("განაცხადის შემოტანა", "Applying"),
                            "text": T(
                                "<p>განაცხადი ამ საიტზე, ონლაინ შემოდის. C1 ფორმის შევსების "
                                "შემდეგ დაელოდეთ დადასტურებას, რომ პროცესი იწყება; შემდეგ "
                                "ელფოსტით მიიღებთ ანკეტის შევსების ინსტრუქციას და ვადებს.</p>",
                                "<p>Applications are made online, on this site. After sending "
                                "the C1 form, wait for confirmation that the process starts; "
                                "emails then bring instructions for the questionnaire and its "
                                "deadlines.</p>",
                            ),
                        },
                        {
                            "title": T("შეფასება", "Evaluation"),
                            "text": T(
                                "<p>ექსპერტთა გუნდი ამოწმებს განაცხადის სისრულესა და "
                                "შესაბამისობას და აფასებს მას ოთხი კრიტერიუმით. საჭიროების "
                                "შემთხვევაში გთხოვთ დამატებით ინფორმაციას.</p>",
                                "<p>The expert team checks that the application is complete "
                                "and relevant and assesses it against four criteria. It may "
                                "ask you for additional information.</p>",
                            ),
                        },
                        {
                            "title": T("გადაწყვეტილება და შედეგები", "Decision and results"),
                            "text": T(
                                "<p>გადაწყვეტილებას უწყებათაშორისი კონსორციუმი იღებს. შედეგები "
                                "წინასწარ დადგენილ დღეს ცხადდება და ყველა განმცხადებელი "
                                "ელფოსტით იგებს მათ.</p>",
                                "<p>An inter-agency consortium takes the decision. Results are "
                                "announced on a date set in advance, and every applicant is "
                                "told by email.</p>",
                            ),
                        },
                        {
                            "title": T("სერტიფიკატის გადაცემა", "Handing over the certificates"),
                            "text": T(
                                "<p>სერტიფიკატები, რეკომენდაციებითა და პროგრესის შეფასებით, "
                                "საზეიმოდ, ფონდის მიერ ორგანიზებულ კონფერენციაზე გადაეცემა.</p>",
                                "<p>Certificates, with recommendations and a progress "
                                "assessment, are handed over at a conference organised by the "
                                "foundation.</p>",
                            ),
                        },
                    ],
                ),
            },
        },
        {
            "type": "rich_text",
            "id": uid("programme/start"),
            "value": T(
                "<h2>როგორ დავიწყოთ?</h2>"
                "<ul>"
                "<li>დარწმუნდით, რომ სამოქალაქო ბიუჯეტი დანერგილია და მისი ყველა ეტაპი "
                "სტანდარტებს შეესაბამება.</li>"
                "<li>გაეცანით C1 სააპლიკაციო ფორმას.</li>"
                "<li>შეავსეთ და გამოგზავნეთ განაცხადი.</li>"
                "<li>დაელოდეთ დადასტურებას, რომ პროცესი იწყება.</li>"
                "<li>შეავსეთ ანკეტა ელფოსტით მიღებული ინსტრუქციით და ვადაში ჩააბარეთ.</li>"
                "</ul>"
                "<p>თუ განაცხადის დეტალები ან გარემოებები შეიცვლება, გთხოვთ, შეგვატყობინოთ.</p>",
                "<h2>How to start</h2>"
                "<ul>"
                "<li>Make sure participatory budgeting is in place and every stage of it "
                "follows the standards.</li>"
                "<li>Read the C1 application form.</li>"
                "<li>Fill in and send the application.</li>"
                "<li>Wait for confirmation that the process starts.</li>"
                "<li>Complete the questionnaire following the emailed instructions and submit "
                "it on time.</li>"
                "</ul>"
                "<p>If the details or circumstances of your application change, please let "
                "us know.</p>",
            ),
        },
        {
            "type": "rich_text",
            "id": uid("programme/decision"),
            "value": T(
                "<h2>ვინ იღებს გადაწყვეტილებას?</h2>"
                "<p>საბოლოო გადაწყვეტილებას იღებს უწყებათაშორისი კონსორციუმი, რომელიც "
                "საქართველოში სამოქალაქო ბიუჯეტის პროცესის მხარდასაჭერად და გასაუმჯობესებლად "
                "შეიქმნა. კონსორციუმი ითვალისწინებს:</p>"
                "<ul>"
                "<li>სამოქალაქო ბიუჯეტის პროცესის შესაბამისობას სტანდარტებთან;</li>"
                "<li>მონაწილეობას, პროექტების წარდგენასა და ჩართულობის ხარისხს;</li>"
                "<li>მონაწილეობითი მექანიზმების გამოყენებას;</li>"
                "<li>მუნიციპალიტეტის მზაობასა და სურვილს, განავითაროს სამოქალაქო ბიუჯეტი.</li>"
                "</ul>"
                "<h2>შედეგები</h2>"
                "<p>შედეგები წინასწარ განსაზღვრულ თარიღზე ცხადდება; თითოეული განმცხადებელი "
                "ელფოსტით იღებს შეტყობინებას. სერტიფიკატი ერთი წლით გაიცემა.</p>"
                "<h2>ხარჯები</h2>"
                "<p>სერტიფიცირება უფასოა. საჭიროების შემთხვევაში მგზავრობის, სასტუმროსა და "
                "კვების ხარჯებს ფონდი ფარავს.</p>",
                "<h2>Who decides?</h2>"
                "<p>The final decision is taken by an inter-agency consortium set up to "
                "support and improve participatory budgeting in Georgia. The consortium "
                "considers:</p>"
                "<ul>"
                "<li>how closely the participatory budgeting process follows the standards;</li>"
                "<li>participation, project submission and the quality of engagement;</li>"
                "<li>the use of participatory mechanisms;</li>"
                "<li>the municipality’s readiness and will to develop participatory budgeting.</li>"
                "</ul>"
                "<h2>Results</h2>"
                "<p>Results are announced on a date set in advance; every applicant is told "
                "by email. A certificate is valid for one year.</p>"
                "<h2>Costs</h2>"
                "<p>Certification is free. Where needed, the foundation covers travel, "
                "accommodation and meals.</p>",
            ),
        },
        {
            "type": "rich_text",
            "id": uid("programme/certified"),
            "value": T(
                "<h2>უკვე სერტიფიცირებული მუნიციპალიტეტები</h2>"
                "<p>2019 წელს, საქართველოში პირველად, სერტიფიკატები გადაეცა სიღნაღს, "
                "ოზურგეთს, გორს, წყალტუბოს, ზუგდიდს, ქუთაისს, ბათუმსა და ახალციხეს.</p>",
                "<h2>Municipalities already certified</h2>"
                "<p>In 2019, for the first time in Georgia, certificates went to Sighnaghi, "
                "Ozurgeti, Gori, Tskaltubo, Zugdidi, Kutaisi, Batumi and Akhaltsikhe.</p>",
            ),
        },
        {
            "type": "document",
            "id": uid("programme/standards"),
            "value": {
                "document": standards_document_id,
                "label": T(
                    "სამოქალაქო ბიუჯეტის სტანდარტები საქართველოში (ნიმუში)",
                    "Participatory budgeting standards in Georgia (placeholder)",
                ),
                "description": T(
                    "სადემონსტრაციო ფაილი: აქ გამოქვეყნდება სტანდარტების ოფიციალური დოკუმენტი.",
                    "Demo file: the official standards document will be published here.",
                ),
            },
        },
        {
            "type": "video",
            "id": uid("programme/video"),
            "value": {
                "title": T("ვიდეო: რა არის სერტიფიცირება", "Video: what certification is"),
                "video_file": None,
                "captions_file": None,
                "external_url": VIDEO_URL,
                "description": T(
                    "სადემონსტრაციო ბმული: აქ პროგრამის ამხსნელი ვიდეო განთავსდება.",
                    "Demo link: the programme’s explainer video goes here.",
                ),
            },
        },
        {
            "type": "call_to_action",
            "id": uid("programme/cta"),
            "value": {
                "heading": T("გაქვთ კითხვები?", "Have a question?"),
                "text": T(
                    "წაიკითხეთ პასუხები ხშირად დასმულ კითხვებზე ან დაუსვით კითხვა ექსპერტს.",
                    "Read the answers to frequent questions or ask an expert.",
                ),
                "button_label": T("ხშირად დასმული კითხვები", "Frequently asked questions"),
                "page": faq_page_id,
                "form": "",
                "url": "",
            },
        },
        {
            "type": "call_to_action",
            "id": uid("programme/ask-expert"),
            "value": {
                "heading": T("ჰკითხეთ ექსპერტს", "Ask an expert"),
                "text": T(
                    "დასვით კითხვა და მიიღეთ სრული პასუხი პროგრამის ექსპერტისგან.",
                    "Ask a question and get a full answer from one of the programme's experts.",
                ),
                "button_label": T("კითხვის დასმა", "Ask a question"),
                "page": None,
                "form": "ask_expert",
                "url": "",
            },
        },
        *(
            [
                {
                    "type": "call_to_action",
                    "id": uid("programme/practitioners"),
                    "value": {
                        "heading": T("დაუკავშირდით პრაქტიკოსს", "Contact a practitioner"),
                        "text": T(
                            "ექსპერტები, „მონაწილეობის აკადემიის“ კურსდამთავრებულები და "
                            "სერტიფიცირებული მუნიციპალიტეტების წარმომადგენლები გაგიზიარებენ "
                            "გამოცდილებას.",
                            "Experts, Participation Academy alumni and representatives of "
                            "certified municipalities share their experience.",
                        ),
                        "button_label": T("პრაქტიკოსები", "Practitioners"),
                        "page": directory_page_id,
                        "form": "",
                        "url": "",
                    },
                }
            ]
            if directory_page_id
            else []
        ),
        {
            "type": "call_to_action",
            "id": uid("programme/nominate"),
            "value": {
                "heading": T(
                    "იცით მუნიციპალიტეტი, რომელიც უნდა მონაწილეობდეს?",
                    "Know a municipality that should take part?",
                ),
                "text": T(
                    "ნებისმიერს შეუძლია შესთავაზოს მუნიციპალიტეტს მონაწილეობა: პროგრამის "
                    "გუნდი მას ოფიციალურ მისამართზე მიწერს.",
                    "Anyone may suggest a municipality: the programme team writes to its "
                    "official address.",
                ),
                "button_label": T("მუნიციპალიტეტის შეთავაზება", "Suggest a municipality"),
                "page": None,
                "form": "nominate",
                "url": "",
            },
        },
    ]
