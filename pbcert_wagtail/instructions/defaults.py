"""The series every new call starts with (staff then edit it on the call's screen): how
to fill in the questionnaire, right away; what to prepare, three days later; the deadline,
a week later. Written in both languages, placeholders as in placeholders.py."""

from collections import namedtuple

Email = namedtuple("Email", "days subject_ka subject_en body_ka body_en")

HOW_TO = Email(
    0,
    "როგორ შეავსოთ ანკეტა ({reference})",
    "How to fill in the questionnaire ({reference})",
    """გამარჯობა,

ეს პირველია რამდენიმე მოკლე წერილიდან, რომლებითაც მუნიციპალიტეტის „{municipality}“ ანკეტის შევსების ინსტრუქციას გიგზავნით.

ანკეტა იხსნება თქვენი პირადი ბმულით:
{link}

როგორ შეავსოთ:
- ანკეტის ერთ ჯერზე შევსება აუცილებელი არ არის: ღილაკი „შენახვა და მოგვიანებით გაგრძელება“ პასუხებს ინახავს, იმავე ბმულით კი მათთან ნებისმიერ დროს დაბრუნდებით.
- ვარსკვლავით (*) მონიშნულ კითხვებს ჩაბარებამდე აუცილებლად უნდა უპასუხოთ.
- ცხრილში (სამოქმედო გეგმა, პარტნიორები…) ყოველი ახალი რიგისთვის დააჭირეთ ღილაკს „რიგის დამატება“.
- ფაილი დაურთეთ იმ კითხვას, რომელსაც ეხება; ფორმაზე წერია, რა ტიპისა და ზომის ფაილები მიიღება.
- როცა ყველაფერი მზად იქნება, ბოლოში დააჭირეთ ღილაკს „ანკეტის ჩაბარება“. ამის შემდეგ პასუხებს ვეღარ შეცვლით.

ანკეტის ჩაბარების ბოლო დღეა {deadline}.

ბმული სხვას ნუ გაუზიარებთ: ვისაც ეს ბმული აქვს, თქვენს განაცხადს გახსნის.""",
    """Hello,

This is the first of a few short emails with the instructions for the questionnaire of {municipality}.

The questionnaire opens through your private link:
{link}

How to fill it in:
- You need not do it at one sitting: "Save and continue later" keeps your answers, and the same link brings you back to them at any time.
- Questions marked with * must be answered before you can submit.
- In a table (the activity plan, partners…) press "Add a row" for each further row.
- Attach each file to the question it belongs to; the form says which kinds and sizes of file it takes.
- When everything is ready, press "Submit the questionnaire" at the end. After that the answers can no longer be changed.

The last day to submit the questionnaire is {deadline}.

Keep the link to yourself: whoever has it can open your application.""",
)

WHAT_TO_PREPARE = Email(
    3,
    "რა მოამზადოთ ანკეტისთვის ({reference})",
    "What to prepare for the questionnaire ({reference})",
    """გამარჯობა,

თუ ამ მასალას წინასწარ მოამზადებთ, მუნიციპალიტეტის „{municipality}“ ანკეტას უფრო სწრაფად შეავსებთ. ანკეტაში დაგჭირდებათ:

- საკრებულოს დადგენილება ან სხვა აქტი, რომელიც მუნიციპალიტეტში სამოქალაქო ბიუჯეტს არეგულირებს;
- სამოქალაქო ბიუჯეტის ეტაპები, როგორც მათ სტანდარტები აღწერს, თარიღებით;
- ბოლო ციკლის მონაცემები: ბიუჯეტის წილი, წარდგენილი და განხორციელებული პროექტები, მონაწილეთა რაოდენობა;
- მონაწილეობის მექანიზმები, რომლებსაც მუნიციპალიტეტი იყენებს, და როგორ იგებენ მათ შესახებ მოქალაქეები;
- მომავალი წლის სამოქმედო გეგმა და პარტნიორები, რომლებთანაც თანამშრომლობთ;
- დამადასტურებელი მასალა: შეხვედრების ოქმები, ანგარიშები, ფოტოები ან ბმულები პუბლიკაციებზე (ფაილები PDF, Word, Excel, OpenDocument, JPEG ან PNG ფორმატში).

თუ რამე ჯერ არ გაქვთ, უპასუხეთ იმას, რაც შეგიძლიათ, შეინახეთ და დანარჩენი მოგვიანებით დაამატეთ. ანკეტასთან დაკავშირებული კითხვა თუ გაქვთ, უპასუხეთ ამ წერილს.

თქვენი ანკეტა: {link}
ჩაბარების ბოლო დღე: {deadline}""",
    """Hello,

Gathering these before you write makes the questionnaire of {municipality} quicker to fill in. It asks for:

- the council's (Sakrebulo's) decision or other act that governs participatory budgeting in the municipality;
- the stages of your participatory budgeting as the standards describe them, with their dates;
- figures of the latest cycle: the share of the budget, projects submitted and implemented, the number of participants;
- the participation mechanisms the municipality uses, and how residents learn about them;
- the activity plan for the coming year and the partners you work with;
- evidence: minutes of meetings, reports, photographs or links to publications (files in PDF, Word, Excel, OpenDocument, JPEG or PNG).

If something is not at hand yet, answer what you can, save, and add the rest later. A question about the questionnaire? Reply to this email.

Your questionnaire: {link}
Last day to submit it: {deadline}""",
)

