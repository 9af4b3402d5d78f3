"""Paging of the web pages' lists: one Django Paginator page and the query string to build the page links with
(the request's own parameters, the page's one left out; `includes/pagination.html` adds it back)."""

from django.core.paginator import Paginator


def paginate(request, queryset, *, per_page: int, param: str = "page") -> dict:
    """{"page", "param", "query"} for `includes/pagination.html`. A page needs its own `param` when several lists
    on one page are paged independently."""
    query = request.GET.copy()
    query.pop(param, None)
    return {
        "page": Paginator(queryset, per_page).get_page(request.GET.get(param)),
        "param": param,
        "query": query.urlencode(),
    }
