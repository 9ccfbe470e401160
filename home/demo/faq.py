"""Demo FAQ topics and entries (Georgian and English), from the programme's facts."""

from .text import T

TOPICS = [
    ("about", T("პროგრამის შესახებ", "About the programme")),
    ("applying", T("განაცხადი და მოთხოვნები", "Applying and requirements")),
    ("decision", T("შეფასება და გადაწყვეტილება", "Evaluation and decision")),
    ("certificate", T("სერტიფიკატი და შემდეგი ნაბიჯები", "The certificate and next steps")),
]

# (topic, anchor, question, answer)
ENTRIES = [
    (
        "about",
        "what-is-certification",
        T("რა არის „მუნიციპალიტეტის სერტიფიცირება“?", "What is “municipality certification”?"),
        T(
            "<p>ეს არის სამოქალაქო ბიუჯეტის პროცესების ანალიზი, შეფასება და მონიტორინგი. "
            "მისი მიზანია, მუნიციპალიტეტებმა მონაწილეობის სფეროში შესაძლებლობები "
            "განავითარონ.</p>",
            "<p>It is the analysis, assessment and monitoring of participatory budgeting "
            "processes. Its aim is to help municipalities build their capacity for public "
            "participation.</p>",
        ),
    ),
    (
        "about",
        "who-runs-it",
        T("ვინ ატარებს სერტიფიცირებას?", "Who runs the certification?"),
        T(
            "<p>სოლიდარობის ფონდი PL საქართველოში, „დემოკრატიის მხარდაჭერის“ პროგრამის "
            "ფარგლებში. სერტიფიცირება 2019 წელს დაიწყო.</p>",
            "<p>Solidarity Fund PL in Georgia, as part of its “Democracy Support” programme. "
            "Certification started in 2019.</p>",
        ),
    ),
    (
        "about",
        "what-it-gives",
        T(
            "რას გვაძლევს წარმატებით გავლილი სერტიფიცირება?",
            "What does successful certification give us?",
        ),
        T(
            "<ul><li>მუნიციპალიტეტი ხდება უფრო გამჭვირვალე, ანგარიშვალდებული და ინოვაციური;</li>"
            "<li>აქტიურდება თანამონაწილეობითი პროცესები;</li>"
            "<li>იზიარებთ საერთაშორისო გამოცდილებას;</li>"
            "<li>ვითარდება სამოქალაქო ბიუჯეტი და მონაწილეობის მექანიზმები;</li>"
            "<li>ჩნდება მეტი პერსპექტივა მუნიციპალიტეტის განვითარებისთვის.</li></ul>"
            "<p>მოკლედ: აქტიური მოქალაქეები – ძლიერი მუნიციპალიტეტი.</p>",
            "<ul><li>the municipality becomes more transparent, accountable and innovative;</li>"
            "<li>participatory processes become more active;</li>"
            "<li>you share international experience;</li>"
            "<li>participatory budgeting and participation mechanisms develop;</li>"
            "<li>the municipality gains new perspectives for its development.</li></ul>"
            "<p>In short: active citizens make a strong municipality.</p>",
        ),
    ),
    (
        "about",
        "costs",
        T("რა ღირს სერტიფიცირება?", "What does certification cost?"),
        T(
            "<p>სერტიფიცირება უფასოა: შერჩეული მუნიციპალიტეტი თავისუფლდება პროცესთან "
            "დაკავშირებული ყველა ხარჯისგან. საჭიროების შემთხვევაში მგზავრობის, სასტუმროსა "
            "და კვების ხარჯებს ფონდი ფარავს.</p>",
            "<p>Certification is free: a selected municipality pays none of the costs of "
            "the process. Where needed, the foundation covers travel, accommodation and "
            "meals.</p>",
        ),
    ),
    (
        "about",
        "certified-in-2019",
        T(
            "რომელ მუნიციპალიტეტებს აქვთ უკვე სერტიფიკატი?",
            "Which municipalities already hold a certificate?",
        ),
        T(
            "<p>პირველი სერტიფიცირება 2019 წელს ჩატარდა. სერტიფიკატები მიიღეს: სიღნაღმა, "
            "ოზურგეთმა, გორმა, წყალტუბომ, ზუგდიდმა, ქუთაისმა, ბათუმმა და ახალციხემ.</p>",
            "<p>The first certification took place in 2019. Certificates went to Sighnaghi, "
            "Ozurgeti, Gori, Tskaltubo, Zugdidi, Kutaisi, Batumi and Akhaltsikhe.</p>",
        ),
    ),
    (
        "applying",
        "when-to-apply",
        T("როდის შეიძლება განაცხადის შემოტანა?", "When can we apply?"),
        T(
            "<p>განაცხადების მიღება ყოველწლიურად, წლის პირველ კვარტალში ცხადდება, "
            "კონკრეტული თარიღებითა და ვადებით. დარეგისტრირდით და შეტყობინებას მიიღებთ, "
            "როგორც კი მიღება დაიწყება.</p>",
            "<p>The call for applications opens every year in the first quarter, with its "
            "own dates and deadlines. Register and you will be told as soon as it opens.</p>",
        ),
    ),
    (
        "applying",
        "standards",
        T(
            "რა სტანდარტებს უნდა აკმაყოფილებდეს მუნიციპალიტეტი?",
            "Which standards must a municipality meet?",
        ),
        T(
            "<p>საქართველოში სამოქალაქო ბიუჯეტის სტანდარტებსა და პრინციპებს. სამოქალაქო "
            "ბიუჯეტი უკვე დანერგილი უნდა იყოს და მისი ყველა ეტაპი სტანდარტებს უნდა "
            "შეესაბამებოდეს.</p>",
            "<p>The standards and principles of participatory budgeting in Georgia. "
            "Participatory budgeting must already be in place, and each of its stages must "
            "follow the standards.</p>",
        ),
    ),
    (
        "applying",
        "how-to-apply",
        T("როგორ შევიტანოთ განაცხადი?", "How do we apply?"),
        T(
            "<p>ონლაინ, ამ საიტზე: შეავსეთ C1 სააპლიკაციო ფორმა და დაელოდეთ "
            "დადასტურებას, რომ პროცესი იწყება. დადასტურების შემდეგ ელფოსტით მიიღებთ "
            "ანკეტის შევსების ინსტრუქციას და ჩაბარების ვადებს. ტექნიკური კითხვებით "
            "მიმართეთ ფონდის გუნდს.</p>",
            "<p>Online, on this site: fill in the C1 application form and wait for "
            "confirmation that the process starts. After it, emails bring instructions for "
            "the questionnaire and the deadlines for submitting it. For technical questions, "
            "contact the foundation’s team.</p>",
        ),
    ),
    (
        "applying",
        "suggest-a-municipality",
        T(
            "შეგვიძლია სხვა მუნიციპალიტეტს შევთავაზოთ მონაწილეობა?",
            "May we suggest that another municipality takes part?",
        ),
        T(
            "<p>რა თქმა უნდა. ნებისმიერ პირს შეუძლია სხვა მუნიციპალიტეტს შესთავაზოს "
            "სერტიფიცირებაში ჩართვა. სერტიფიკატის მისაღებად მოწვეულმა მუნიციპალიტეტმაც "
            "ყველა დადგენილი პროცედურა უნდა გაიაროს.</p>",
            "<p>Of course. Anyone may suggest that another municipality joins the "
            "certification. To receive a certificate, the invited municipality goes through "
            "the same procedures as everyone else.</p>",
        ),
    ),
    (
        "applying",
        "details-change",
        T(
            "რა ვქნათ, თუ განაცხადის დეტალები შეიცვალა?",
            "What if the details of our application change?",
        ),
        T(
            "<p>გთხოვთ, დაუყოვნებლივ შეატყობინოთ ფონდის გუნდს, რათა შეფასება ზუსტ "
            "ინფორმაციას ეყრდნობოდეს.</p>",
            "<p>Please tell the foundation’s team straight away, so that the assessment "
            "rests on accurate information.</p>",
        ),
    ),
    (
        "decision",
        "evaluation-criteria",
        T("როგორ ფასდება განაცხადი?", "How is an application assessed?"),
        T(
            "<p>ექსპერტთა გუნდი ჯერ სისრულესა და შესაბამისობას ამოწმებს, შემდეგ კი "
            "აფასებს:</p><ul><li>მონაწილეობის მოტივაციასა და რესურსებს;</li>"
            "<li>მოსალოდნელ გავლენას ადგილობრივ საზოგადოებაზე;</li>"
            "<li>გადაწყვეტილების მიღებას ადგილობრივ დონეზე;</li>"
            "<li>სამოქალაქო ბიუჯეტის განვითარებას და მონაწილეობის მექანიზმების "
            "გამოყენებას.</li></ul>",
            "<p>The expert team first checks completeness and relevance, then assesses:</p>"
            "<ul><li>motivation and resources for taking part;</li>"
            "<li>the expected impact on the local community;</li>"
            "<li>decision-making at local level;</li>"
            "<li>the development of participatory budgeting and the use of participation "
            "mechanisms.</li></ul>",
        ),
    ),
    (
        "decision",
        "decision-criteria",
        T("რა კრიტერიუმებით იღებენ გადაწყვეტილებას?", "Which criteria does the decision use?"),
        T(
            "<ul><li>სამოქალაქო ბიუჯეტის შესაბამისობა სტანდარტებთან;</li>"
            "<li>პროცესში მონაწილეობა, პროექტების წარდგენა და ჩართულობის ხარისხი;</li>"
            "<li>მონაწილეობითი მექანიზმების გამოყენება;</li>"
            "<li>მუნიციპალიტეტის მზაობა და სურვილი, დანერგოს და განავითაროს სამოქალაქო "
            "ბიუჯეტი.</li></ul>",
            "<ul><li>how closely participatory budgeting follows the standards;</li>"
            "<li>participation in the process, project submission and the quality of "
            "engagement;</li>"
            "<li>the use of participatory mechanisms;</li>"
            "<li>the municipality’s readiness and will to introduce and develop "
            "participatory budgeting.</li></ul>",
        ),
    ),
    (
        "decision",
        "who-decides",
        T("ვინ იღებს საბოლოო გადაწყვეტილებას?", "Who takes the final decision?"),
        T(
            "<p>უწყებათაშორისი კონსორციუმი, რომელიც ფონდის ინიციატივით შეიქმნა "
            "საქართველოში სამოქალაქო ბიუჯეტის პროცესის მხარდასაჭერად და "
            "გასაუმჯობესებლად.</p>",
            "<p>An inter-agency consortium, set up on the foundation’s initiative to support "
            "and improve participatory budgeting in Georgia.</p>",
        ),
    ),
    (
        "decision",
        "additional-information",
        T(
            "შეიძლება თუ არა დამატებითი ინფორმაციის მოთხოვნა?",
            "May we be asked for more information?",
        ),
        T(
            "<p>დიახ. საბოლოო გადაწყვეტილების მისაღებად ფონდს შეუძლია განაცხადის "
            "ნებისმიერ საკითხზე დამატებითი ინფორმაცია მოითხოვოს.</p>",
            "<p>Yes. To reach a final decision, the foundation may ask for more information "
            "on any point of the application.</p>",
        ),
    ),
    (
        "certificate",
        "results",
        T("როდის და როგორ ცხადდება შედეგები?", "When and how are the results announced?"),
        T(
            "<p>შედეგები წინასწარ განსაზღვრულ თარიღზე ცხადდება და ყველა განმცხადებელი "
            "ელფოსტით იღებს შეტყობინებას. სერტიფიცირებულ მუნიციპალიტეტს სერტიფიკატი "
            "რეკომენდაციებითა და პროგრესის შეფასებით კონფერენციაზე გადაეცემა.</p>",
            "<p>Results are announced on a date set in advance and every applicant is told "
            "by email. A certified municipality receives its certificate, with "
            "recommendations and a progress assessment, at a conference.</p>",
        ),
    ),
    (
        "certificate",
        "apply-again",
        T(
            "სერტიფიკატის მიღების შემდეგ შეგვიძლია ისევ მივიღოთ მონაწილეობა?",
            "Once certified, may we take part again?",
        ),
        T(
            "<p>დიახ. სერტიფიკატი ერთი წლით გაიცემა, ამიტომ მუნიციპალიტეტს შეუძლია "
            "მომდევნო წელს ხელახლა შემოიტანოს განაცხადი. რეკომენდაციების შესრულების "
            "პროგრესი შემდეგ შეფასებაში აისახება.</p>",
            "<p>Yes. A certificate is valid for one year, so the municipality may apply "
            "again the following year. Progress on the recommendations is assessed at "
            "renewal.</p>",
        ),
    ),
    (
        "certificate",
        "contact-a-practitioner",
        T("როგორ დავუკავშირდეთ პრაქტიკოსს?", "How can we contact a practitioner?"),
        T(
            "<p>შეგიძლიათ დაუკავშირდეთ ექსპერტს ან „მონაწილეობის აკადემიის“ "
            "კურსდამთავრებულს, მიიღოთ კონკრეტული პასუხები თქვენს კითხვებზე და გაიგოთ, "
            "როგორ ცვლის მონაწილეობა ადგილობრივ გარემოს საქართველოში. სერტიფიცირებული "
            "მუნიციპალიტეტების წარმომადგენლებიც სიამოვნებით გაგიზიარებენ გამოცდილებას.</p>",
            "<p>You can contact an expert or an alumnus of the “Participation Academy”, get "
            "specific answers to your questions and learn how participation is changing "
            "local life in Georgia. Representatives of certified municipalities are also "
            "glad to share their experience.</p>",
        ),
    ),
]
