"""Which environment variables count as secrets: names are read by their parts, so a socket path
(``SSH_AUTH_SOCK``) or a keyboard setting (``KEYBOARD_LAYOUT``) is not taken for a key."""

from __future__ import annotations

import pytest

from edukit.widgets._secrets import find_secret, secret_env_values

VALUE = "a-long-enough-value-42"

NAMES = [
    ("OPENAI_API_KEY", True),
    ("GITHUB_TOKEN", True),
    ("DB_PASSWORD", True),
    ("AUTH_TOKEN", True),
    ("MISTRAL_APIKEY", True),
    ("AWS_SECRET_ACCESS_KEY", True),
    ("SMTP_PASSWD", True),
    ("GOOGLE_CREDENTIALS", True),
    ("HTTP_AUTH", True),
    ("hf_token", True),
    ("SSH_AUTH_SOCK", False),
    ("KEYBOARD_LAYOUT", False),
    ("XAUTHORITY", False),
    ("MONKEY_MODE", False),
    ("TOKENIZERS_PARALLELISM", False),
    ("AUTHOR_NAME", False),
    ("PATH", False),
]


@pytest.mark.parametrize(("name", "secret"), NAMES)
def test_a_name_is_secret_by_its_parts(name: str, secret: bool) -> None:
    assert (name in secret_env_values({name: VALUE})) is secret


def test_the_value_of_a_socket_path_may_appear_in_state() -> None:
    socket = "/tmp/ssh-XXXXabcd/agent.12345"
    assert find_secret({"note": socket}, environ={"SSH_AUTH_SOCK": socket}) is None
    assert find_secret({"note": VALUE}, environ={"AUTH_TOKEN": VALUE}) == (
        "the value of the environment variable AUTH_TOKEN"
    )
