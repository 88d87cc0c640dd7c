"""The API plumbing every app's resources share (/api/v1/, see DESIGN.md, "REST API").

``schema`` (the OpenAPI document), ``serializers`` and ``fields`` (the base of every
record's serializer), ``filters`` (the filter backends and the FilterSet pieces),
``exceptions``, ``pagination``, ``permissions``, ``parsers``, ``auth`` (the token
endpoints), ``views`` (the base viewsets, the plans, the schema and its docs) and ``urls``
(the router: every app's viewsets registered there, once). The apps' own ``api.py``
modules import from here, never from one another (minerals aside, from ``deposits``).
"""
