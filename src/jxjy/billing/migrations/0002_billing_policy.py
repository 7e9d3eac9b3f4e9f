from decimal import Decimal

from django.db import migrations


def create_policy(apps, schema_editor):
    BillingPolicy = apps.get_model("billing", "BillingPolicy")
    BillingPolicy.objects.get_or_create(pk=1, defaults={
        "budget_min_share": Decimal("0.0150"),
        "budget_rule_source": "陕西省人社厅2020年继续教育通知：用人单位按不低于职工工资总额1.5%提取继续教育经费",
        "tax_free": True,
        "tax_rate": Decimal("0.0300"),
    })


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
