"""经验交流: the list (listing), one post with its likes, comments and review (post), and the
branch admin's editor (editor)."""
