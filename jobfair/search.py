"""Accent-insensitive search in the database: the SQL twin of jobfair.text.fold_for_search, for columns that have
no stored folded copy (a job seeker's name)."""

from django.db.models import CharField, Func

_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_PLAIN = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
FOLD_FROM = _LOWER + _LOWER.upper()
FOLD_TO = _PLAIN + _PLAIN


class Folded(Func):
    """Lower case without Vietnamese diacritics, đ as d: Folded("full_name") contains fold_for_search("Lê Thị")
    ("le thi"). Every accented letter is mapped before LOWER, so the result does not depend on the database's
    locale (PostgreSQL's LOWER under the C locale, like SQLite's, only lowers ASCII)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(TRANSLATE({sql}, %s, %s))", [*params, FOLD_FROM, FOLD_TO]

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        for accented, plain in zip(FOLD_FROM, FOLD_TO, strict=True):
            sql = f"REPLACE({sql}, %s, %s)"
            params += [accented, plain]
        return f"LOWER({sql})", params
