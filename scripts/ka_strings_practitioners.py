"""Georgian translations of the practitioner directory, the contact relay and the shared
address confirmation (issue 20; folded into the .po file at merge)."""

KA = {
    # community/confirmation.py
    "email": "ელფოსტა",
    "language": "ენა",
    "created": "შექმნილია",
    "confirmation sent": "დადასტურების თხოვნა გაიგზავნა",
    "address confirmed": "მისამართი დადასტურებულია",
    "Thank you: your address is confirmed.": "გმადლობთ: თქვენი მისამართი დადასტურებულია.",
    "address confirmation (to a visitor of a community form)": "მისამართის დადასტურება (საიტის ფორმის შემვსებს)",
    "a visitor's message (to a practitioner)": "სტუმრის წერილი (პრაქტიკოსს)",
    "Confirm your address": "დაადასტურეთ თქვენი მისამართი",
    "This link is not valid: it may be mistyped or older than seven days. Please send the form again to get a new link.": "ეს ბმული არ მოქმედებს: შესაძლოა, შეცდომითაა აკრეფილი ან შვიდ დღეზე ძველია. ახალი ბმულის მისაღებად ფორმა ხელახლა გამოგზავნეთ.",
    "You are confirming:": "თქვენ ადასტურებთ:",
    "Nothing is sent until you press the button.": "სანამ ღილაკს არ დააჭერთ, არაფერი გაიგზავნება.",
    "Yes, confirm my address": "დიახ, ვადასტურებ ჩემს მისამართს",
}
