"""Root URLs: the admin and, per app, one API router under the version prefix."""
from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
