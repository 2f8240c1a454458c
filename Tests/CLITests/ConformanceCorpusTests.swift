import Foundation
import Testing
import TestSupport

/// The whole of `../shared/conformance/` (935 executions whose behaviour AWS recorded, the 123
/// JSONata ones included), run through the built binary by the corpus's own `check.py`: no case
/// may regress. The cases
/// that do not match yet are listed here by id, each with its reason; a case that starts to match
/// must leave the list (the test says so), so the list only shrinks.
@Suite struct ConformanceCorpusTests {
    /// Cases whose outcome (status, output, error, cause) does not match AWS's yet.
    static let knownOutcomeMismatches: [String: String] = [
        "express/test_express_sync::test_query_runtime_memory":
            "recorded from an EXPRESS execution (no $$.Execution.RedriveCount); check.py runs every case as STANDARD",
    ]

    /// Cases whose events match but whose previousEventIds do not: AWS changed how it chains a
    /// distributed Map's MapStateExited in November 2024 (it follows MapRunStarted in every
    /// recording since; these older recordings have it follow MapRunSucceeded). The engine does
    /// what AWS does now.
    static let knownIdMismatches: Set<String> = [
        "scenarios/test_base_scenarios::test_map_state_legacy_config_distributed",
        "scenarios/test_base_scenarios::test_map_state_legacy_config_distributed_parameters",
        "scenarios/test_base_scenarios::test_map_state_legacy_config_distributed_item_selector",
        "scenarios/test_base_scenarios::test_map_state_config_distributed_item_selector",
        "scenarios/test_base_scenarios::test_map_state_config_distributed_parameters",
        "scenarios/test_base_scenarios::test_map_state_config_inline_item_selector",
        "scenarios/test_base_scenarios::test_map_state_config_distributed_reentrant",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_values[count_literal]",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_values[percentage_literal]",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_count_path[0]",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_count_path[1]",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_percentage_path[0]",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_percentage_path[1]",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_percentage_path[1.1]",
        "scenarios/test_base_scenarios::test_map_state_tolerated_failure_percentage_path[100]",
        "scenarios/test_base_scenarios::test_map_state_label",
    ]

    static let checker = PizzadashBinary.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/check.py")

    @Test func theCorpusMatchesAWSExceptTheListedCases() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: report) }
        let run = try ChildProcess.run("/usr/bin/env", [
            "python3", Self.checker.path, PizzadashBinary.path, "--strict", "--report", report.path,
        ], timeout: 600)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [[String: Any]],
                                   "check.py wrote no report: \(run.stderr)")
        #expect(results.count == 935, "the corpus has 935 cases")
        var outcomeMismatches: [String: String] = [:]
        var historyMismatches: [(id: String, why: String)] = []
        var idMismatches: Set<String> = []
        for result in results {
            guard let id = result["id"] as? String else { continue }
            let reasons = (result["reasons"] as? [String] ?? []).joined(separator: "; ")
            if result["outcome"] as? Bool != true { outcomeMismatches[id] = reasons }
            for key in ["types", "full", "fields"] where result[key] as? Bool == false { historyMismatches.append((id, "\(key): \(reasons)")) }
            if result["ids"] as? Bool == false { idMismatches.insert(id) }
        }
        let newOutcomes = outcomeMismatches.filter { Self.knownOutcomeMismatches[$0.key] == nil }
        #expect(newOutcomes.isEmpty, "cases that no longer match AWS: \(newOutcomes.sorted { $0.key < $1.key })")
        let fixedOutcomes = Set(Self.knownOutcomeMismatches.keys).subtracting(outcomeMismatches.keys)
        #expect(fixedOutcomes.isEmpty, "these cases match now: take them off knownOutcomeMismatches: \(fixedOutcomes.sorted())")
        let newHistories = historyMismatches.filter { Self.knownOutcomeMismatches[$0.id] == nil }
        #expect(newHistories.isEmpty, "recorded histories that no longer match: \(newHistories.map { "\($0.id) \($0.why)" })")
        #expect(idMismatches.subtracting(Self.knownIdMismatches).isEmpty,
                "previousEventIds that no longer match: \(idMismatches.subtracting(Self.knownIdMismatches).sorted())")
        #expect(Self.knownIdMismatches.subtracting(idMismatches).isEmpty,
                "these ids match now: take them off knownIdMismatches: \(Self.knownIdMismatches.subtracting(idMismatches).sorted())")
    }
}
