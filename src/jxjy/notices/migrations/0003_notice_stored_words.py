"""Data: the notices written before wording at read time keep their stored Chinese words.

Forwards, every row already here is one of those: its parameters are set to NULL ("show the
stored title and text"), whatever its kind, so it reads exactly as before (it cannot be worded
again: the figures it was written from were never kept). Backwards, the rows worded at read time
get their Chinese words stored, so the code before this change, which shows only stored words,
still shows them.
"""

from django.db import migrations
from django.utils.translation import override

BATCH = 1000


def keep_stored_words(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    # Already NULL after 0002's AddField; said explicitly so that a row can never be worded
    # from parameters it does not have.
    Notice.objects.filter(params__isnull=False, stored_title__gt="").update(params=None)


def store_words(apps, schema_editor):
    from jxjy.notices.wording import notice_words

    Notice = apps.get_model("notices", "Notice")
    last = 0
    with override("zh-hans"):
        while True:
            rows = list(Notice.objects.filter(pk__gt=last, params__isnull=False).order_by("pk")[:BATCH])
            if not rows:
                return
            last = rows[-1].pk
            for row in rows:
                title, body = notice_words(row.kind, row.params, row.stored_title, row.stored_body)
                row.stored_title, row.stored_body = title[:200], body
            Notice.objects.bulk_update(rows, ["stored_title", "stored_body"])


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_notice_params_sms_opt_out")]

    operations = [migrations.RunPython(keep_stored_words, store_words)]
