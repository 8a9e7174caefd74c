import Project
import Publishing
import Tiers

extension LeakCheck {
    /// The default theme's words and SignalPress's labels: never taken for a symbol.
    public static let defaultVocabulary = vocabulary(themeFiles: Theme.defaults.files.values)
}
