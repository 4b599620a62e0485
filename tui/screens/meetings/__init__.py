"""在线用标: the meeting list (a review queue for the upper org), the 会议时间轴 of one meeting
with the steps the server says the user may take now, the create form, the attendee picker and
the record editor; 会议通知 for members, with feedback in two keys through the outbox. One module
per screen; `steps` holds the workflow steps two screens share.

Every rule is the server's: the timeline, its wait reasons and the list of possible actions
come from it, and the keys shown are those of the actions it lists.
"""
