@testable import Cedar

/// An entity type from its `::`-separated text, for tests (`typeName("App::User")`).
func typeName(_ text: String) -> EntityType {
    Name(components: text.split(separator: "::", omittingEmptySubsequences: false).map(String.init))
}
