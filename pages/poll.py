"""The class poll: the teacher's live view (with the token in the link) or a student's answer page."""

from gdviz.app import state
from gdviz.app.sections import poll

state.show_link_warnings()
poll.page()
