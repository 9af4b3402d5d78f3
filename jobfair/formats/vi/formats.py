# Additions to Django's Vietnamese formats (FORMAT_MODULE_PATH): Django leaves NUMBER_GROUPING unset for "vi",
# so "108.673" would print as "108673" even where grouping is asked for (floatformat:"g" in the reports).
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1  # Monday
# Dates read dd/mm/yyyy (and dd/mm/yyyy HH:MM) on every Vietnamese page, the admin's included, rather than Django's
# "Ngày d tháng n năm Y" and "d-m-Y". Text date fields are filled and read dd/mm/yyyy; ISO (what a native
# <input type=date> sends) is still read.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]
