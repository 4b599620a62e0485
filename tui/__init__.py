"""党建学习终端: the Textual client."""
