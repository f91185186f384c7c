from django.contrib import admin

from backend.runs.models import Run, Step


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ("position", "node_id", "block", "status", "duration_ms")
    readonly_fields = fields


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("id", "flow", "status", "created_at")
    list_filter = ("status",)
    inlines = (StepInline,)
