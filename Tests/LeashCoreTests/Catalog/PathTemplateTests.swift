import Testing

@testable import LeashCore

@Suite("path templates and route table soundness")
struct PathTemplateTests {
    @Test("templates parse into literal, parameter and mixed segments")
    func parses() throws {
        let template = try PathTemplate("/orders/{id}/files/{name}.{format}/caf%C3%A9")
        #expect(template.parameterNames == ["id", "name", "format"])
        #expect(template.segments.map(\.literal) == ["orders", nil, "files", nil, "café"])
        #expect(template.segments[1].isParameter)
        #expect(try PathTemplate("/").segments.map(\.literal) == [""])
        #expect(try PathTemplate("/orders/").segments.map(\.literal) == ["orders", ""])
    }

    @Test(
        "malformed templates are refused with a reason",
        arguments: [
            "orders", "", "/orders/{id", "/orders/id}", "/orders/{}", "/orders/{a}{b}", "/orders/{id}/{id}",
            "/orders//items", "/orders/./items", "/orders/../admin", "/orders?x=1", "/orders#top", "/a%2Fb", "/a%zz",
            "/{a{b}}",
        ])
    func refuses(template: String) {
        #expect(throws: PathTemplateError.self) { try PathTemplate(template) }
    }

    static func operation(_ method: String, _ template: String) -> Operation {
        Operation(
            api: "x", id: "\(method) \(template)", method: method, pathTemplate: template, scope: "x:read",
            sensitivity: .internal, scopeSource: .default)
    }

    @Test(
        "ambiguous templates of one method are problems",
        arguments: [
            ("/orders/{id}", "/orders/{orderId}"),
            ("/reports/{name}.json", "/reports/{name}.{format}"),
            ("/r/{a}-{b}", "/r/{c}.{d}"),  // both can match "x-y.z"
        ])
    func ambiguous(first: String, second: String) {
        let problems = RouteTable.problems(in: [Self.operation("GET", first), Self.operation("GET", second)])
        #expect(problems.count == 1)
        #expect(problems.first?.routes == ["GET \(first)", "GET \(second)"].sorted())
    }

    @Test(
        "overlaps that literal-beats-parameter decides, different methods and disjoint templates are sound",
        arguments: [
            ("/orders/{id}", "/orders/new"),
            ("/orders/{id}/items", "/{kind}/42/items"),
            ("/reports/{name}.pdf", "/reports/{name}.csv"),  // mixed, but never both
            ("/reports/{name}.pdf", "/reports/{name}"),
            ("/orders/{id}", "/orders/{id}/items"),
            ("/orders", "/orders/"),
        ])
    func sound(first: String, second: String) {
        #expect(RouteTable.problems(in: [Self.operation("GET", first), Self.operation("GET", second)]).isEmpty)
        #expect(RouteTable.problems(in: [Self.operation("GET", first), Self.operation("POST", first)]).isEmpty)
    }

    @Test("overlaps decided only by left-to-right precedence are reported; specificity-ordered ones are not")
    func overlaps() {
        let reported = RouteTable.overlaps(in: [Self.operation("GET", "/{entity}/me"), Self.operation("GET", "/books/{id}")])
        #expect(reported.map(\.routes) == [["GET /books/{id}", "GET /{entity}/me"]])
        #expect(reported.first?.message.hasSuffix("so GET /books/{id} wins") == true)
        for (first, second) in [("/orders/{id}", "/orders/new"), ("/a/{x}", "/b/{y}"), ("/a/{x}", "/a/{x}/c")] {
            #expect(RouteTable.overlaps(in: [Self.operation("GET", first), Self.operation("GET", second)]).isEmpty)
        }
        #expect(RouteTable.overlaps(in: [Self.operation("GET", "/{entity}/me"), Self.operation("POST", "/books/{id}")]).isEmpty)
    }

    @Test("an unparseable template is a problem naming its route")
    func unparseable() {
        let problems = RouteTable.problems(in: [Self.operation("GET", "/a/{b")])
        #expect(problems.map(\.routes) == [["GET /a/{b"]])
        #expect(problems.first?.message.contains("unclosed") == true)
    }
}
