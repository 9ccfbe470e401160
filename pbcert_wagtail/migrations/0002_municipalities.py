"""Load Georgia's municipalities.

Source: Organic Law of Georgia "Local Self-Government Code" (2014), Annex 1 (list of
self-governing units) as amended in 2017, when seven self-governing cities were
merged with their communities; the National Statistics Office of Georgia (Geostat)
uses the same list. Sixty-four municipalities: five self-governing cities and
fifty-nine self-governing communities. The municipalities of the Autonomous
Republic of Abkhazia and Akhalgori are listed as Georgian law lists them, but
inactive: they are not under the control of the Georgian government today.

Running it again changes nothing: rows are matched by their code.
"""

from django.db import migrations

CITY, COMMUNITY = "city", "community"

# (code, Georgian name, English name, kind, region, active)
MUNICIPALITIES = [
    ("tbilisi", "თბილისი", "Tbilisi", CITY, "tbilisi", True),
    # Autonomous Republic of Adjara
    ("batumi", "ბათუმი", "Batumi", CITY, "adjara", True),
    ("keda", "ქედა", "Keda", COMMUNITY, "adjara", True),
    ("kobuleti", "ქობულეთი", "Kobuleti", COMMUNITY, "adjara", True),
    ("shuakhevi", "შუახევი", "Shuakhevi", COMMUNITY, "adjara", True),
    ("khelvachauri", "ხელვაჩაური", "Khelvachauri", COMMUNITY, "adjara", True),
    ("khulo", "ხულო", "Khulo", COMMUNITY, "adjara", True),
    # Guria
    ("ozurgeti", "ოზურგეთი", "Ozurgeti", COMMUNITY, "guria", True),
    ("lanchkhuti", "ლანჩხუთი", "Lanchkhuti", COMMUNITY, "guria", True),
    ("chokhatauri", "ჩოხატაური", "Chokhatauri", COMMUNITY, "guria", True),
    # Imereti
    ("kutaisi", "ქუთაისი", "Kutaisi", CITY, "imereti", True),
    ("baghdati", "ბაღდათი", "Baghdati", COMMUNITY, "imereti", True),
    ("vani", "ვანი", "Vani", COMMUNITY, "imereti", True),
    ("zestaponi", "ზესტაფონი", "Zestaponi", COMMUNITY, "imereti", True),
    ("terjola", "თერჯოლა", "Terjola", COMMUNITY, "imereti", True),
    ("samtredia", "სამტრედია", "Samtredia", COMMUNITY, "imereti", True),
    ("sachkhere", "საჩხერე", "Sachkhere", COMMUNITY, "imereti", True),
    ("tkibuli", "ტყიბული", "Tkibuli", COMMUNITY, "imereti", True),
    ("tskaltubo", "წყალტუბო", "Tskaltubo", COMMUNITY, "imereti", True),
    ("chiatura", "ჭიათურა", "Chiatura", COMMUNITY, "imereti", True),
    ("kharagauli", "ხარაგაული", "Kharagauli", COMMUNITY, "imereti", True),
    ("khoni", "ხონი", "Khoni", COMMUNITY, "imereti", True),
    # Kakheti
    ("akhmeta", "ახმეტა", "Akhmeta", COMMUNITY, "kakheti", True),
    ("gurjaani", "გურჯაანი", "Gurjaani", COMMUNITY, "kakheti", True),
    ("dedoplistskaro", "დედოფლისწყარო", "Dedoplistskaro", COMMUNITY, "kakheti", True),
    ("telavi", "თელავი", "Telavi", COMMUNITY, "kakheti", True),
    ("lagodekhi", "ლაგოდეხი", "Lagodekhi", COMMUNITY, "kakheti", True),
    ("sagarejo", "საგარეჯო", "Sagarejo", COMMUNITY, "kakheti", True),
    ("sighnaghi", "სიღნაღი", "Sighnaghi", COMMUNITY, "kakheti", True),
    ("kvareli", "ყვარელი", "Kvareli", COMMUNITY, "kakheti", True),
    # Mtskheta-Mtianeti
    ("dusheti", "დუშეთი", "Dusheti", COMMUNITY, "mtskheta_mtianeti", True),
    ("tianeti", "თიანეთი", "Tianeti", COMMUNITY, "mtskheta_mtianeti", True),
    ("mtskheta", "მცხეთა", "Mtskheta", COMMUNITY, "mtskheta_mtianeti", True),
    ("kazbegi", "ყაზბეგი", "Kazbegi", COMMUNITY, "mtskheta_mtianeti", True),
    ("akhalgori", "ახალგორი", "Akhalgori", COMMUNITY, "mtskheta_mtianeti", False),
    # Racha-Lechkhumi and Kvemo Svaneti
    ("ambrolauri", "ამბროლაური", "Ambrolauri", COMMUNITY, "racha_lechkhumi", True),
    ("lentekhi", "ლენტეხი", "Lentekhi", COMMUNITY, "racha_lechkhumi", True),
    ("oni", "ონი", "Oni", COMMUNITY, "racha_lechkhumi", True),
    ("tsageri", "ცაგერი", "Tsageri", COMMUNITY, "racha_lechkhumi", True),
    # Samegrelo-Zemo Svaneti
    ("poti", "ფოთი", "Poti", CITY, "samegrelo", True),
    ("abasha", "აბაშა", "Abasha", COMMUNITY, "samegrelo", True),
    ("zugdidi", "ზუგდიდი", "Zugdidi", COMMUNITY, "samegrelo", True),
    ("martvili", "მარტვილი", "Martvili", COMMUNITY, "samegrelo", True),
    ("mestia", "მესტია", "Mestia", COMMUNITY, "samegrelo", True),
    ("senaki", "სენაკი", "Senaki", COMMUNITY, "samegrelo", True),
    ("chkhorotsku", "ჩხოროწყუ", "Chkhorotsku", COMMUNITY, "samegrelo", True),
    ("tsalenjikha", "წალენჯიხა", "Tsalenjikha", COMMUNITY, "samegrelo", True),
    ("khobi", "ხობი", "Khobi", COMMUNITY, "samegrelo", True),
    # Samtskhe-Javakheti
    ("adigeni", "ადიგენი", "Adigeni", COMMUNITY, "samtskhe_javakheti", True),
    ("aspindza", "ასპინძა", "Aspindza", COMMUNITY, "samtskhe_javakheti", True),
    ("akhalkalaki", "ახალქალაქი", "Akhalkalaki", COMMUNITY, "samtskhe_javakheti", True),
    ("akhaltsikhe", "ახალციხე", "Akhaltsikhe", COMMUNITY, "samtskhe_javakheti", True),
    ("borjomi", "ბორჯომი", "Borjomi", COMMUNITY, "samtskhe_javakheti", True),
    ("ninotsminda", "ნინოწმინდა", "Ninotsminda", COMMUNITY, "samtskhe_javakheti", True),
    # Kvemo Kartli
    ("rustavi", "რუსთავი", "Rustavi", CITY, "kvemo_kartli", True),
    ("bolnisi", "ბოლნისი", "Bolnisi", COMMUNITY, "kvemo_kartli", True),
    ("gardabani", "გარდაბანი", "Gardabani", COMMUNITY, "kvemo_kartli", True),
    ("dmanisi", "დმანისი", "Dmanisi", COMMUNITY, "kvemo_kartli", True),
    ("tetritskaro", "თეთრიწყარო", "Tetritskaro", COMMUNITY, "kvemo_kartli", True),
    ("marneuli", "მარნეული", "Marneuli", COMMUNITY, "kvemo_kartli", True),
    ("tsalka", "წალკა", "Tsalka", COMMUNITY, "kvemo_kartli", True),
    # Shida Kartli
    ("gori", "გორი", "Gori", COMMUNITY, "shida_kartli", True),
    ("kaspi", "კასპი", "Kaspi", COMMUNITY, "shida_kartli", True),
    ("kareli", "ქარელი", "Kareli", COMMUNITY, "shida_kartli", True),
    ("khashuri", "ხაშური", "Khashuri", COMMUNITY, "shida_kartli", True),
    # Autonomous Republic of Abkhazia (occupied)
    ("gagra", "გაგრა", "Gagra", COMMUNITY, "abkhazia", False),
    ("gudauta", "გუდაუთა", "Gudauta", COMMUNITY, "abkhazia", False),
    ("sukhumi", "სოხუმი", "Sukhumi", COMMUNITY, "abkhazia", False),
    ("gulripshi", "გულრიფში", "Gulripshi", COMMUNITY, "abkhazia", False),
    ("ochamchire", "ოჩამჩირე", "Ochamchire", COMMUNITY, "abkhazia", False),
    ("tkvarcheli", "ტყვარჩელი", "Tkvarcheli", COMMUNITY, "abkhazia", False),
    ("gali", "გალი", "Gali", COMMUNITY, "abkhazia", False),
]


def load(apps, schema_editor):
    Municipality = apps.get_model("pbcert", "Municipality")
    for code, name_ka, name_en, kind, region, active in MUNICIPALITIES:
        Municipality.objects.get_or_create(
            code=code,
            defaults={
                "name_ka": name_ka,
                "name_en": name_en,
                "kind": kind,
                "region": region,
                "active": active,
            },
        )


def unload(apps, schema_editor):
    Municipality = apps.get_model("pbcert", "Municipality")
    Municipality.objects.filter(
        code__in=[row[0] for row in MUNICIPALITIES], applications__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("pbcert", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
