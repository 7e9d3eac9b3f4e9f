from django.contrib import admin

from .models import Notice, SmsMessage


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("stored_title",)  # only the rows that carry their words: the others are worded when read
    raw_id_fields = ("recipient",)


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    # The number is shown masked; the admin never edits messages.
    list_display = ("created_at", "masked_phone", "purpose", "status", "attempts", "gateway")
    list_filter = ("status", "purpose", "gateway")
    fields = ("masked_phone", "purpose", "text", "status", "attempts", "error", "provider_id", "created_at", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
