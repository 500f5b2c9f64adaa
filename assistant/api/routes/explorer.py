"""The plan explorer's pages: /acties (with CSV and XLSX), /acties/{id}, /tijdlijn and /organisaties."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from assistant.answer_models import ActionCard
from assistant.api.dependencies import PlanDep
from assistant.api.explorer.browse import name_notices, plan_words, sort_links
from assistant.api.explorer.controls import build_controls, parse_filters
from assistant.api.explorer.export import to_csv, to_xlsx
from assistant.api.explorer.organisations import all_organisations, find_organisation, organisation_view
from assistant.api.explorer.pages import NO_CACHE, PageRoute, render
from assistant.api.explorer.rows import Plan, action_href, organisation_href
from assistant.api.explorer.timeline import build_timeline, grid_css
from assistant.question import ActionFilters
from assistant.question.organisation_names import read_names
from foundation.errors import ActionNotFound, InvalidRequest, OrganisationNotFound
from plan_model.records import normalise_action_id, short_title

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _filtered(request: Request) -> tuple[ActionFilters, str | None]:
    """The query's filters, or no filters and the Dutch message saying what is wrong with them."""
    try:
        return parse_filters(request.query_params), None
    except InvalidRequest as exc:
        return ActionFilters(), exc.user_message


def _canonical(request: Request, filters: ActionFilters) -> Response | None:
    """A redirect to the view's one address (a form sends every field, also the empty ones)."""
    query = filters.as_query()
    if request.url.query == query:
        return None
    return RedirectResponse(request.url.path + ("?" + query if query else ""), status_code=303)


@router.get("/acties")
def actions_page(request: Request, plan: PlanDep) -> Response:
    """The action browser: a table of the actions passing the filters, with the filter form and counts."""
    filters, error = _filtered(request)
    if error is None and (redirect := _canonical(request, filters)) is not None:
        return redirect
    return render(
        request,
        "actions.html",
        422 if error else 200,
        rows=plan.rows(filters),
        total=len(plan.document.actions),
        controls=build_controls(filters, plan),
        filters=filters,
        query=filters.as_query(),
        described=filters.describe("nl", plan.document),
        error=error,
        today=plan.today,
        sorting=sort_links(filters),
        names=name_notices(read_names(filters, plan.directory), filters),
        plan_words=plan_words(filters.text),
    )


def _download(request: Request, plan: Plan, suffix: str, media_type: str, content: bytes) -> Response:
    name = f"acties-{plan.today.isoformat()}.{suffix}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', **NO_CACHE}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/acties.csv")
def actions_csv(request: Request, plan: PlanDep) -> Response:
    """The action browser's rows as CSV (semicolons, UTF-8 with BOM for Excel)."""
    rows = plan.rows(parse_filters(request.query_params))
    return _download(request, plan, "csv", "text/csv; charset=utf-8", to_csv(rows))


@router.get("/acties.xlsx")
def actions_xlsx(request: Request, plan: PlanDep) -> Response:
    """The action browser's rows as an Excel workbook."""
    rows = plan.rows(parse_filters(request.query_params))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(request, plan, "xlsx", xlsx, to_xlsx(rows))


@router.get("/acties/{action_id}")
def action_page(request: Request, action_id: str, plan: PlanDep) -> Response:
    """An action's own page: the whole card, its cross-references as links, where it stands in the plan."""
    key = normalise_action_id(action_id)
    record = plan.document.action(key) if key else None
    if record is None and key and (gone := plan.removed(key)) is not None and plan.earlier is not None:
        # An action the update removed keeps a page: which version removed it, and what it was.
        return render(
            request,
            "action_removed.html",
            410,
            card=ActionCard.from_record(gone, plan.earlier),
            removed_in=plan.document.version_label(beside=plan.earlier),
            earlier=plan.earlier.version_label(beside=plan.document),
        )
    if record is None:
        raise ActionNotFound.asked(action_id, key)
    if record.id != action_id:
        return RedirectResponse(action_href(record.id), status_code=301)
    row = plan.row(record)
    siblings = [a for a in plan.document.actions if a.objective == record.objective]
    return render(
        request,
        "action.html",
        row=row,
        card=row.card,
        # The page shows the whole action below; its heading is the first clause, not cut short.
        heading=short_title(record.action, limit=240),
        known_ids={a.id for a in plan.document.actions},
        organisations=[o for o in (plan.directory.get(n) for n in row.card.initiators + row.card.partners) if o],
        siblings=siblings,
        domain_query=ActionFilters.model_validate({"domain": (record.domain,)}).as_query(),
        objective_query=ActionFilters.model_validate({"objective": (record.objective,)}).as_query(),
    )


@router.get("/tijdlijn")
def timeline_page(request: Request, plan: PlanDep) -> Response:
    """The timeline of the actions passing the filters, by quarter, grouped by domain and objective."""
    filters, error = _filtered(request)
    # The timeline has its own order (domain, objective, plan): a sort of the table does not apply.
    filters = filters.without("sort")
    if error is None and (redirect := _canonical(request, filters)) is not None:
        return redirect
    titles = {o.id: o.title for o in plan.document.objectives}
    timeline = build_timeline(plan.rows(filters), titles, plan.today)
    return render(
        request,
        "timeline.html",
        422 if error else 200,
        timeline=timeline,
        query=filters.as_query(),
        described=filters.describe("nl", plan.document),
        error=error,
        today=plan.today,
    )


@router.get("/tijdlijn.css")
def timeline_css() -> Response:
    """The grid classes that place the timeline's bars (no inline styles under the page's CSP)."""
    return Response(grid_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/organisaties")
def organisations_page(request: Request, plan: PlanDep) -> Response:
    """Every organisation of the alias table with how many actions it leads and joins."""
    return render(request, "organisations.html", views=all_organisations(plan))


@router.get("/organisaties/{name}")
def organisation_page(request: Request, name: str, plan: PlanDep) -> Response:
    """One organisation: its actions as trekker and as partner, its groups and members."""
    organisation = find_organisation(name, plan)
    if organisation is None:
        shown = name if len(name) <= 60 else name[:60] + "…"
        raise OrganisationNotFound(f"unknown organisation {name!r}", user_message=f"'{shown}' staat niet in de lijst.")
    if organisation.name != name:
        return RedirectResponse(organisation_href(organisation.name), status_code=301)
    return render(request, "organisation.html", view=organisation_view(organisation, plan))
