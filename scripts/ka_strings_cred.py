"""Georgian translations of the cred helper's new strings (signed credentials of
certificates, the revocation status list, the verification page's checks); folded into
scripts/ka_strings.py at merge."""

KA = {
    # models/credentials.py
    "bits": "ბიტები",
    "signed list": "ხელმოწერილი სია",
    "revocation status list": "გაუქმების სტატუსების სია",
    "revocation status lists": "გაუქმების სტატუსების სიები",
    "signed credential": "ხელმოწერილი მოწმობა",
    "signed credentials": "ხელმოწერილი მოწმობები",
    "index in the status list": "ნომერი სტატუსების სიაში",
    # views/verification.py and its template
    "No signed credential yet": "ხელმოწერილი მოწმობა ჯერ არ არის",
    "The signed credential of this certificate is being prepared. Try again in a few minutes.": "ამ სერტიფიკატის ხელმოწერილი მოწმობა მზადდება. სცადეთ რამდენიმე წუთში.",
    "Signed credential": "ხელმოწერილი მოწმობა",
    "This certificate is also a digitally signed credential (Open Badges 3.0). Anyone can check it without trusting this site: these are the checks a verifier makes, made now.": "ეს სერტიფიკატი ციფრული ხელმოწერით დამოწმებული მოწმობაცაა (Open Badges 3.0). მისი შემოწმება ნებისმიერს შეუძლია ამ საიტისადმი ნდობის გარეშე. ქვემოთ მოცემულია შემოწმებები, რომლებსაც შემმოწმებელი ატარებს, ახლახან ჩატარებული.",
    "Every check passed.": "ყველა შემოწმება წარმატებით დასრულდა.",
    "The credential has been revoked.": "მოწმობა გაუქმებულია.",
    "Not every check passed.": "ყველა შემოწმება წარმატებით არ დასრულებულა.",
    "Download the signed credential (JSON)": "ხელმოწერილი მოწმობის ჩამოტვირთვა (JSON)",
}
