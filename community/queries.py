"""Small query helpers that keep pages at a fixed number of queries."""

from django.db.models import Aggregate, CharField


class ConcatNames(Aggregate):
    """Comma-joined values of a column: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)
