# Additions to Django's Vietnamese formats (FORMAT_MODULE_PATH): Django leaves NUMBER_GROUPING unset for "vi",
# so "108.673" would print as "108673" even where grouping is asked for (floatformat:"g" in the reports).
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1  # Monday
