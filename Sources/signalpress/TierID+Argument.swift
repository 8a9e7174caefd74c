import ArgumentParser
import Core
import MarketData

extension TierID: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
