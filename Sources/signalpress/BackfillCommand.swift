import ArgumentParser
import Build
import Core
import Foundation

struct BackfillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill", abstract: "Publish one edition per trading day, in order, as nightly builds would have; resumable.",
        discussion: Examples.backfill)

    @OptionGroup var projectOptions: ProjectOptions
    @Option(help: "First trading day (YYYY-MM-DD).") var from: Day
    @Option(help: "Last trading day (YYYY-MM-DD); default: the latest day in the data on or before today.") var to: Day?
    @Option(help: "Symbols in flight at once (default: the number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let to, to < from { throw ValidationError("--to \(to) is before --from \(from)") }
        if !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() throws {
        let root = projectOptions.root
        let output = root.appendingPathComponent("site")
        let clock = try projectOptions.clock()
        var options = BuildOptions(root: root, output: output, clock: clock, jobs: jobs, ledger: try projectOptions.ledgerPath(output: output))
        options.afterStep = BuildOptions.killAfterStep(ProcessInfo.processInfo.environment)
        let backfill = Backfill(options: options, from: from, to: to ?? clock.today)
        do {
            let plan = try backfill.plan()
            let todo = plan.days.filter { !plan.done.contains($0) }
            print("\(NumberText.counted(plan.days.count, "trading day")) from \(plan.days.first?.iso ?? from.iso): "
                + "\(plan.done.count) already published, \(todo.count) to build")
            var built = 0
            try backfill.run(plan) { day, summary in
                built += 1
                print("published \(day) (\(built)/\(todo.count + (plan.newest == nil ? 0 : 1))): \(summary.line)")
            }
        } catch { throw CommandError.stopped(.backfill, after: error) }
    }
}
