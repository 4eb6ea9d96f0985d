from __future__ import annotations

from typing import Any

import pytest

from cong.i18n.translation import translate_page


@pytest.fixture
def english_home(seed_article: Any, home: Any) -> Any:
    """The seed article's portal with an English home page under /en/."""
    return translate_page(home, "en", title="Home", slug="home", intro="Welcome")


@pytest.fixture
def translated_category(english_home: Any, seed_article: Any) -> tuple[Any, Any]:
    """The seed article's category (Vietnamese) and its English translation."""
    category = seed_article.get_parent().specific
    return category, translate_page(category, "en", title="Current affairs", slug="current-affairs")
