"""Georgian translations of the calendars' strings (folded into the catalogue at merge)."""

KA = {
    # the feeds (pbcert_wagtail/calendars.py)
    "%(call)s: %(event)s": "%(call)s: %(event)s",
    "results published": "შედეგები გამოქვეყნდა",
    "Municipality certification: call dates": "მუნიციპალიტეტის სერტიფიცირება: კონკურსის თარიღები",
    "The dates of the calls for municipality certification.": "მუნიციპალიტეტის სერტიფიცირების კონკურსების თარიღები.",
    "%(reference)s: last day to submit the questionnaire": "%(reference)s: ანკეტის ჩაბარების ბოლო დღე",
    "Submit the questionnaire from your application's private link.": "ანკეტა ჩააბარეთ თქვენი განაცხადის პირადი ბმულიდან.",
    "%(reference)s: answer the request for more information": "%(reference)s: უპასუხეთ დამატებითი ინფორმაციის მოთხოვნას",
    "%(report)s: last day to send (certificate %(number)s)": "%(report)s: გაგზავნის ბოლო დღე (სერტიფიკატი %(number)s)",
    "Send your progress report on the recommendations.": "გამოგზავნეთ ანგარიში რეკომენდაციების შესრულების შესახებ.",
    "Certificate %(number)s: last day of validity": "სერტიფიკატი %(number)s: მოქმედების ბოლო დღე",
    "Renew the certificate from your application's private link.": "სერტიფიკატი განაახლეთ თქვენი განაცხადის პირადი ბმულიდან.",
    "%(municipality)s: certification deadlines": "%(municipality)s: სერტიფიცირების ვადები",
    # the links (templates)
    "Add to your calendar": "კალენდარში დამატება",
    "the call dates, as an .ics file": "კონკურსის თარიღები, .ics ფაილად",
    "your deadlines and dates, as an .ics file": "თქვენი ვადები და თარიღები, .ics ფაილად",
}
