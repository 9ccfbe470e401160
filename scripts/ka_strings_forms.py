"""Georgian for the strings of the forms topic (error summary, labels): folded into
ka_strings.py at merge."""

KA = {
    "Your application was not sent": "განაცხადი არ გაიგზავნა",
    "Please check the following:": "გთხოვთ, შეამოწმოთ შემდეგი:",
    "Comment on “%(criterion)s”": "კომენტარი კრიტერიუმზე „%(criterion)s“",
}
