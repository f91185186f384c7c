from django.contrib import admin

from backend.flows.models import Flow


@admin.register(Flow)
class FlowAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "updated_at")
