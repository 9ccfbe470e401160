"""Georgian for the msgids of the instruction emails and the experts' notice of changed
answers (folded into scripts/ka_strings.py at merge)."""

KA = {
    # models/instructions.py
    "days after confirmation": "დღე დადასტურების შემდეგ",
    "0: sent together with the confirmation; otherwise by the daily jobs, that many days later.": "0 — წერილი დადასტურებასთან ერთად იგზავნება; სხვა რიცხვი — ამდენი დღის შემდეგ, ყოველდღიური ავტომატური დაგზავნით.",
    "subject (Georgian)": "თემა (ქართულად)",
    "text (Georgian)": "ტექსტი (ქართულად)",
    "subject (English)": "თემა (ინგლისურად)",
    "text (English)": "ტექსტი (ინგლისურად)",
    "Empty: applicants who applied in English get the Georgian text.": "თუ ცარიელია, ვინც განაცხადი ინგლისურად შეიტანა, ქართულ ტექსტს მიიღებს.",
    "instruction email": "ინსტრუქციის წერილი",
    "instruction emails": "ინსტრუქციის წერილები",
    # instructions/placeholders.py
    "the municipality's name": "მუნიციპალიტეტის სახელწოდება",
    "the application's number": "განაცხადის ნომერი",
    "the last day to submit the questionnaire (with an extension, if any)": "ანკეტის ჩაბარების ბოლო დღე (გაგრძელებული ვადის გათვალისწინებით)",
    "the private link to the questionnaire": "პირადი ბმული ანკეტაზე",
    "Placeholders: %(placeholders)s.": "ჩასანაცვლებელი ველები: %(placeholders)s.",
    "A brace without its pair. Write a placeholder as {municipality}, and a brace itself as {{ or }}.": "ფრჩხილს წყვილი აკლია. ჩასანაცვლებელი ველი ასე დაწერეთ: {municipality}, თავად ფრჩხილი კი — {{ ან }}.",
    "Unknown placeholder %(unknown)s. The text may use only %(allowed)s.": "უცნობი ჩასანაცვლებელი ველი: %(unknown)s. ტექსტში მხოლოდ ესენი შეიძლება: %(allowed)s.",
    # models/outbox.py
    "questionnaire instructions (to the applicant)": "ანკეტის ინსტრუქცია (განმცხადებელს)",
    "answers changed after a request (to the expert)": "მოთხოვნის შემდეგ შეცვლილი პასუხები (ექსპერტს)",
    # admin/master_data.py
    "Instruction emails after confirmation": "ინსტრუქციის წერილები დადასტურების შემდეგ",
    "Instruction email": "ინსტრუქციის წერილი",
    "Sent to each confirmed applicant once, in the language they applied in, until the questionnaire is submitted.": "თითოეული დადასტურებული განმცხადებელი ერთხელ იღებს, იმ ენაზე, რომელზეც განაცხადი შეიტანა, სანამ ანკეტა ჩაბარებული არ არის.",
    # admin/assignment.html
    "Changed since you reviewed": "შეიცვალა თქვენი შეფასების შემდეგ",
    "The applicant changed these answers after you submitted your review:": "განმცხადებელმა ეს პასუხები თქვენი შეფასების წარდგენის შემდეგ შეცვალა:",
    "The applicant changed these answers after you began your review:": "განმცხადებელმა ეს პასუხები მას შემდეგ შეცვალა, რაც შეფასება დაიწყეთ:",
    # applicant/status.html
    "The certification process has started. The questionnaire is due on %(due)s.": "სერტიფიცირების პროცესი დაიწყო. ანკეტის ჩაბარების ბოლო დღეა %(due)s.",
    "The instructions for filling it in are sent to you by email, in a few short messages.": "ანკეტის შევსების ინსტრუქციას ელფოსტით, რამდენიმე მოკლე წერილით მიიღებთ.",
}
