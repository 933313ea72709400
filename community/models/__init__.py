"""The community app's models; import them from here (`from community.models import Topic`)."""

from community.models.decisions import (
    ConsentResponse,
    ConsentRound,
    Poll,
    PollOption,
    PollVote,
)
from community.models.discussion import (
    REACTIONS,
    Bookmark,
    Draft,
    Post,
    PostRevision,
    Reaction,
    ReadState,
    Topic,
    TopicRedirect,
    TopicTag,
)
from community.models.inbound import ReceivedEmail
from community.models.moderation import Flag, ModerationAction
from community.models.notifications import (
    BespreekpuntWatch,
    Notification,
    TopicWatch,
    WatchLevel,
)
from community.models.pages import BespreekpuntIndexPage, BespreekpuntPage
from community.models.profiles import DirectoryTerm, ExpertiseTag, Profile

__all__ = [
    "REACTIONS",
    "BespreekpuntIndexPage",
    "BespreekpuntPage",
    "BespreekpuntWatch",
    "Bookmark",
    "ConsentResponse",
    "ConsentRound",
    "DirectoryTerm",
    "Draft",
    "ExpertiseTag",
    "Flag",
    "ModerationAction",
    "Notification",
    "Poll",
    "PollOption",
    "PollVote",
    "Post",
    "PostRevision",
    "Profile",
    "Reaction",
    "ReceivedEmail",
    "ReadState",
    "Topic",
    "TopicRedirect",
    "TopicTag",
    "TopicWatch",
    "WatchLevel",
]
