"""Schemathesis fuzzes every write operation (POST, PUT, PATCH, DELETE) with a superuser's
token, in-process: whatever the body, the answer is never a 5xx, and its status is one the
operation documents.

A superuser may write everything, so every case reaches validation and the database (the
test's transaction rolls all of it back). Bounded examples per operation keep it quick.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

EXAMPLES_PER_OPERATION = 8
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_write_endpoints_never_answer_with_a_server_error(plan, superuser, served_schema, mode):
    _instance, token = AuthToken.objects.create(user=superuser)
    headers = {"Authorization": f"Token {token}"}
    schema = served_schema
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().method.upper() in WRITE_METHODS
    ]
    assert operations, "the schema documents no write operation"
    failures = []
    undocumented = []
    calls = []
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            response = case.call(headers=headers)
            calls.append((case.method, response.status_code))
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.body, response.text[:300]))
            try:
                case.validate_response(
                    response, checks=[not_a_server_error, status_code_conformance]
                )
            except AssertionError as error:
                undocumented.append(
                    (case.method, case.formatted_path, response.status_code, str(error)[:200])
                )
                raise

        try:
            check()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE, operation.path
        except AssertionError:
            pass  # recorded in failures, reported below with every operation at once
    assert not failures, failures
    # Every status a write answers with is one its operation documents.
    assert not undocumented, undocumented
    # Every operation was called, and some writes got through validation.
    assert {method for method, _status in calls} == set(WRITE_METHODS), calls
    if mode == GenerationMode.POSITIVE:
        assert any(status < 300 for _method, status in calls), calls
