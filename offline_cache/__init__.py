"""Local files of the terminal client: where they live and how they are written. No Textual."""

from offline_cache.files import atomic_write_text, client_data_dir

__all__ = ["atomic_write_text", "client_data_dir"]
