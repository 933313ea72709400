"""Search backends over the search document table: the database (default) and Elasticsearch.

Both take a `Criteria` and return a `ResultPage`, so the view does not care which one answered.
"""
