"""Schemathesis fuzzes every GET endpoint in-process (WSGI) against the schema: no 5xx.

Positive cases fit the schema (ids up to 2⁶³ − 1, the bounds it documents); negative
cases break it on purpose (ids beyond 2⁶³ − 1 or below 1, fractions, text for numbers)
and must be answered with a documented 4xx, never a 500.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 12


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_get_endpoints_never_answer_with_a_server_error(plan, served_schema, mode):
    schema = served_schema
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    # A list and a detail for each of the 16 resources (12 registers and targets, evaluations,
    # plan sections, plan statements, block placements), an evaluation's report, the summary
    # and the two conformance reviews (mining rights, blocks).
    assert len(operations) == 36
    queries = []
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
            queries.append((case.operation.path, dict(case.query or {})))
            # In-process (WSGI) schemathesis asks for gzip like any HTTP client but does not
            # unpack it; the compression itself is tested in tests/api/test_fast_paths.py.
            response = case.call(headers={"Accept-Encoding": "identity"})
            assert response.status_code < 500, (case.path, case.query, response.text[:500])
            case.validate_response(
                response,
                checks=[
                    not_a_server_error,
                    response_schema_conformance,
                    status_code_conformance,
                ],
            )

        try:
            check()
        except Unsatisfiable:
            # Negative mode: an operation whose schema leaves nothing to break.
            assert mode == GenerationMode.NEGATIVE, operation.path
    if mode == GenerationMode.NEGATIVE:
        # The id filters were given values no id can have.
        broken = [
            query.get("indicator") for path, query in queries if path == "/api/v1/indicator-values/"
        ]
        assert any(
            not isinstance(value, int) or not 1 <= value < 2**63
            for value in broken
            if value is not None
        ), broken
