import Foundation
import LeashCore
import LeashEngine
import LeashStore

/// The demo estate's route tables: one OpenAPI document per demo API (Resources/DemoAPIs, also at
/// examples/openapi), imported through the catalog service like `leash api import` would.
enum DemoCatalog {
    /// Imports `<api>.yaml` for each API into the existing demo APIs; returns how many operations each got.
    static func importDocuments(for apis: [String], store: any LeashStore, actor: String) async throws -> [String: Int] {
        let catalog = CatalogService(store: store)
        var counts: [String: Int] = [:]
        for api in apis {
            guard let url = Bundle.module.url(forResource: api, withExtension: "yaml", subdirectory: "DemoAPIs") else {
                throw CLIError("the demo's OpenAPI document for \(api) is missing from the build")
            }
            let result = try await catalog.importOpenAPI(
                api: api, document: try Data(contentsOf: url), format: .yaml, actor: actor)
            counts[api] = result.operations.count
        }
        return counts
    }
}
