"""Ship the IOM six aims (in use) and the CQC key questions, guiding questions and a glossary."""

from django.db import migrations
from django.utils.text import slugify

from quadrant.language.defaults import CQC_SET, GLOSSARY, GUIDING_QUESTIONS, IOM_SET


def add_defaults(apps, schema_editor):
    domain_sets = apps.get_model("language", "QualityDomainSet")
    domains = apps.get_model("language", "QualityDomain")
    questions = apps.get_model("language", "GuidingQuestion")
    terms = apps.get_model("language", "GlossaryTerm")
    for (name, description, rows), active in ((IOM_SET, True), (CQC_SET, False)):
        domain_set, _ = domain_sets.objects.get_or_create(
            name=name, defaults={"description": description, "builtin": True, "is_active": active}
        )
        for order, (domain, text) in enumerate(rows):
            domains.objects.get_or_create(
                domain_set=domain_set,
                code=slugify(domain),
                defaults={"name": domain, "description": text, "order": order},
            )
    for order, (component, text) in enumerate(GUIDING_QUESTIONS):
        questions.objects.get_or_create(component=component, text=text, defaults={"order": order})
    for term, definition in GLOSSARY:
        terms.objects.get_or_create(term=term, defaults={"definition": definition})


class Migration(migrations.Migration):
    dependencies = [("language", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