DEADLINE = Email(
    7,
    "ანკეტის ჩაბარების ბოლო დღე: {deadline} ({reference})",
    "The questionnaire is due on {deadline} ({reference})",
    """გამარჯობა,

რამდენიმე სიტყვა მუნიციპალიტეტის „{municipality}“ ანკეტის ვადაზე: ჩაბარების ბოლო დღეა {deadline}.

- ანკეტის ჩაბარება ამ დღის ბოლომდეა შესაძლებელი; შემდეგ ფორმა ჩაბარებას აღარ მიიღებს, თუმცა შენახული პასუხები არ დაიკარგება.
- თუ მეტი დრო გჭირდებათ, მოგვწერეთ ვადის გასვლამდე: თქვენი განაცხადისთვის ვადის გაგრძელება შეგვიძლია, ახალ თარიღს კი ელფოსტით შეგატყობინებთ.
- სანამ ანკეტა ჩაბარებული არ არის, ვადის მოახლოებისას შეხსენებებს მიიღებთ.
- ჩაბარების შემდეგ ექსპერტთა გუნდი შეამოწმებს, სრულია თუ არა განაცხადი; თუ დამატებითი ინფორმაცია დასჭირდებათ, ელფოსტით მოგწერენ და პასუხის ვადასაც მიუთითებენ.

თქვენი ანკეტა: {link}""",
    """Hello,

A word on the deadline of the questionnaire of {municipality}: the last day to submit it is {deadline}.

- The questionnaire can be submitted until the end of that day; after it the form no longer takes a submission, though your saved answers are kept.
- If you need more time, write to us before the deadline: we can extend it for your application and will tell you the new date by email.
- While the questionnaire is not submitted, reminders come as the deadline draws near.
- After you submit, the expert team checks that the application is complete; if they need more, they ask by email, with a date to answer by.

Your questionnaire: {link}""",
)

SERIES = [HOW_TO, WHAT_TO_PREPARE, DEADLINE]


def add_default_series(call, model=None):
    """Give `call` the default series unless it has instruction emails already. `model`:
    the InstructionEmail class (a migration passes its historical one)."""
    if model is None:
        from ..models import InstructionEmail as model
    if model.objects.filter(call_id=call.pk).exists():
        return []
    return model.objects.bulk_create(
        model(
            call_id=call.pk,
            sort_order=order,
            days_after_confirmation=email.days,
            subject_ka=email.subject_ka,
            subject_en=email.subject_en,
            body_ka=email.body_ka,
            body_en=email.body_en,
        )
        for order, email in enumerate(SERIES)
    )


def give_new_call_the_series(sender, instance, created, raw=False, **kwargs):
    """post_save of a call: a new call starts with the default series (not one loaded
    from a fixture, which brings its own)."""
    if created and not raw:
        add_default_series(instance)
