"""Metadata field rules shared by the stages that set them: people's names out of author strings
(``authors``), the headline out of a page's title sources (``titles``), dates with their precision
(``dates``) and language tags (``languages``). Pure functions over strings; the stages record
each value they set with ``set_meta`` and the rule's name."""
