"""Create English translations through wagtail-localize, as an editor would.

Instead of copying a page and editing the copy (which the next Sync overwrites),
we make a translation source, store a translated segment for every source
segment, and let wagtail-localize build the target with `save_target`.
"""

from wagtail_localize.models import (
    String,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def string_segments(instance):
    return [s for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def translate(source_instance, translated_instance, target_locale, user=None):
    """Translate `source_instance` into `target_locale`.

    `translated_instance` is an unsaved copy of the source with every translatable
    field in the target language and the same structure (same block ids). Returns
    the wagtail-localize Translation.
    """
    source, _created = TranslationSource.get_or_create_from_instance(source_instance)
    originals = string_segments(source_instance)
    translations = string_segments(translated_instance)
    if [s.path for s in originals] != [s.path for s in translations]:
        raise ValueError(
            f"The translation of {source_instance!r} does not have the source's structure."
        )
    contexts = {
        context.path: context
        for context in TranslationContext.objects.filter(object_id=source.object_id)
    }
    for original, translated in zip(originals, translations, strict=True):
        string = String.from_value(source.locale, original.string)
        StringTranslation.objects.update_or_create(
            translation_of=string,
            locale=target_locale,
            context=contexts[original.path],
            defaults={"data": translated.string.data},
        )
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=target_locale, defaults={"enabled": True}
    )
    translation.save_target(user=user, publish=True)
    return translation
