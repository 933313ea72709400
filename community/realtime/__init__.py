"""Real-time discussion over Channels: consumers, the after-commit broadcaster and presence.

Group names and message types are documented in `community.realtime.groups` and
`community.realtime.protocol`; other apps send to a member's own channel through
`community.realtime.broadcast.send_to_member`.
"""
