"""pipeline: clean scraped web pages into an audited Parquet corpus."""
import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
