"""The region pages' URLs, mounted at /regions/ by config/urls.py."""

from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("", views.region_list, name="region-list"),
    path("<str:code>/", views.region_detail, name="region-detail"),
]
