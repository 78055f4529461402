"""gov_disclosure: China's government information-disclosure annual reports as typed data."""

__version__ = "0.1.0"
