"""先锋模范: 心愿树 (visitors may browse it), 微捐赠 and 随手拍 in tabs, with the branch admin's 待审核
queue; the detail of an item; posting (with an image by path for 随手拍); and the upper org's
审核记录 (anti-farming audit). One module per screen; `actions` holds the transitions two screens
share.

The server decides every transition: the keys act on the actions it lists for each item. Members'
posts and transitions go through the outbox (they work offline); the admin's go straight.
"""
