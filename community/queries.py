"""Small query helpers that keep pages at a fixed number of queries."""

from django.db.models import Aggregate, CharField

from community.models import Post, Topic


class ConcatNames(Aggregate):
    """Comma-joined values of a column: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def bespreekpunten_written_in(user_id: int) -> set[int]:
    """The bespreekpunten where the member started a topic or wrote a post: the pages that
    show their name (two small DISTINCT queries)."""
    started = Topic.objects.filter(author_id=user_id).values_list("bespreekpunt_id", flat=True)
    posted = Post.objects.filter(author_id=user_id).values_list("topic__bespreekpunt_id", flat=True)
    return set(started.distinct()) | set(posted.distinct())
