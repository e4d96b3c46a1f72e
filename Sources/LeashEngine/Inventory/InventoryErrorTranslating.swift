import LeashStore

/// An admin service over the store whose failures reach callers as `InventoryError`s: it gets the
/// translating `read` and `write` once, here, instead of each service repeating them.
protocol InventoryErrorTranslating {
    /// The store the service reads and writes.
    var store: any LeashStore { get }
}

extension InventoryErrorTranslating {
    /// Runs a write transaction, translating store failures into `InventoryError`s.
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        do {
            return try await store.write(body)
        } catch let error as StoreError {
            throw InventoryError.from(error)
        }
    }

    /// Runs a read transaction, translating store failures into `InventoryError`s.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        do {
            return try await store.read(body)
        } catch let error as StoreError {
            throw InventoryError.from(error)
        }
    }
}
