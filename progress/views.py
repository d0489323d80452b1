from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


dashboard = mark_step_view = step_notes = set_plan_view = delete_evidence = _todo
