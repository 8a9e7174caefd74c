@testable import Build
import Core
import Foundation
import Publishing
import Testing

/// A build is a list of named steps over typed values; a failure says which step it was.
@Suite("Build steps")
struct BuildStepTests {
    @Test("a failed build names the step that failed, around the error as data")
    func failureNamesStep() throws {
        let root = Fixtures.project()
        let file = Fixtures.temporaryDirectory("not-a-folder").appendingPathComponent("site")
        try Data("x".utf8).write(to: file)
        let build = Build(options: BuildOptions(root: root, output: file, clock: Fixtures.clock, recordsLedger: false))
        #expect(throws: BuildError.inStep("load", .publishing(.outputNotAFolder(path: file.path)))) { try build.run() }
    }

    @Test("a list of steps out of order fails on the step whose input is missing, naming the step that makes it")
    func outOfOrder() {
        let root = Fixtures.project()
        let build = Build(options: BuildOptions(root: root, output: Fixtures.temporaryDirectory("site"), clock: Fixtures.clock, recordsLedger: false))
        #expect(throws: BuildError.inStep("data", .stepOutOfOrder(needs: "load"))) { try build.run([.loadMarketData]) }
        #expect(throws: BuildError.inStep("index", .stepOutOfOrder(needs: "stream"))) { try build.run([.loadProject, .loadMarketData, .renderIndexPages]) }
    }
}
