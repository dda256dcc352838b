from django.urls import path

from quadrant.assurance.standards.views import coverage, frameworks, imports, mapping, standards

app_name = "assurance"

urlpatterns = [
    path("standards/", frameworks.framework_list, name="frameworks"),
    path("standards/coverage/", coverage.coverage, name="coverage"),
    path("standards/import/", imports.framework_import, name="framework_import"),
    path("standards/frameworks/<slug:code>/", frameworks.framework_detail, name="framework"),
    path(
        "standards/frameworks/<slug:code>/mapping/",
        mapping.framework_mapping,
        name="framework_mapping",
    ),
    path("standards/<int:pk>/", standards.standard_detail, name="standard"),
    path("standards/<int:pk>/map/", standards.standard_map, name="standard_map"),
    path(
        "standards/evidence/<int:pk>/withdraw/",
        standards.evidence_withdraw,
        name="evidence_withdraw",
    ),
]
