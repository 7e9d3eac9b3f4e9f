import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Notices keep their kind and parameters and are worded when read; the stored title and text
    stay (same columns) for the rows that carry their words. Learners may turn texts off."""

    dependencies = [
        ("notices", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A rename in the model only: the columns keep their names and their data.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField(model_name="notice", old_name="title", new_name="stored_title"),
                migrations.RenameField(model_name="notice", old_name="body", new_name="stored_body"),
                migrations.AlterField(model_name="notice", name="stored_title",
                                      field=models.CharField(blank=True, db_column="title", max_length=200,
                                                             verbose_name="Title")),
                migrations.AlterField(model_name="notice", name="stored_body",
                                      field=models.TextField(blank=True, db_column="body", verbose_name="Text")),
            ],
        ),
        # Nullable: the rows already here get NULL, "show the stored words" (see 0003).
        migrations.AddField(model_name="notice", name="params",
                            field=models.JSONField(blank=True, null=True, verbose_name="Parameters")),
        migrations.CreateModel(
            name="SmsOptOut",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[
                    ("PAYMENT_RECEIVED", "Payment received"), ("CLAIM_APPROVED", "Equivalent-hours claim approved"),
                    ("CLAIM_REJECTED", "Equivalent-hours claim rejected"),
                    ("COMPLAINT_FILED", "New complaint to handle"), ("COMPLAINT_ACCEPTED", "Complaint accepted"),
                    ("COMPLAINT_RESOLVED", "Complaint resolved"), ("APPLICATION_DECIDED", "Course application decided"),
                    ("APPLICATION_WAITING", "Course application to review"),
                    ("CERTIFICATE_AVAILABLE", "Certificate available"), ("HOURS_CREDITED", "Hours credited"),
                    ("REVIEW_ROUND_OPENED", "Base review round opened"), ("HOURS_REMINDER", "Hours still missing"),
                    ("OTHER", "Other")], max_length=30, verbose_name="Kind")),
                ("created_at", models.DateTimeField(verbose_name="Created at")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="sms_opt_outs",
                                           to=settings.AUTH_USER_MODEL, verbose_name="User")),
            ],
            options={
                "verbose_name": "Text messages turned off",
                "verbose_name_plural": "Text messages turned off",
                "constraints": [models.UniqueConstraint(fields=("user", "kind"), name="sms_opt_out_once")],
            },
        ),
    ]
