import ArgumentParser
import Core

extension TierID: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
