"""The Kubernetes deployment on paper, checked: the Helm values validate against the chart's published schema.

Helm validates the chart's own default values merged with ours against the chart's
``values.schema.json``; so does this test, with both files vendored from the chart's
release 4.4.0 (their headers say where from).
"""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
import yaml

from workbook.paths import PROJ_ROOT
from workbook.room.app import hub_settings

KUBERNETES = PROJ_ROOT / "deploy" / "kubernetes"
SCHEMA = json.loads((KUBERNETES / "z2jh-4.4.0-values.schema.json").read_text())
DEFAULTS = yaml.safe_load((KUBERNETES / "z2jh-4.4.0-default-values.yaml").read_text())
OURS = yaml.safe_load((KUBERNETES / "values.yaml").read_text())


def helm_merge(base, override):
    """Merge values as Helm does: maps merge key by key, anything else replaces, null removes.

    Example:
        >>> helm_merge({"a": {"b": 1, "c": 2}, "d": [1]}, {"a": {"c": None, "e": 3}, "d": [2]})
        {'a': {'b': 1, 'e': 3}, 'd': [2]}
    """
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def problems(values) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [
        f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(values)
    ]


def test_the_vendored_schema_says_where_it_comes_from():
    assert "4.4.0" in SCHEMA["$comment"] and "zero-to-jupyterhub-k8s" in SCHEMA["$comment"]
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_the_values_file_validates_against_the_charts_schema():
    assert problems(helm_merge(DEFAULTS, OURS)) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"singleuser": {"defaultURL": "/workbook/"}}, "singleuser"),  # a misspelt key
        ({"cull": {"timeout": "an hour"}}, "cull.timeout"),  # a wrong type
    ],
)
def test_the_check_catches_a_mistake(change, where):
    found = problems(helm_merge(helm_merge(DEFAULTS, OURS), change))
    assert any(problem.startswith(where) for problem in found), found


def test_users_open_on_the_start_page_and_share_the_store_and_the_room():
    singleuser, hub = OURS["singleuser"], OURS["hub"]
    assert singleuser["defaultUrl"] == "/workbook/"  # workbook.extension's redirect to the Start page
    assert singleuser["extraEnv"]["WORKBOOK_DB_URL"]["valueFrom"]["secretKeyRef"]["name"] == "workbook-db"
    assert singleuser["extraEnv"]["WORKBOOK_ROOM_URL"] == "/services/workbook-room/workbook/room/"
    (room,) = hub["extraContainers"]
    env = {item["name"]: item.get("value") for item in room["env"]}
    assert room["command"] == ["workbook", "room"]
    assert hub_settings(env) == {
        "ip": "0.0.0.0", "port": 8867, "prefix": "/services/workbook-room/",
        "pages_url": "/hub/user-redirect/voila/render/",
    }  # fmt: skip
    assert hub["services"]["workbook-room"]["url"] == "http://hub:8867"
    port = {"port": 8867, "targetPort": "workbook-room", "name": "workbook-room"}
    assert port in hub["service"]["extraPorts"]
    assert room["image"] == f"{singleuser['image']['name']}:{singleuser['image']['tag']}"
    assert OURS["cull"]["enabled"] is True


def test_the_image_installs_the_wheel_with_the_charts_jupyterhub_and_roots_servers_at_the_pages():
    dockerfile = (KUBERNETES / "Dockerfile").read_text()
    assert "COPY dist/workbook-*.whl" in dockerfile and "$(workbook pages)" in dockerfile
    assert re.search(r'"jupyterhub==5\.5\.\*"', dockerfile)  # chart 4.4.0 runs JupyterHub 5.5
    assert "jupyterhub/k8s-hub" in DEFAULTS["hub"]["image"]["name"]
