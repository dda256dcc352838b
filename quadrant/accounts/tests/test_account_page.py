"""The account page: a proper title, and each section once."""

from django.urls import reverse


def test_account_page_has_a_plain_title_and_each_section_once(client_for):
    response = client_for("manager").get(reverse("account"))
    assert response.status_code == 200
    html = response.content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Your account") and "<" not in title
    assert html.count("Password and security") == 1
    assert html.count("Your API tokens") == 1
