"""Event-driven review items over a real `leash serve`: an API re-imported with a new DELETE (docs/reviews.md)."""

from __future__ import annotations

API = "review-demo"


def document(delete: bool = False) -> dict:
    """An OpenAPI 3.1 document (JSON) for `/things/{id}`: GET, and DELETE when asked."""
    item = {"get": {"operationId": "getThing", "x-leash-scope": f"{API}:read"}}
    if delete:
        item["delete"] = {"operationId": "deleteThing", "x-leash-scope": f"{API}:write",
                          "x-leash-sensitivity": "confidential"}
    item["post"] = {"operationId": "changeThing", "x-leash-scope": f"{API}:write"}
    return {"openapi": "3.1.0", "info": {"title": "Review demo", "version": "1"}, "paths": {"/things/{id}": item}}


def test_reimport_with_a_new_delete_opens_a_review_item_that_reduce_closes(estate):
    admin = estate.admin
    before = len(admin.checked)
    admin.call("POST", f"/v1/apis/{API}/import?audience=https://{API}.example.com&owner=platform-team",
               expect=201, json=document(), template="/v1/apis/{name}/import")
    admin.create_identity("review-writer")
    grant = admin.grant("review-writer", API, f"{API}:write")
    # The same document again widens nothing.
    admin.call("POST", f"/v1/apis/{API}/import", expect=200, json=document(), template="/v1/apis/{name}/import")
    opened = [item for item in admin.call("GET", "/v1/reviews?status=open", expect=200, template="/v1/reviews")["items"]
              if item.get("api") == API]
    assert opened == []

    admin.call("POST", f"/v1/apis/{API}/import", expect=200, json=document(True), template="/v1/apis/{name}/import")
    opened = [item for item in admin.call("GET", "/v1/reviews?status=open", expect=200, template="/v1/reviews")["items"]
              if item.get("api") == API]
    assert len(opened) == 1, opened
    item = opened[0]
    assert item["trigger"] == "api-changed"
    assert item["identityId"] == "review-writer"
    assert item["operations"] == ["DELETE /things/{id}"]
    assert item["grantIds"] == [grant["id"]]
    assert "identityID" not in item and "grantIDs" not in item and "grantID" not in item
    assert "deleteThing" in item["summary"]

    closed = admin.call("POST", f"/v1/reviews/{item['id']}/reduce", expect=200, template="/v1/reviews/{id}/reduce")
    assert closed["status"] == "reduced"
    grants = admin.call("GET", "/v1/grants?identityId=review-writer", expect=200, template="/v1/grants")
    assert grant["id"] not in [g["id"] for g in grants["items"]]
    admin.call("POST", f"/v1/reviews/{item['id']}/approve", expect=409, template="/v1/reviews/{id}/approve")
    problems = [problem for _, _, _, problem in admin.checked[before:] if problem]
    assert not problems, "\n".join(problems)
