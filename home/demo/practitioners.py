"""Demo practitioners (invented people, example.org addresses) and their directory page."""

from .text import T

DIRECTORY_PAGE = {
    "title": T("პრაქტიკოსები", "Practitioners"),
    "slug": T("praktikosebi", "practitioners"),
    "intro": T(
        "<p>დაუკავშირდით ექსპერტს ან „მონაწილეობის აკადემიის“ კურსდამთავრებულს და მიიღეთ "
        "კონკრეტული პასუხები კონკრეტულ კითხვებზე. სერტიფიცირებული მუნიციპალიტეტების "
        "წარმომადგენლები სიამოვნებით გაგიზიარებენ გამოცდილებას. წერილს საიტი გადასცემს: "
        "მათი მისამართი არ ჩანს.</p>",
        "<p>Contact an expert or an alumnus of the Participation Academy and get concrete "
        "answers to concrete questions. Representatives of certified municipalities will "
        "gladly share their experience. The site passes your message on: their address is "
        "not shown.</p>",
    ),
}

# key, name
TOPICS = [
    ("voting", T("კენჭისყრა და პროექტების შერჩევა", "Voting and choosing projects")),
    ("outreach", T("მოქალაქეების ჩართვა", "Reaching citizens")),
    ("budget", T("ბიუჯეტის დაგეგმვა", "Budget planning")),
    ("application", T("სერტიფიცირებაზე განაცხადი", "Applying for certification")),
]

# key, name, kind, cohort year, municipality code, organisation, region, topics, languages, bio
PEOPLE = [
    (
        "tamar",
        T("თამარ გელაშვილი", "Tamar Gelashvili"),
        "alumnus",
        2023,
        None,
        T("თელავის მერია", "Telavi City Hall"),
        "kakheti",
        ["voting", "outreach"],
        ["ka", "en"],
        T(
            "„მონაწილეობის აკადემიის“ 2023 წლის კურსდამთავრებული. ორი წელი ხელმძღვანელობდა "
            "სამოქალაქო ბიუჯეტის კენჭისყრას თავის მუნიციპალიტეტში.",
            "A 2023 alumna of the Participation Academy. For two years she ran the "
            "participatory budget vote in her municipality.",
        ),
    ),
    (
        "giorgi",
        T("გიორგი ლომიძე", "Giorgi Lomidze"),
        "expert",
        None,
        None,
        T("სოლიდარობის ფონდი PL", "Solidarity Fund PL"),
        "tbilisi",
        ["budget", "application"],
        ["ka", "en", "ru"],
        T(
            "პროგრამის ექსპერტი: აფასებს განაცხადებს და ეხმარება მუნიციპალიტეტებს "
            "სამოქალაქო ბიუჯეტის სტანდარტების დანერგვაში.",
            "A programme expert: he reviews applications and helps municipalities put "
            "the participatory budgeting standards in place.",
        ),
    ),
    (
        "nino",
        T("ნინო ხარაიშვილი", "Nino Kharaishvili"),
        "representative",
        None,
        "kutaisi",
        T("ქუთაისის მერია", "Kutaisi City Hall"),
        "imereti",
        ["outreach", "application"],
        ["ka"],
        T(
            "სერტიფიცირებული მუნიციპალიტეტის წარმომადგენელი: გაგიზიარებთ, როგორ "
            "მოემზადნენ განაცხადისთვის.",
            "A representative of a certified municipality: she will tell you how they "
            "prepared their application.",
        ),
    ),
]

CTA = {
    "heading": T("დაუკავშირდით პრაქტიკოსს", "Contact a practitioner"),
    "text": T(
        "ექსპერტები, „მონაწილეობის აკადემიის“ კურსდამთავრებულები და სერტიფიცირებული "
        "მუნიციპალიტეტების წარმომადგენლები უპასუხებენ თქვენს კითხვებს.",
        "Experts, Participation Academy alumni and representatives of certified "
        "municipalities answer your questions.",
    ),
    "button_label": T("პრაქტიკოსთა ცნობარი", "The practitioner directory"),
}
