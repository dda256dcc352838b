from django.db import migrations


class Migration(migrations.Migration):
    """The board assurance framework and controlled documents were built side by side."""

    dependencies = [
        ("assurance", "0016_board_assurance_framework"),
        ("assurance", "0016_controlled_documents"),
    ]

    operations = []
